import { Button, Center, Group, Paper, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth, useCurrentUser } from './auth-context';

/** Until an admin activates the account, this is all there is; it checks again every few seconds. */
export function InactiveAccount() {
  const { t } = useTranslation(['auth', 'common']);
  const { refresh, signOut } = useAuth();
  const user = useCurrentUser();
  useEffect(() => {
    const timer = setInterval(() => void refresh(), 5_000);
    return () => clearInterval(timer);
  }, [refresh]);
  return (
    <Center mih="80vh" p="md">
      <Paper withBorder shadow="sm" p="xl" maw={520}>
        <Title order={1} size="h2" mb="md">
          {t('inactive.title')}
        </Title>
        <Text mb="lg">{t('inactive.body', { email: user.email ?? '' })}</Text>
        <Group>
          <Button onClick={() => void refresh()}>{t('inactive.check')}</Button>
          <Button variant="default" onClick={() => void signOut()}>
            {t('common:nav.signOut')}
          </Button>
        </Group>
      </Paper>
    </Center>
  );
}
