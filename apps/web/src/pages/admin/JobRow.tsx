import type { AdminJobDto, UserDto } from '@app/contracts';
import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../../auth/auth-context';
import { adminApi, useAdminMutation } from './admin-api';
import { useAdminFormat } from './format';
import { JobStatusBadge } from './JobStatusBadge';

const REQUEUEABLE: TranscriptionStatus[] = [TranscriptionStatus.Failed, TranscriptionStatus.Cancelled];
const CANCELLABLE: TranscriptionStatus[] = [TranscriptionStatus.Pending, TranscriptionStatus.Processing];

/** One job of any user. Its transcript page opens only for the admin's own jobs (others' answer 404 there). */
export function JobRow({ job, owner, onProblem }: { job: AdminJobDto; owner?: UserDto; onProblem: (message: string) => void }) {
  const { t } = useTranslation(['admin', 'common']);
  const format = useAdminFormat();
  const me = useCurrentUser();
  const own = job.user_id === me.id;
  const explain = (error: Error) => onProblem(t('jobs.failed', { file: job.file_name, message: error.message }));
  const requeue = useAdminMutation(() => adminApi.requeue(job), { onError: explain });
  const cancel = useAdminMutation(() => adminApi.cancel(job), { onError: explain });
  const confirmCancel = () =>
    modals.openConfirmModal({
      title: t('jobs.cancelTitle'),
      children: <Text size="sm">{t('jobs.cancelBody', { file: job.file_name })}</Text>,
      labels: { confirm: t('jobs.cancelConfirm'), cancel: t('jobs.keep') },
      confirmProps: { color: 'red.8' },
      onConfirm: () => cancel.mutate(),
    });
  return (
    <Table.Tr>
      <Table.Td maw={280}>
        {own ? (
          <Anchor component={Link} to={`/transcriptions/${job.id}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {job.file_name}
          </Anchor>
        ) : (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {job.file_name}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff={owner?.email ? undefined : 'monospace'}>
          {owner?.email ?? job.user_id ?? t('jobs.deletedUser')}
        </Text>
      </Table.Td>
      <Table.Td maw={260}>
        <Stack gap={2} align="flex-start">
          <JobStatusBadge status={job.status} />
          {job.status === TranscriptionStatus.Processing && (
            <Text size="xs" c="dimmed">
              {t('jobs.progress', { progress: job.progress, stage: job.runner_stage ? t(`stage.${job.runner_stage}`) : '' })}
            </Text>
          )}
          {job.error_message && (
            <Text size="xs" c="dimmed" lineClamp={2} title={job.error_message}>
              {job.error_message}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{format.dateTime(job.created_at)}</Text>
      </Table.Td>
      <Table.Td>{job.attempts}</Table.Td>
      <Table.Td>
        <Text size="sm">{job.runner_id ?? ''}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap" justify="flex-end">
          {REQUEUEABLE.includes(job.status) && (
            <Button
              size="xs"
              variant="default"
              loading={requeue.isPending}
              onClick={() => requeue.mutate()}
              aria-label={t('jobs.requeueFile', { file: job.file_name })}
            >
              {t('jobs.requeue')}
            </Button>
          )}
          {CANCELLABLE.includes(job.status) && (
            <Button
              size="xs"
              variant="default"
              loading={cancel.isPending}
              onClick={confirmCancel}
              aria-label={t('jobs.cancelFile', { file: job.file_name })}
            >
              {t('jobs.cancel')}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
