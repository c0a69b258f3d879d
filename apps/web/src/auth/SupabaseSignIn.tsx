import { Alert, Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { SupabaseClient } from '@supabase/supabase-js';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Email + password, or a magic link sent by Supabase. */
export function SupabaseSignIn({ supabase }: { supabase: SupabaseClient }) {
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [linkSentTo, setLinkSentTo] = useState<string>();

  const signIn = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const { error: failure } = await supabase.auth.signInWithPassword({ email, password });
    setBusy(false);
    if (failure) setError(failure.message);
  };
  const sendLink = async () => {
    setBusy(true);
    setError(undefined);
    const { error: failure } = await supabase.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: window.location.origin, shouldCreateUser: true },
    });
    setBusy(false);
    if (failure) setError(failure.message);
    else setLinkSentTo(email);
  };

  return (
    <form onSubmit={(event) => void signIn(event)}>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {t('signIn.failed', { message: error })}
          </Alert>
        )}
        {linkSentTo && <Alert color="green">{t('signIn.magicLinkSent', { email: linkSentTo })}</Alert>}
        <TextInput
          label={t('signIn.email')}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <PasswordInput
          label={t('signIn.password')}
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" loading={busy} disabled={!email || !password}>
          {t('signIn.submit')}
        </Button>
        <Divider label={t('signIn.or')} />
        <Button variant="light" onClick={() => void sendLink()} disabled={!email || busy}>
          {t('signIn.magicLink')}
        </Button>
      </Stack>
    </form>
  );
}
