import type { ChannelDto } from '@app/contracts';
import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { useAdminChannels } from './admin-api';
import { ChannelFormModal } from './ChannelFormModal';
import { ChannelMembersModal } from './ChannelMembersModal';
import { ChannelRow } from './ChannelRow';
import { ScrollTable } from './ScrollTable';
import { ProblemAlert } from './ProblemAlert';

/** What the page has open: the form (new or existing channel) or a channel's members. */
type Open = { kind: 'form'; channel?: ChannelDto } | { kind: 'members'; channel: ChannelDto } | undefined;

/** Channels share transcriptions with their members: create, rename, describe, delete, and choose who is in. */
export function ChannelsPage() {
  const { t } = useTranslation('admin');
  const channels = useAdminChannels();
  const [open, setOpen] = useState<Open>();
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => setOpen(undefined);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('channels.title')}</Title>
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setOpen({ kind: 'form' })}>
          {t('channels.create')}
        </Button>
      </Group>
      <ProblemAlert problem={problem} onDismiss={() => setProblem(null)} />
      {channels.isPending ? (
        <PageLoader />
      ) : channels.isError ? (
        <ErrorAlert error={channels.error} />
      ) : channels.data.length === 0 ? (
        <Text>{t('channels.empty')}</Text>
      ) : (
        <ScrollTable label={t('channels.title')} minWidth={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('channels.name')}</Table.Th>
              <Table.Th>{t('channels.description')}</Table.Th>
              <Table.Th>{t('channels.members')}</Table.Th>
              <Table.Th>{t('channels.updated')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('channels.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.data.map((channel) => (
              <ChannelRow
                key={channel.id}
                channel={channel}
                onEdit={() => setOpen({ kind: 'form', channel })}
                onMembers={() => setOpen({ kind: 'members', channel })}
                onProblem={setProblem}
              />
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
      <ChannelFormModal opened={open?.kind === 'form'} channel={open?.channel} onClose={close} />
      {open?.kind === 'members' && <ChannelMembersModal channel={open.channel} onClose={close} />}
    </Stack>
  );
}
