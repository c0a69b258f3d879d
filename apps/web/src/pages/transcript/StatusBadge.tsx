import { TranscriptionStatus } from '@app/contracts/transcription-status';
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// A coloured dot beside text in the body colour: readable whatever the colour's contrast.
const COLORS: Record<TranscriptionStatus, string> = {
  [TranscriptionStatus.Pending]: 'gray',
  [TranscriptionStatus.Processing]: 'blue',
  [TranscriptionStatus.Completed]: 'green',
  [TranscriptionStatus.Failed]: 'red',
  [TranscriptionStatus.Cancelled]: 'orange',
};

export function StatusBadge({ status }: { status: TranscriptionStatus }) {
  const { t } = useTranslation('transcript');
  return (
    <Badge color={COLORS[status]} variant="dot">
      {t(`status.${status}`)}
    </Badge>
  );
}
