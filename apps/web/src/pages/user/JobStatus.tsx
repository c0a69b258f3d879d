import type { TranscriptionListItemDto } from '@app/contracts';
import { JobKind, JobStage, TranscriptionStatus } from '@app/contracts/transcription-status';
import { Badge, type MantineColor, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from './transcriptions.module.css';

// Shades dark enough for white text at badge size (WCAG AA); waiting is the quiet one.
const BADGES: Record<TranscriptionStatus, { color: MantineColor; variant: 'light' | 'filled' }> = {
  [TranscriptionStatus.Pending]: { color: 'gray', variant: 'light' },
  [TranscriptionStatus.Processing]: { color: 'blue.8', variant: 'filled' },
  [TranscriptionStatus.Completed]: { color: 'teal.9', variant: 'filled' },
  [TranscriptionStatus.Failed]: { color: 'red.9', variant: 'filled' },
  [TranscriptionStatus.Cancelled]: { color: 'dark.3', variant: 'filled' },
};

export function isRunning(job: TranscriptionListItemDto): boolean {
  return job.status === TranscriptionStatus.Pending || job.status === TranscriptionStatus.Processing;
}

/** The status as a badge; while it runs, the progress bar and what the runner is doing; a failure's reason. */
export function JobStatus({ job }: { job: TranscriptionListItemDto }) {
  const { t } = useTranslation('transcriptions');
  const stage =
    job.status === TranscriptionStatus.Pending
      ? t(job.kind === JobKind.Summarize ? 'stage.waitingToSummarize' : 'stage.waiting')
      : t(`stage.${job.runner_stage ?? JobStage.Transcribing}`);
  return (
    <Stack gap={4} miw={0} align="flex-start">
      <Badge {...BADGES[job.status]}>{t(`status.${job.status}`)}</Badge>
      {job.status === TranscriptionStatus.Processing && (
        <Progress
          value={job.progress}
          size="sm"
          w="100%"
          animated
          aria-label={t('list.progressLabel', { name: job.file_name })}
        />
      )}
      {isRunning(job) && (
        <Text size="xs" c="dimmed">
          {job.status === TranscriptionStatus.Processing ? t('list.stageWithProgress', { stage, percent: job.progress }) : stage}
        </Text>
      )}
      {job.status === TranscriptionStatus.Failed && job.error_message && (
        <Text size="xs" className={classes.error} lineClamp={3} title={job.error_message}>
          {job.error_message}
        </Text>
      )}
    </Stack>
  );
}
