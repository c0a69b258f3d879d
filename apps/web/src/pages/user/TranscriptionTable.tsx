import type { TranscriptionListItemDto } from '@app/contracts';
import { Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './format';
import { JobActions } from './JobActions';
import { JobCreated, JobDuration, JobName } from './JobFacts';
import { JobStatus } from './JobStatus';
import { SearchMatches } from './SearchMatches';
import classes from './transcriptions.module.css';

interface ListProps {
  items: TranscriptionListItemDto[];
  now: number;
  labelledBy: string;
}

/** Wide screens: one table row per transcription. */
export function TranscriptionTable({ items, now, labelledBy }: ListProps) {
  const { t } = useTranslation('transcriptions');
  return (
    <Table verticalSpacing="sm" highlightOnHover aria-labelledby={labelledBy} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('list.columns.file')}</Table.Th>
          <Table.Th w={220}>{t('list.columns.status')}</Table.Th>
          <Table.Th w={100}>{t('list.columns.duration')}</Table.Th>
          <Table.Th w={150}>{t('list.columns.created')}</Table.Th>
          <Table.Th w={140}>{t('list.columns.actions')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((job) => (
          <Table.Tr key={job.id}>
            <Table.Td>
              <Stack gap={4} miw={0}>
                <JobName job={job} />
                <SearchMatches job={job} />
              </Stack>
            </Table.Td>
            <Table.Td>
              <JobStatus job={job} />
            </Table.Td>
            <Table.Td>
              <JobDuration job={job} />
            </Table.Td>
            <Table.Td>
              <JobCreated job={job} now={now} />
            </Table.Td>
            <Table.Td>{job.is_personal ? <JobActions job={job} /> : <ReadOnly />}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Phones: one card per transcription, everything stacked (no sideways scrolling). */
export function TranscriptionCards({ items, now, labelledBy }: ListProps) {
  const { t } = useTranslation('transcriptions');
  return (
    <Stack component="ul" gap="sm" aria-labelledby={labelledBy} className={classes.plainList}>
      {items.map((job) => (
        <Paper component="li" key={job.id} withBorder p="sm">
          <Stack gap="xs">
            <JobName job={job} />
            <SearchMatches job={job} />
            <JobStatus job={job} />
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" c="dimmed">
                <JobCreated job={job} now={now} />
                {job.duration_seconds !== null && (
                  <>
                    {' · '}
                    {t('list.audioLength', { duration: formatDuration(job.duration_seconds) })}
                  </>
                )}
              </Text>
              {job.is_personal ? <JobActions job={job} /> : <ReadOnly />}
            </Group>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function ReadOnly() {
  const { t } = useTranslation('transcriptions');
  return (
    <Text size="xs" c="dimmed">
      {t('list.readOnly')}
    </Text>
  );
}
