import type { WebConfigDto } from '@app/contracts';
import { Alert, Center, Group, Loader, Paper, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useAuth } from './auth-context';
import { LocalSignIn } from './LocalSignIn';
import { SupabaseSignIn } from './SupabaseSignIn';

export function SignInPage({ config, expired }: { config: WebConfigDto; expired: boolean }) {
  const { t } = useTranslation('auth');
  const { supabase, signInWithToken } = useAuth();
  const local = config.auth_mode === 'local';
  return (
    <Center mih="80vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={440}>
        <Group justify="space-between" align="flex-start" mb="md">
          <Title order={1} size="h2">
            {local ? t('local.title') : t('signIn.title')}
          </Title>
          <LanguageSwitch />
        </Group>
        {expired && (
          <Alert color="yellow" mb="md">
            {t('local.expired')}
          </Alert>
        )}
        {local ? (
          <LocalSignIn onToken={signInWithToken} />
        ) : supabase ? (
          <SupabaseSignIn supabase={supabase} />
        ) : (
          <Loader aria-label="…" />
        )}
      </Paper>
    </Center>
  );
}
