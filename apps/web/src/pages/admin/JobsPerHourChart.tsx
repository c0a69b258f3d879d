import '@mantine/charts/styles.css';
import type { HourlyJobsDto } from '@app/contracts';
import { BarChart } from '@mantine/charts';
import { Box, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAdminFormat } from './format';

/** In the legend as in the bars: created first, then how jobs ended. */
const SERIES = ['created', 'completed', 'failed'];

/**
 * The last 24 hours, one bar group per hour: jobs created beside those that ended (completed and
 * failed stacked: each job ends once). The drawing is for the eye; a table says the same to a
 * screen reader.
 */
export function JobsPerHourChart({ hours }: { hours: HourlyJobsDto[] }) {
  const { t } = useTranslation('admin');
  const format = useAdminFormat();
  const data = hours.map((hour) => ({ ...hour, label: format.hourOfDay(hour.hour) }));
  const total = (key: 'created' | 'completed' | 'failed') => hours.reduce((sum, hour) => sum + hour[key], 0);
  const caption = t('chart.caption');
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('chart.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('chart.summary', { created: total('created'), completed: total('completed'), failed: total('failed') })}
      </Text>
      <Box aria-hidden>
        <BarChart
          h={240}
          data={data}
          dataKey="label"
          series={[
            { name: 'created', label: t('chart.created'), color: 'blue.6', stackId: 'created' },
            { name: 'completed', label: t('chart.completed'), color: 'teal.6', stackId: 'ended' },
            { name: 'failed', label: t('chart.failed'), color: 'red.6', stackId: 'ended' },
          ]}
          withLegend
          legendProps={{ itemSorter: (item) => (typeof item.dataKey === 'string' ? SERIES.indexOf(item.dataKey) : 0) }}
          accessibilityLayer={false}
          tickLine="y"
          yAxisProps={{ allowDecimals: false, width: 32 }}
          xAxisProps={{ minTickGap: 12 }}
        />
      </Box>
      <VisuallyHidden>
        <Table>
          <caption>{caption}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('chart.hour')}</Table.Th>
              <Table.Th scope="col">{t('chart.created')}</Table.Th>
              <Table.Th scope="col">{t('chart.completed')}</Table.Th>
              <Table.Th scope="col">{t('chart.failed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.map((hour) => (
              <Table.Tr key={hour.hour}>
                <Table.Th scope="row">{format.dateTime(hour.hour)}</Table.Th>
                <Table.Td>{hour.created}</Table.Td>
                <Table.Td>{hour.completed}</Table.Td>
                <Table.Td>{hour.failed}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Stack>
  );
}
