import { Badge, Group, NavLink, VisuallyHidden } from '@mantine/core';
import { IconBroadcast, IconCpu, IconGauge, IconKey, IconListDetails, IconTemplate, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, useLocation } from 'react-router';
import { useAdminUsers } from './admin-api';

/** The admin section's own links; Users carries the number of accounts waiting for activation. */
export function AdminNavigation() {
  const { t } = useTranslation('admin');
  const pathname = useLocation().pathname.replace(/(.)\/+$/, '$1');
  const waiting = useAdminUsers().data?.filter((user) => !user.is_active).length ?? 0;
  const links = [
    { to: '/admin', label: t('nav.dashboard'), icon: IconGauge, end: true },
    { to: '/admin/users', label: t('nav.users'), icon: IconUsers, end: false },
    { to: '/admin/jobs', label: t('nav.jobs'), icon: IconListDetails, end: false },
    { to: '/admin/runners', label: t('nav.runners'), icon: IconCpu, end: false },
    { to: '/admin/channels', label: t('nav.channels'), icon: IconBroadcast, end: false },
    { to: '/admin/api-keys', label: t('nav.apiKeys'), icon: IconKey, end: false },
    { to: '/admin/summary-templates', label: t('nav.summaryTemplates'), icon: IconTemplate, end: false },
  ];
  const isActive = (to: string, end: boolean) => pathname === to || (!end && pathname.startsWith(`${to}/`));
  return (
    <Group component="nav" aria-label={t('nav.label')} gap={4} wrap="wrap">
      {links.map(({ to, label, icon: Icon, end }) => (
        <NavLink
          key={to}
          component={RouterNavLink}
          to={to}
          end={end}
          label={label}
          active={isActive(to, end)}
          leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
          rightSection={
            to === '/admin/users' && waiting > 0 ? (
              <>
                <Badge size="sm" color="orange" autoContrast circle aria-hidden>
                  {waiting}
                </Badge>
                <VisuallyHidden>{t('nav.waiting', { count: waiting })}</VisuallyHidden>
              </>
            ) : undefined
          }
          w="auto"
          noWrap
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        />
      ))}
    </Group>
  );
}
