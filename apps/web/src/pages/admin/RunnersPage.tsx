import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { useAdminRunners } from './admin-api';
import { RunnerRow } from './RunnerRow';
import { ScrollTable } from './ScrollTable';

/** The runners as their heartbeats tell: online (heard from within a lease) or silent. */
export function RunnersPage() {
  const { t } = useTranslation('admin');
  const runners = useAdminRunners();
  return (
    <Stack gap="md">
      <Title order={1}>{t('runners.title')}</Title>
      {runners.isPending ? (
        <PageLoader />
      ) : runners.isError ? (
        <ErrorAlert error={runners.error} />
      ) : runners.data.length === 0 ? (
        <Text>{t('runners.empty')}</Text>
      ) : (
        <>
          <Text c="dimmed">
            {t('runners.summary', {
              count: runners.data.length,
              online: runners.data.filter((runner) => runner.is_active).length,
            })}
          </Text>
          <ScrollTable label={t('runners.title')} minWidth={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('runners.id')}</Table.Th>
                <Table.Th>{t('runners.state')}</Table.Th>
                <Table.Th>{t('runners.jobs')}</Table.Th>
                <Table.Th>{t('runners.leased')}</Table.Th>
                <Table.Th>{t('runners.lastSeen')}</Table.Th>
                <Table.Th>{t('runners.models')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runners.data.map((runner) => (
                <RunnerRow key={runner.id} runner={runner} />
              ))}
            </Table.Tbody>
          </ScrollTable>
        </>
      )}
    </Stack>
  );
}
