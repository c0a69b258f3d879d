import type { Segment } from '@app/contracts';
import { useCallback, useRef, useState } from 'react';

// A seek lands a hair before the segment's start in some browsers.
const SEEK_TOLERANCE_SECONDS = 0.05;

/** The index of the segment being heard at `seconds`: the last one that has started. */
export function segmentAt(segments: readonly Segment[], seconds: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (segments[middle]!.start <= seconds + SEEK_TOLERANCE_SECONDS) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * Ties an <audio> element to a transcript's segments: which one is being heard (none until
 * the audio has been played or sought), and seeking to one. Spread `audioProps` on the element.
 */
export function usePlayback(segments: readonly Segment[]) {
  const audioRef = useRef<HTMLAudioElement>(null);
  const [current, setCurrent] = useState(-1);

  const follow = useCallback(() => {
    const audio = audioRef.current;
    if (audio && (!audio.paused || audio.currentTime > 0)) setCurrent(segmentAt(segments, audio.currentTime));
  }, [segments]);

  const seek = useCallback(
    (index: number) => {
      const audio = audioRef.current;
      const segment = segments[index];
      if (!audio || !segment) return;
      audio.currentTime = segment.start;
      setCurrent(index);
      // A refused play (no audio, autoplay rules) leaves the position set; the controls still work.
      audio.play().catch(() => undefined);
    },
    [segments],
  );

  return { current, seek, audioProps: { ref: audioRef, onTimeUpdate: follow, onSeeked: follow, onPlay: follow } };
}

export type Playback = ReturnType<typeof usePlayback>;
