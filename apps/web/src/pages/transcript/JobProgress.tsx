import type { TranscriptionDto } from '@app/contracts';
import { JobKind, TranscriptionStatus } from '@app/contracts/transcription-status';
import { Group, Paper, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Where a pending or running job is, as the live events report it. */
export function JobProgress({ job }: { job: TranscriptionDto }) {
  const { t } = useTranslation('transcript');
  const stage =
    job.status === TranscriptionStatus.Pending ? t('progress.waiting') : t(`progress.stages.${job.runner_stage ?? 'queued'}`);
  const label = job.kind === JobKind.Summarize ? t('progress.summarizing') : t('progress.transcribing');
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Text fw={600} aria-live="polite">
          {label} — {stage}
        </Text>
        <Text>{t('progress.percent', { percent: Math.round(job.progress) })}</Text>
      </Group>
      <Progress value={job.progress} aria-label={label} animated={job.status === TranscriptionStatus.Processing} size="lg" />
    </Paper>
  );
}
