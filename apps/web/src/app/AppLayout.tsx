import { Anchor, AppShell, Burger, Button, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useAuth, useCurrentUser } from '../auth/auth-context';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageLoader } from '../components/PageLoader';

/** The signed-in frame: header with navigation, language and sign-out; pages below. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { signOut } = useAuth();
  const [opened, { toggle, close }] = useDisclosure(false);
  const links = [
    { to: '/', label: t('nav.transcriptions'), end: true },
    { to: '/settings/api-keys', label: t('nav.apiKeys'), end: false },
    ...(user.is_admin ? [{ to: '/admin', label: t('nav.admin'), end: false }] : []),
  ];
  const navigation = links.map((link) => (
    <Anchor key={link.to} component={NavLink} to={link.to} end={link.end} onClick={close} fw={500}>
      {link.label}
    </Anchor>
  ));
  const signOutButton = (
    <Button size="xs" variant="default" onClick={() => void signOut()}>
      {t('nav.signOut')}
    </Button>
  );
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { desktop: true, mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Anchor component={NavLink} to="/" fw={700} c="inherit" underline="never">
              {t('appName')}
            </Anchor>
            <Group gap="md" visibleFrom="sm" component="nav" aria-label={t('nav.menu')}>
              {navigation}
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap" visibleFrom="sm">
            <LanguageSwitch />
            <Text size="sm" c="dimmed" visibleFrom="md">
              {user.email}
            </Text>
            {signOutButton}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="md">
        {/* On a phone the header has room for the name only: the rest is in the menu, rendered
            only while it is open (closed, it is off screen and must not take focus). */}
        {opened && (
          <Stack>
            <Stack component="nav" aria-label={t('nav.menu')}>
              {navigation}
            </Stack>
            <Text size="sm" c="dimmed">
              {user.email}
            </Text>
            <LanguageSwitch />
            {signOutButton}
          </Stack>
        )}
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
