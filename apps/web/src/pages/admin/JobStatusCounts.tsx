import type { StatsDto } from '@app/contracts';
import { Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAdminFormat } from './format';
import { JobStatusBadge } from './JobStatusBadge';

/** How many jobs are in each status; each count opens the jobs page filtered to it. */
export function JobStatusCounts({ counts }: { counts: StatsDto['counts'] }) {
  const { t } = useTranslation('admin');
  const format = useAdminFormat();
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('dashboard.byStatus')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        {Object.values(TranscriptionStatus).map((status) => (
          <Paper
            key={status}
            component={Link}
            to={`/admin/jobs?status=${status}`}
            withBorder
            p="sm"
            radius="md"
            className="admin-card-link"
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <JobStatusBadge status={status} />
              <Text fz="xl" fw={700}>
                {format.number(counts[status])}
              </Text>
            </Group>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
