import type { ChannelDto, UserDto } from '@app/contracts';
import { ActionIcon, Button, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { type SubmitEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { adminApi, useAdminChannel, useAdminMutation, useAdminUsers } from './admin-api';
import { ProblemAlert } from './ProblemAlert';

/** Who is in a channel: add anyone from the users list, remove members. */
export function ChannelMembersModal({ channel, onClose }: { channel: ChannelDto; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const detail = useAdminChannel(channel.id);
  const users = useAdminUsers();
  const [chosen, setChosen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const onError = (error: Error) => setProblem(error.message);
  const add = useAdminMutation((userId: string) => adminApi.addMember(channel.id, userId), {
    onSuccess: () => setChosen(null),
    onError,
  });
  const remove = useAdminMutation((user: UserDto) => adminApi.removeMember(channel.id, user.id), { onError });
  const memberIds = new Set(detail.data?.members.map((member) => member.id));
  const candidates = (users.data ?? []).filter((user) => !memberIds.has(user.id));
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (chosen) add.mutate(chosen);
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('channels.membersTitle', { name: channel.name })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('channels.closeDialog') }}
    >
      <Stack>
        <ProblemAlert problem={problem} onDismiss={() => setProblem(null)} />
        <form onSubmit={submit}>
          <Group align="flex-end" gap="sm">
            <Select
              label={t('channels.addMember')}
              placeholder={t('channels.pickUser')}
              data={candidates.map((user) => ({ value: user.id, label: user.email ?? user.id }))}
              value={chosen}
              onChange={setChosen}
              searchable
              nothingFoundMessage={t('noSuchUser')}
              flex={1}
              miw={200}
              comboboxProps={{ withinPortal: true }}
            />
            <Button type="submit" disabled={!chosen} loading={add.isPending}>
              {t('channels.add')}
            </Button>
          </Group>
        </form>
        {detail.isPending ? (
          <PageLoader />
        ) : detail.isError ? (
          <ErrorAlert error={detail.error} />
        ) : detail.data.members.length === 0 ? (
          <Text c="dimmed">{t('channels.noMembers')}</Text>
        ) : (
          <Table>
            <Table.Tbody>
              {detail.data.members.map((member) => (
                <Table.Tr key={member.id}>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {member.email ?? member.id}
                    </Text>
                    {member.full_name && (
                      <Text size="xs" c="dimmed">
                        {member.full_name}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td w={48}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      loading={remove.isPending && remove.variables.id === member.id}
                      onClick={() => remove.mutate(member)}
                      aria-label={t('channels.removeMember', { email: member.email ?? member.id })}
                    >
                      <IconUserMinus size={18} aria-hidden />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Modal>
  );
}
