import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What went wrong with the last change, said as a sentence; stays until dismissed or the next change. */
export function ProblemAlert({ problem, onDismiss }: { problem: string | null; onDismiss: () => void }) {
  const { t } = useTranslation('admin');
  if (!problem) return null;
  return (
    <Alert color="red" role="alert" withCloseButton closeButtonLabel={t('dismiss')} onClose={onDismiss}>
      {problem}
    </Alert>
  );
}
