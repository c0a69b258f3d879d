import type { TranscriptionDto } from '@app/contracts';
import { JobKind, TranscriptionStatus } from '@app/contracts/transcription-status';
import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadMenu, type DownloadOption, transcriptDownloads } from './DownloadMenu';
import { SegmentEditor } from './SegmentEditor';
import { SegmentList } from './SegmentList';
import { isRunning } from './transcript-queries';
import classes from './transcript.module.css';
import type { Playback } from './use-playback';
import { useErrorText } from './use-error-text';

function CopyTranscriptButton({ text }: { text: string }) {
  const { t } = useTranslation('transcript');
  const errorText = useErrorText();
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => notifications.show({ color: 'green', message: t('transcript.copied') }),
      (error: unknown) => notifications.show({ color: 'red', title: t('transcript.copyFailed'), message: errorText(error) }),
    );
  return (
    <Button variant="default" leftSection={<IconCopy size={16} aria-hidden />} onClick={() => void copy()}>
      {t('transcript.copy')}
    </Button>
  );
}

/** The signed-in page's transcript: timed segments that seek the player, with copy, downloads and (owner) editing. */
export function TranscriptSection({
  job,
  canEdit,
  playback,
}: {
  job: TranscriptionDto;
  canEdit: boolean;
  playback: Playback | null;
}) {
  const { t } = useTranslation('transcript');
  const [editing, setEditing] = useState(false);
  const base = `/api/transcriptions/${job.id}`;
  const downloads: DownloadOption[] = [
    ...transcriptDownloads(`${base}/download`),
    ...(job.summary ? [{ kind: 'docx' as const, path: `${base}/download-docx` }] : []),
    { kind: 'notebooklm', path: `${base}/download-notebooklm` },
  ];
  const text = job.text ?? job.segments.map((segment) => segment.text.trim()).join(' ');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center" gap="sm">
        <Group gap="sm">
          <Title order={2} size="h3">
            {t('transcript.title')}
          </Title>
          {job.edited_at && (
            <Badge color="gray.7" variant="filled">
              {t('transcript.edited')}
            </Badge>
          )}
        </Group>
        {!editing && job.segments.length > 0 && (
          <Group gap="xs">
            <CopyTranscriptButton text={text} />
            {canEdit && job.status === TranscriptionStatus.Completed && (
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
                {t('edit.start')}
              </Button>
            )}
            <DownloadMenu options={downloads} />
          </Group>
        )}
      </Group>
      {job.segments.length === 0 ? (
        <Text className={classes.muted}>
          {isRunning(job) && job.kind === JobKind.Transcribe
            ? t('transcript.notYet')
            : job.notice === 'no speech detected'
              ? t('transcript.noSpeech')
              : t('transcript.empty')}
        </Text>
      ) : editing ? (
        <SegmentEditor id={job.id} segments={job.segments} onDone={() => setEditing(false)} />
      ) : (
        <SegmentList segments={job.segments} current={playback?.current ?? -1} onSeek={playback?.seek} />
      )}
    </Stack>
  );
}
