import type { TranscriptionDto } from '@app/contracts';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/http';
import { useStoreTranscription } from './transcript-queries';
import { useErrorText } from './use-error-text';

/**
 * Why a job failed or was cancelled, in the server's words, with a retry while its audio is kept;
 * or, for a completed job, why its latest summary could not be made.
 */
export function JobProblem({ job, canChange }: { job: TranscriptionDto; canChange: boolean }) {
  const { t } = useTranslation('transcript');
  const errorText = useErrorText();
  const store = useStoreTranscription();
  const retry = useMutation({
    mutationFn: () => request<TranscriptionDto>(`/api/transcriptions/${job.id}/retry`, { method: 'POST' }),
    onSuccess: store,
  });
  const ended = job.status === TranscriptionStatus.Failed || job.status === TranscriptionStatus.Cancelled;
  if (!ended && !(job.status === TranscriptionStatus.Completed && job.error_message)) return null;
  const title = ended
    ? t(`problem.${job.status === TranscriptionStatus.Failed ? 'failed' : 'cancelled'}`)
    : t('problem.summaryFailed');
  return (
    <Alert color={ended ? 'red' : 'yellow'} title={title} role="alert">
      <Stack gap="sm" align="flex-start">
        {job.error_message && <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{job.error_message}</Text>}
        {ended && canChange && job.audio_available && (
          <Button leftSection={<IconRefresh size={16} aria-hidden />} loading={retry.isPending} onClick={() => retry.mutate()}>
            {t('problem.retry')}
          </Button>
        )}
        {ended && !job.audio_available && <Text size="sm">{t('problem.noAudio')}</Text>}
        {retry.isError && (
          <Text size="sm" role="alert">
            {errorText(retry.error)}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
