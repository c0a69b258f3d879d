import { Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { apiKeyState, ApiKeyTable } from '../settings/ApiKeyTable';
import { adminApi, useAdminApiKeys, useAdminMutation } from './admin-api';
import { ProblemAlert } from './ProblemAlert';

/** Every user's API keys, with their owner; any live one can be revoked. */
export function AdminApiKeysPage() {
  const { t } = useTranslation('admin');
  const keys = useAdminApiKeys();
  const [problem, setProblem] = useState<string | null>(null);
  const revoke = useAdminMutation(adminApi.revokeApiKey, { onError: (error) => setProblem(error.message) });
  const [now] = useState(Date.now);
  const live = keys.data?.filter((key) => apiKeyState(key, now) === 'live').length ?? 0;
  return (
    <Stack gap="md">
      <Title order={1}>{t('apiKeys.title')}</Title>
      <ProblemAlert problem={problem} onDismiss={() => setProblem(null)} />
      {keys.isPending ? (
        <PageLoader />
      ) : keys.isError ? (
        <ErrorAlert error={keys.error} />
      ) : (
        <>
          <Text c="dimmed">{t('apiKeys.summary', { count: keys.data.length, live })}</Text>
          <ApiKeyTable
            keys={keys.data}
            showOwner
            revokingId={revoke.isPending ? revoke.variables.id : null}
            onRevoke={(key) => {
              setProblem(null);
              revoke.mutate(key);
            }}
          />
        </>
      )}
    </Stack>
  );
}
