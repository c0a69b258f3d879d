import { Alert, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { useAdminStats } from './admin-api';
import { DiskUsage } from './DiskUsage';
import { useAdminFormat } from './format';
import { JobsPerHourChart } from './JobsPerHourChart';
import { JobStatusCounts } from './JobStatusCounts';
import { StatCard } from './StatCard';

/** The state of the whole system at a glance; read again every few seconds. */
export function DashboardPage() {
  const { t } = useTranslation('admin');
  const format = useAdminFormat();
  const stats = useAdminStats();
  const none = t('dashboard.none');
  return (
    <Stack gap="lg">
      <Title order={1}>{t('dashboard.title')}</Title>
      {stats.isPending ? (
        <PageLoader />
      ) : stats.isError ? (
        <ErrorAlert error={stats.error} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 3 }} spacing={{ base: 'xs', sm: 'md' }}>
            <StatCard
              label={t('dashboard.queue')}
              value={t('dashboard.queueValue', { count: stats.data.queue_depth })}
              hint={
                stats.data.oldest_pending_age_seconds === null
                  ? t('dashboard.queueEmpty')
                  : t('dashboard.oldestPending', { age: format.duration(stats.data.oldest_pending_age_seconds) })
              }
            />
            <StatCard
              label={t('dashboard.processingTime')}
              value={
                stats.data.mean_processing_time_seconds === null ? none : format.duration(stats.data.mean_processing_time_seconds)
              }
              hint={t('dashboard.processingTimeHint')}
            />
            <StatCard
              label={t('dashboard.realTimeFactor')}
              value={
                stats.data.mean_real_time_factor === null
                  ? none
                  : t('dashboard.realTimeFactorValue', { factor: format.number(stats.data.mean_real_time_factor) })
              }
              hint={t('dashboard.realTimeFactorHint')}
            />
            <StatCard
              label={t('dashboard.lastDay')}
              value={t('dashboard.lastDayValue', {
                completed: format.number(stats.data.completed_last_24h),
                failed: format.number(stats.data.failed_last_24h),
              })}
              hint={t('dashboard.lastDayHint')}
            />
            <StatCard
              label={t('dashboard.runners')}
              value={t('dashboard.runnersValue', { count: stats.data.active_runners })}
              hint={t('dashboard.runnersHint')}
            />
            <StatCard label={t('dashboard.users')} value={format.number(stats.data.users)} />
          </SimpleGrid>
          {stats.data.unroutable.length > 0 && (
            <Alert color="blue" title={t('dashboard.unroutableTitle')}>
              {stats.data.unroutable.map((entry) => (
                <Text key={entry.model} size="sm">
                  {t('dashboard.unroutableItem', { model: entry.model, count: entry.pending_jobs })}
                </Text>
              ))}
            </Alert>
          )}
          <JobStatusCounts counts={stats.data.counts} />
          <JobsPerHourChart hours={stats.data.jobs_per_hour} />
          <DiskUsage disk={stats.data.disk} />
        </>
      )}
    </Stack>
  );
}
