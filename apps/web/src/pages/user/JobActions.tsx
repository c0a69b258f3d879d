import type { TranscriptionListItemDto } from '@app/contracts';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { ActionIcon, Group, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlayerStop, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../../api/http';
import { transcriptionKeys } from '../../api/transcription-keys';
import { isRunning } from './JobStatus';

type Action = 'cancel' | 'retry' | 'delete';

const CALLS: Record<Action, (id: string) => Promise<unknown>> = {
  cancel: (id) => request(`/api/transcriptions/${id}/cancel`, { method: 'POST' }),
  retry: (id) => request(`/api/transcriptions/${id}/retry`, { method: 'POST' }),
  delete: (id) => request(`/api/transcriptions/${id}`, { method: 'DELETE' }),
};

/** Cancel, retry and delete for one's own transcription (a channel's are read-only); each says how it went. */
export function JobActions({ job }: { job: TranscriptionListItemDto }) {
  const { t } = useTranslation('transcriptions');
  const queryClient = useQueryClient();
  const name = job.file_name;
  const mutation = useMutation({
    mutationFn: (action: Action) => CALLS[action](job.id),
    onSuccess: (_result, action) => {
      notifications.show({ color: 'teal', message: t(`actions.${action}.done`, { name }) });
    },
    onError: (error, action) => {
      const message = error instanceof ApiError ? error.message : t('actions.network');
      notifications.show({ color: 'red', title: t(`actions.${action}.failed`, { name }), message });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: transcriptionKeys.lists() }),
  });

  const confirm = (action: 'cancel' | 'delete') =>
    modals.openConfirmModal({
      title: t(`actions.${action}.confirmTitle`),
      children: <Text size="sm">{t(`actions.${action}.confirmText`, { name })}</Text>,
      labels: { confirm: t(`actions.${action}.confirm`), cancel: t('actions.keep') },
      confirmProps: { color: 'red' },
      onConfirm: () => mutation.mutate(action),
    });

  const button = (action: Action, icon: ReactNode, onClick: () => void, color?: string) => (
    <ActionIcon
      variant="subtle"
      color={color ?? 'gray'}
      size="lg"
      aria-label={t(`actions.${action}.aria`, { name })}
      title={t(`actions.${action}.label`)}
      loading={mutation.isPending && mutation.variables === action}
      disabled={mutation.isPending}
      onClick={onClick}
    >
      {icon}
    </ActionIcon>
  );

  const canRetry =
    (job.status === TranscriptionStatus.Failed || job.status === TranscriptionStatus.Cancelled) && job.audio_available;
  return (
    <Group gap={4} wrap="nowrap">
      {isRunning(job) && button('cancel', <IconPlayerStop size={18} aria-hidden />, () => confirm('cancel'))}
      {canRetry && button('retry', <IconRefresh size={18} aria-hidden />, () => mutation.mutate('retry'))}
      {button('delete', <IconTrash size={18} aria-hidden />, () => confirm('delete'), 'red')}
    </Group>
  );
}
