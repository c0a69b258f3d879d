import type { TranscriptionDto } from '@app/contracts';
import { DataList } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatters } from './format';
import { StatusBadge } from './StatusBadge';

/** What is known about a transcription: status, language, length, times, channels, the options it was made with. */
export function JobDetails({ job }: { job: TranscriptionDto }) {
  const { t } = useTranslation('transcript');
  const format = useFormatters();
  const rows = [
    { label: t('details.status'), value: <StatusBadge status={job.status} /> },
    { label: t('details.language'), value: format.language(job.language) },
    { label: t('details.duration'), value: format.duration(job.duration_seconds) },
    ...(job.speech_seconds !== null ? [{ label: t('details.speech'), value: format.duration(job.speech_seconds) }] : []),
    { label: t('details.created'), value: format.date(job.created_at) },
    ...(job.completed_at ? [{ label: t('details.completed'), value: format.date(job.completed_at) }] : []),
    ...(job.channels.length > 0
      ? [{ label: t('details.channels'), value: job.channels.map((channel) => channel.name).join(', ') }]
      : []),
    ...(job.edited_at ? [{ label: t('details.edited'), value: format.date(job.edited_at) }] : []),
    ...(job.task === 'translate' ? [{ label: t('details.task'), value: t('details.taskTranslate') }] : []),
    ...(job.prompt ? [{ label: t('details.prompt'), value: job.prompt }] : []),
    ...(job.model ? [{ label: t('details.model'), value: job.model }] : []),
    ...(job.temperature !== null ? [{ label: t('details.temperature'), value: String(job.temperature) }] : []),
    ...(job.vad === false ? [{ label: t('details.silence'), value: t('details.silenceKept') }] : []),
    ...(job.summary_instruction ? [{ label: t('details.summaryInstruction'), value: job.summary_instruction }] : []),
  ];
  return (
    <DataList size="sm" labelWidth="8rem" gap="xs">
      {rows.map((row) => (
        <DataList.Item key={row.label}>
          <DataList.ItemLabel>{row.label}</DataList.ItemLabel>
          <DataList.ItemValue>{row.value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
