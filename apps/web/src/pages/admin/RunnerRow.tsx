import type { RunnerStatusDto } from '@app/contracts';
import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAdminFormat } from './format';

export function RunnerRow({ runner }: { runner: RunnerStatusDto }) {
  const { t } = useTranslation('admin');
  const format = useAdminFormat();
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {runner.id}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={runner.is_active ? 'green' : 'gray'} variant="dot">
          {runner.is_active ? t('runners.online') : t('runners.silent')}
        </Badge>
      </Table.Td>
      <Table.Td>{t('runners.capacity', { current: runner.current_jobs, max: runner.max_concurrent_jobs })}</Table.Td>
      <Table.Td>{runner.leased_jobs}</Table.Td>
      <Table.Td>
        {runner.last_ping ? (
          <Text size="sm" component="time" dateTime={runner.last_ping} title={format.dateTime(runner.last_ping)}>
            {format.ago(runner.last_ping)}
          </Text>
        ) : (
          t('runners.never')
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{runner.models.length > 0 ? runner.models.join(', ') : t('runners.modelsNone')}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
