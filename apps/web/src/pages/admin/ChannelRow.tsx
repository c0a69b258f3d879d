import type { ChannelDto } from '@app/contracts';
import { Button, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { adminApi, useAdminMutation } from './admin-api';
import { useAdminFormat } from './format';
import { RowActions } from './RowActions';

export function ChannelRow({
  channel,
  onEdit,
  onMembers,
  onProblem,
}: {
  channel: ChannelDto;
  onEdit: () => void;
  onMembers: () => void;
  onProblem: (message: string) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const format = useAdminFormat();
  const remove = useAdminMutation(() => adminApi.deleteChannel(channel), {
    onError: (error) => onProblem(t('channels.failed', { name: channel.name, message: error.message })),
  });
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('channels.deleteTitle'),
      children: <Text size="sm">{t('channels.deleteBody', { name: channel.name, count: channel.member_count })}</Text>,
      labels: { confirm: t('channels.deleteConfirm'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red.8' },
      onConfirm: () => remove.mutate(),
    });
  return (
    <Table.Tr>
      <Table.Td maw={220}>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {channel.name}
        </Text>
      </Table.Td>
      <Table.Td maw={320}>
        <Text size="sm" c={channel.description ? undefined : 'dimmed'} lineClamp={2}>
          {channel.description ?? t('channels.noDescription')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconUsers size={16} aria-hidden />}
          onClick={onMembers}
          aria-label={t('channels.membersOf', { name: channel.name, count: channel.member_count })}
        >
          {channel.member_count}
        </Button>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{format.dateTime(channel.updated_at)}</Text>
      </Table.Td>
      <Table.Td>
        <RowActions
          editLabel={t('channels.edit', { name: channel.name })}
          deleteLabel={t('channels.delete', { name: channel.name })}
          onEdit={onEdit}
          onDelete={confirmDelete}
          deleting={remove.isPending}
        />
      </Table.Td>
    </Table.Tr>
  );
}
