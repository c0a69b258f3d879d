import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http';

/** What went wrong, as a sentence: the server's own when it gave one. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) =>
    error instanceof ApiError ? error.message : error instanceof TypeError ? t('errors.network') : String(error);
}
