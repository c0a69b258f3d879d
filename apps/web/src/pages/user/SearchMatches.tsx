import type { SearchMatchDto, TranscriptionListItemDto } from '@app/contracts';
import { Stack, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './transcriptions.module.css';

/** The snippet as text pieces, the highlighted ones in <mark> (offsets from the server; never its HTML). */
export function Snippet({ match }: { match: SearchMatchDto }) {
  const pieces: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of match.highlights) {
    if (start < at || end > match.snippet.length || end <= start) continue; // ignore anything malformed
    if (start > at) pieces.push(match.snippet.slice(at, start));
    pieces.push(
      <mark key={start} className={classes.highlight}>
        {match.snippet.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  pieces.push(match.snippet.slice(at));
  return pieces.map((piece, index) => <Fragment key={index}>{piece}</Fragment>);
}

/** Where a search found this transcription: the summary's and transcript's snippets (the name shows itself). */
export function SearchMatches({ job }: { job: TranscriptionListItemDto }) {
  const { t } = useTranslation('transcriptions');
  const shown = (job.matches ?? []).filter((match) => match.field !== 'file_name');
  if (shown.length === 0) return null;
  return (
    <Stack gap={2} miw={0}>
      {shown.map((match) => (
        <Text key={match.field} size="sm" className={classes.snippet}>
          <Text span size="xs" fw={600} c="dimmed" mr={6}>
            {t(`search.fields.${match.field}`)}
          </Text>
          <Snippet match={match} />
        </Text>
      ))}
    </Stack>
  );
}
