import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';

/** A failed load, said plainly: the server's own sentence when it gave one. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError ? error.message : error instanceof TypeError ? t('errors.network') : String(error);
  return (
    <Alert color="red" role="alert">
      {t('errors.loadFailed', { message })}
    </Alert>
  );
}
