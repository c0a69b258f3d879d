import type { UserDto } from '@app/contracts';
import { Group, Pagination, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { useAdminJobs, useAdminUsers } from './admin-api';
import { JobRow } from './JobRow';
import { ScrollTable } from './ScrollTable';
import { ProblemAlert } from './ProblemAlert';

const STATUSES = Object.values(TranscriptionStatus);

function statusFrom(value: string | null): TranscriptionStatus | undefined {
  return STATUSES.find((status) => status === value);
}

/** Every user's jobs, filtered by status and owner; the filters live in the address (links, back button). */
export function JobsPage() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const status = statusFrom(params.get('status'));
  const userId = params.get('user') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const jobs = useAdminJobs({ status, userId, page });
  const users = useAdminUsers();
  const [problem, setProblem] = useState<string | null>(null);
  const usersById = new Map<string, UserDto>(users.data?.map((user) => [user.id, user]));

  /** A new filter starts again at page 1. */
  const setFilter = (name: 'status' | 'user' | 'page', value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      if (name !== 'page') next.delete('page');
      return next;
    });

  return (
    <Stack gap="md">
      <Title order={1}>{t('jobs.title')}</Title>
      <Group align="flex-end" gap="sm">
        <Select
          label={t('jobs.statusFilter')}
          placeholder={t('jobs.allStatuses')}
          data={STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
          value={status ?? null}
          onChange={(value) => setFilter('status', value)}
          clearable
          w={{ base: '100%', xs: 200 }}
        />
        <Select
          label={t('jobs.userFilter')}
          placeholder={t('jobs.allUsers')}
          data={(users.data ?? []).map((user) => ({ value: user.id, label: user.email ?? user.id }))}
          value={userId ?? null}
          onChange={(value) => setFilter('user', value)}
          searchable
          clearable
          nothingFoundMessage={t('noSuchUser')}
          w={{ base: '100%', xs: 280 }}
        />
      </Group>
      <ProblemAlert problem={problem} onDismiss={() => setProblem(null)} />
      {jobs.isPending ? (
        <PageLoader />
      ) : jobs.isError ? (
        <ErrorAlert error={jobs.error} />
      ) : jobs.data.total === 0 ? (
        <Text>{t('jobs.empty')}</Text>
      ) : (
        <>
          <Text c="dimmed" aria-live="polite">
            {t('jobs.summary', { count: jobs.data.total })}
          </Text>
          <ScrollTable label={t('jobs.title')} minWidth={900}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('jobs.file')}</Table.Th>
                <Table.Th>{t('jobs.owner')}</Table.Th>
                <Table.Th>{t('jobs.status')}</Table.Th>
                <Table.Th>{t('jobs.created')}</Table.Th>
                <Table.Th>{t('jobs.attempts')}</Table.Th>
                <Table.Th>{t('jobs.runner')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('jobs.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.items.map((job) => (
                <JobRow
                  key={job.id}
                  job={job}
                  owner={job.user_id ? usersById.get(job.user_id) : undefined}
                  onProblem={setProblem}
                />
              ))}
            </Table.Tbody>
          </ScrollTable>
          {jobs.data.total_pages > 1 && (
            <Pagination
              total={jobs.data.total_pages}
              value={page}
              onChange={(next) => setFilter('page', String(next))}
              getControlProps={(control) => ({ 'aria-label': t(`jobs.pageControl.${control}`) })}
              aria-label={t('jobs.pages')}
            />
          )}
        </>
      )}
    </Stack>
  );
}
