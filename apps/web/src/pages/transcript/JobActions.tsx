import type { TranscriptionDto } from '@app/contracts';
import { Button, Group, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlayerStop, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { request } from '../../api/http';
import { transcriptionKeys } from '../../api/transcription-keys';
import { isRunning, useStoreTranscription } from './transcript-queries';
import { useErrorText } from './use-error-text';

/** The owner's cancel (while it runs) and delete (after a confirmation; then back to the list). */
export function JobActions({ job }: { job: TranscriptionDto }) {
  const { t } = useTranslation('transcript');
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const store = useStoreTranscription();
  const failed = (title: string) => (error: Error) => notifications.show({ color: 'red', title, message: errorText(error) });
  const cancel = useMutation({
    mutationFn: () => request<TranscriptionDto>(`/api/transcriptions/${job.id}/cancel`, { method: 'POST' }),
    onSuccess: store,
    onError: failed(t('actions.cancelFailed')),
  });
  const remove = useMutation({
    mutationFn: () => request<undefined>(`/api/transcriptions/${job.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: transcriptionKeys.detail(job.id) });
      void queryClient.invalidateQueries({ queryKey: transcriptionKeys.lists() });
      notifications.show({ color: 'green', message: t('actions.deleted', { name: job.file_name }) });
      void navigate('/');
    },
    onError: failed(t('actions.deleteFailed')),
  });
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('actions.deleteTitle'),
      children: <Text size="sm">{t('actions.deleteText', { name: job.file_name })}</Text>,
      labels: { confirm: t('actions.delete'), cancel: t('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });
  return (
    <Group gap="xs">
      {isRunning(job) && (
        <Button
          variant="default"
          leftSection={<IconPlayerStop size={16} aria-hidden />}
          loading={cancel.isPending}
          onClick={() => cancel.mutate()}
        >
          {t('actions.cancelJob')}
        </Button>
      )}
      <Button
        variant="outline"
        color="red.9"
        leftSection={<IconTrash size={16} aria-hidden />}
        loading={remove.isPending}
        onClick={confirmDelete}
      >
        {t('actions.delete')}
      </Button>
    </Group>
  );
}
