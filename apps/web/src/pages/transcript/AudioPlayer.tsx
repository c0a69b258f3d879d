import { Paper } from '@mantine/core';
import type { SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Playback } from './use-playback';

/**
 * The browser's own player (keyboard and screen-reader ready), kept in view under the page
 * header while the transcript scrolls, so a click on a segment is heard at once.
 */
export function AudioPlayer({
  src,
  playback,
  onError,
  onLoadedMetadata,
}: {
  src: string;
  playback: Playback;
  onError?: (event: SyntheticEvent<HTMLAudioElement>) => void;
  onLoadedMetadata?: (event: SyntheticEvent<HTMLAudioElement>) => void;
}) {
  const { t } = useTranslation('transcript');
  return (
    <Paper withBorder p="xs" pos="sticky" top="var(--app-shell-header-offset, 0rem)" style={{ zIndex: 2 }} shadow="xs">
      <audio
        src={src}
        controls
        preload="metadata"
        aria-label={t('player.label')}
        style={{ display: 'block', width: '100%' }}
        onError={onError}
        onLoadedMetadata={onLoadedMetadata}
        {...playback.audioProps}
      />
    </Paper>
  );
}
