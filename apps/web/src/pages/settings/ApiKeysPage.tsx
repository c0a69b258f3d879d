import type { CreatedApiKeyDto } from '@app/contracts';
import { Alert, Card, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { useApiKeys, useRevokeApiKey } from './api-keys-api';
import { ApiKeyTable } from './ApiKeyTable';
import { CreateApiKeyForm } from './CreateApiKeyForm';
import { NewApiKeyNotice } from './NewApiKeyNotice';

/** /settings/api-keys: make a key (shown once), see and revoke one's keys. */
export default function ApiKeysPage() {
  const { t } = useTranslation('settings');
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1}>{t('apiKeys.title')}</Title>
      <Text c="dimmed">{t('apiKeys.intro')}</Text>
      <Card withBorder padding="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('apiKeys.createTitle')}
          </Title>
          <CreateApiKeyForm onCreated={setCreated} />
        </Stack>
      </Card>
      {created && <NewApiKeyNotice created={created} onDismiss={() => setCreated(null)} />}
      <Title order={2} size="h4">
        {t('apiKeys.listTitle')}
      </Title>
      {revoke.isError && (
        <Alert color="red" role="alert">
          {revoke.error.message}
        </Alert>
      )}
      {keys.isPending ? (
        <PageLoader />
      ) : keys.isError ? (
        <ErrorAlert error={keys.error} />
      ) : keys.data.length === 0 ? (
        <Text>{t('apiKeys.none')}</Text>
      ) : (
        <ApiKeyTable
          keys={keys.data}
          revokingId={revoke.isPending ? revoke.variables.id : null}
          onRevoke={(key) => revoke.mutate(key)}
        />
      )}
    </Stack>
  );
}
