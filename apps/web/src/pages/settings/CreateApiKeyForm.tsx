import type { CreatedApiKeyDto } from '@app/contracts';
import { ApiKeyScope } from '@app/contracts/api-key-scope';
import { Button, Group, NumberInput, Select, TextInput } from '@mantine/core';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../auth/auth-context';
import { useCreateApiKey } from './api-keys-api';

const MAX_NAME_LENGTH = 100;
const MAX_DAYS = 3650;

/** Name, scope (admin only for admins) and an optional expiry in days; reports the new key. */
export function CreateApiKeyForm({ onCreated }: { onCreated: (created: CreatedApiKeyDto) => void }) {
  const { t } = useTranslation('settings');
  const user = useCurrentUser();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>(ApiKeyScope.Read);
  const [days, setDays] = useState<number | string>('');
  const [error, setError] = useState<string | null>(null);
  const create = useCreateApiKey();
  const scopes: ApiKeyScope[] = [ApiKeyScope.Read, ApiKeyScope.Transcribe, ...(user.is_admin ? [ApiKeyScope.Admin] : [])];
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(t('apiKeys.nameRequired'));
      return;
    }
    const body = { name: name.trim(), scope, ...(typeof days === 'number' ? { expires_in_days: days } : {}) };
    create.mutate(body, {
      onSuccess: (created) => {
        setName('');
        setDays('');
        onCreated(created);
      },
      onError: (failure) => setError(failure.message),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label={t('apiKeys.name')}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
          maxLength={MAX_NAME_LENGTH}
          error={error}
          required
          w={{ base: '100%', sm: 240 }}
        />
        <Select
          label={t('apiKeys.scope')}
          value={scope}
          onChange={(value) => value && setScope(value)}
          data={scopes.map((value) => ({ value, label: t(`apiKeys.scopes.${value}`) }))}
          allowDeselect={false}
          description={t(`apiKeys.scopeHelp.${scope}`)}
          w={{ base: '100%', sm: 260 }}
        />
        <NumberInput
          label={t('apiKeys.expiresInDays')}
          description={t('apiKeys.expiresHelp')}
          value={days}
          onChange={setDays}
          min={1}
          max={MAX_DAYS}
          allowDecimal={false}
          w={{ base: '100%', sm: 200 }}
        />
        <Button type="submit" loading={create.isPending} mt={{ base: 0, sm: 25 }}>
          {t('apiKeys.create')}
        </Button>
      </Group>
    </form>
  );
}
