import type { TranscriptionListItemDto } from '@app/contracts';
import { Anchor, Badge, Stack } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatDuration, formatRelative } from './format';
import { Snippet } from './SearchMatches';
import classes from './transcriptions.module.css';

/**
 * The file name (as text, whatever it holds) linking to the transcript, with what a search matched
 * in it highlighted; a channel's transcription says whose.
 */
export function JobName({ job }: { job: TranscriptionListItemDto }) {
  const { t } = useTranslation('transcriptions');
  const match = job.matches?.find((found) => found.field === 'file_name');
  return (
    <Stack gap={4} align="flex-start" miw={0}>
      <Anchor component={Link} to={`/transcriptions/${job.id}`} fw={500} className={classes.fileName}>
        {match?.snippet === job.file_name ? <Snippet match={match} /> : job.file_name}
      </Anchor>
      {!job.is_personal && (
        <Badge variant="outline" color="violet" leftSection={<IconUsersGroup size={12} aria-hidden />} tt="none" maw="100%">
          {t('list.channel', { names: job.channels.map((channel) => channel.name).join(', ') })}
        </Badge>
      )}
    </Stack>
  );
}

export function JobDuration({ job }: { job: TranscriptionListItemDto }) {
  return job.duration_seconds === null ? '—' : formatDuration(job.duration_seconds);
}

/** "5 minutes ago", with the exact time on hover. */
export function JobCreated({ job, now }: { job: TranscriptionListItemDto; now: number }) {
  const { i18n } = useTranslation();
  const created = new Date(job.created_at);
  return (
    <time dateTime={job.created_at} title={formatDateTime(created, i18n.language)}>
      {formatRelative(created, now, i18n.language)}
    </time>
  );
}
