import type { DiskStatsDto } from '@app/contracts';
import { Alert, Badge, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAdminFormat } from './format';

/** The volume that holds the audio: how full it is, and whether uploads are still accepted. */
export function DiskUsage({ disk }: { disk: DiskStatsDto }) {
  const { t } = useTranslation('admin');
  const format = useAdminFormat();
  const usedPercent = disk.total_bytes > 0 ? (disk.used_bytes / disk.total_bytes) * 100 : 0;
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('disk.title')}
      </Title>
      {!disk.accepting_uploads && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('disk.refusingTitle')}>
          {t('disk.refusing', { free: format.bytes(disk.free_bytes), minimum: format.bytes(disk.min_free_bytes) })}
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Group justify="space-between" gap="xs">
            <Text fw={500}>{t('disk.used', { used: format.bytes(disk.used_bytes), total: format.bytes(disk.total_bytes) })}</Text>
            <Badge color={disk.accepting_uploads ? 'green' : 'red'} variant="dot">
              {disk.accepting_uploads ? t('disk.accepting') : t('disk.notAccepting')}
            </Badge>
          </Group>
          <Progress
            value={usedPercent}
            color={disk.accepting_uploads ? 'blue' : 'red'}
            size="lg"
            aria-label={t('disk.usedLabel', { percent: Math.round(usedPercent) })}
          />
          <Text size="sm" c="dimmed">
            {t('disk.details', {
              free: format.bytes(disk.free_bytes),
              audio: format.bytes(disk.audio_bytes),
              minimum: format.bytes(disk.min_free_bytes),
            })}
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
