import type { Segment } from '@app/contracts';
import { Text, UnstyledButton } from '@mantine/core';
import { type KeyboardEvent, memo, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock } from './format';
import classes from './transcript.module.css';

const SegmentRow = memo(function SegmentRow({
  segment,
  index,
  current,
  focusable,
  onSeek,
  onFocus,
}: {
  segment: Segment;
  index: number;
  current: boolean;
  focusable: boolean;
  onSeek?: (index: number) => void;
  onFocus: (index: number) => void;
}) {
  const content = (
    <>
      <span className={`${classes.time} ${classes.muted}`}>[{formatClock(segment.start)}]</span> {segment.text.trim()}
    </>
  );
  if (!onSeek)
    return (
      <li className={classes.segment} aria-current={current ? 'true' : undefined}>
        {content}
      </li>
    );
  return (
    <li>
      <UnstyledButton
        className={classes.segment}
        data-index={index}
        aria-current={current ? 'true' : undefined}
        tabIndex={focusable ? 0 : -1}
        onClick={() => onSeek(index)}
        onFocus={() => onFocus(index)}
      >
        {content}
      </UnstyledButton>
    </li>
  );
});

const STEPS: Partial<Record<string, (index: number, last: number) => number>> = {
  ArrowDown: (index, last) => Math.min(last, index + 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  Home: () => 0,
  End: (_index, last) => last,
};

/**
 * A transcript as timed segments. With a player (`onSeek`), a segment is a button that plays
 * from its start, and the one being heard is marked. The list is one stop for Tab; the arrow
 * keys, Home and End move between segments, so a long transcript does not trap the keyboard.
 */
export function SegmentList({
  segments,
  current,
  onSeek,
}: {
  segments: readonly Segment[];
  current: number;
  onSeek?: (index: number) => void;
}) {
  const { t } = useTranslation('transcript');
  const hintId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const [focused, setFocused] = useState(0);
  const focusable = Math.min(focused, segments.length - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const step = STEPS[event.key];
    const from = Number((event.target as HTMLElement).dataset.index);
    if (!step || Number.isNaN(from)) return;
    event.preventDefault();
    const next = step(from, segments.length - 1);
    listRef.current?.querySelector<HTMLButtonElement>(`[data-index="${next}"]`)?.focus();
  };

  return (
    <>
      {onSeek && (
        <Text id={hintId} size="sm" className={classes.muted}>
          {t('segments.keyboardHint')}
        </Text>
      )}
      <ol ref={listRef} className={classes.segments} aria-describedby={onSeek ? hintId : undefined} onKeyDown={onKeyDown}>
        {segments.map((segment, index) => (
          <SegmentRow
            // Segments never move: their position is their identity (edits address them by index).
            key={index}
            segment={segment}
            index={index}
            current={index === current}
            focusable={index === focusable}
            onSeek={onSeek}
            onFocus={setFocused}
          />
        ))}
      </ol>
    </>
  );
}
