import { Button, Code, PasswordInput, Stack, Text } from '@mantine/core';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Local mode: how to get a sign-in link, and a field to paste a token. */
export function LocalSignIn({ onToken }: { onToken: (token: string) => void }) {
  const { t } = useTranslation('auth');
  const [token, setToken] = useState('');
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (token.trim()) onToken(token);
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <Text>{t('local.explain')}</Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {t('local.command')}
        </Code>
        <Text>{t('local.then', { origin: window.location.origin })}</Text>
        <PasswordInput label={t('local.token')} value={token} onChange={(event) => setToken(event.currentTarget.value)} />
        <Button type="submit" disabled={!token.trim()}>
          {t('local.submit')}
        </Button>
      </Stack>
    </form>
  );
}
