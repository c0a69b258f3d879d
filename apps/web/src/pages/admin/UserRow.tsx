import type { UserDto } from '@app/contracts';
import { ActionIcon, Badge, Group, Switch, Table, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../auth/auth-context';
import { useAdminFormat } from './format';
import type { UserAction } from './use-user-actions';

/** One account: switches for active and admin, and delete (after a confirmation). */
export function UserRow({
  user,
  busy,
  onAction,
}: {
  user: UserDto;
  busy: boolean;
  onAction: (user: UserDto, action: UserAction) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const format = useAdminFormat();
  const me = useCurrentUser();
  const who = user.email ?? user.id;
  const isMe = user.id === me.id;
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('users.deleteTitle'),
      children: <Text size="sm">{t('users.deleteBody', { email: who })}</Text>,
      labels: { confirm: t('users.deleteConfirm'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red.8' },
      onConfirm: () => onAction(user, 'delete'),
    });
  return (
    <Table.Tr bg={user.is_active ? undefined : 'var(--mantine-color-orange-light)'}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={500}>
            {who}
          </Text>
          {!user.is_active && (
            <Badge color="orange" variant="dot" size="sm">
              {t('users.waiting')}
            </Badge>
          )}
          {isMe && (
            <Badge variant="default" size="sm">
              {t('users.you')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Switch
          checked={user.is_active}
          onChange={(event) => onAction(user, event.currentTarget.checked ? 'activate' : 'deactivate')}
          aria-label={t('users.activeFor', { email: who })}
        />
      </Table.Td>
      <Table.Td>
        <Switch
          checked={user.is_admin}
          onChange={(event) => onAction(user, event.currentTarget.checked ? 'grantAdmin' : 'revokeAdmin')}
          aria-label={t('users.adminFor', { email: who })}
        />
      </Table.Td>
      <Table.Td>{user.full_name ?? ''}</Table.Td>
      <Table.Td>{user.activated_at ? format.dateTime(user.activated_at) : t('users.never')}</Table.Td>
      <Table.Td>{format.dateTime(user.created_at)}</Table.Td>
      <Table.Td>
        {!isMe && (
          <Tooltip label={t('users.delete', { email: who })}>
            <ActionIcon
              variant="subtle"
              color="red"
              loading={busy}
              onClick={confirmDelete}
              aria-label={t('users.delete', { email: who })}
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
