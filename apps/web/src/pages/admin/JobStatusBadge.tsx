import { Badge, type MantineColor } from '@mantine/core';
import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<TranscriptionStatus, MantineColor> = {
  [TranscriptionStatus.Pending]: 'yellow',
  [TranscriptionStatus.Processing]: 'blue',
  [TranscriptionStatus.Completed]: 'green',
  [TranscriptionStatus.Failed]: 'red',
  [TranscriptionStatus.Cancelled]: 'gray',
};

export function JobStatusBadge({ status }: { status: TranscriptionStatus }) {
  const { t } = useTranslation('admin');
  return (
    <Badge color={STATUS_COLORS[status]} variant="dot">
      {t(`status.${status}`)}
    </Badge>
  );
}
