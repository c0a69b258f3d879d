import type { Segment } from '@app/contracts';
import { SAMPLE_RATE } from '../media/wav.js';
import type { SpeechRegion } from './speech-detector.js';

/** A stretch of the original audio kept in the speech-only audio, which has it from sample `at`. */
export interface SpeechSpan extends SpeechRegion {
  at: number;
}

/** Times come back to the millisecond, as whisper gives them. */
const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * The speech-only audio that whisper hears (the speech regions one after another, regions closer
 * than `joinGapSamples` joined with the pause between them) and the way back: a time in it maps
 * piecewise to the original file's time, so subtitles line up with the audio.
 */
export class SpeechMap {
  readonly spans: SpeechSpan[] = [];

  constructor(regions: SpeechRegion[], joinGapSamples: number) {
    for (const region of regions) {
      const last = this.spans.at(-1);
      if (last && region.start - last.end < joinGapSamples) last.end = Math.max(last.end, region.end);
      else this.spans.push({ start: region.start, end: region.end, at: last ? last.at + last.end - last.start : 0 });
    }
  }

  get speechSamples(): number {
    const last = this.spans.at(-1);
    return last ? last.at + last.end - last.start : 0;
  }

  get speechSeconds(): number {
    return this.speechSamples / SAMPLE_RATE;
  }

  /** Where, in the speech-only audio (seconds), one span meets the next: a pause was removed there. */
  get joins(): number[] {
    return this.spans.slice(1).map((span) => span.at / SAMPLE_RATE);
  }

  /**
   * A time in the speech-only audio as the original file's time. A time exactly at a join is the
   * next span's start when it starts something, the previous span's end when it ends something.
   */
  toOriginal(seconds: number, edge: 'start' | 'end'): number {
    const at = seconds * SAMPLE_RATE;
    let low = 0;
    let high = this.spans.length - 1;
    // The last span beginning at or before `at` (before it, for an end on a join).
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      const begins = this.spans[middle]!.at;
      if (edge === 'start' ? begins <= at : begins < at) low = middle;
      else high = middle - 1;
    }
    const span = this.spans[low];
    return span ? ms((span.start + at - span.at) / SAMPLE_RATE) : ms(seconds);
  }

  /** A segment of the speech-only audio, its times (and its words' times) in the original file. */
  segment(segment: Segment): Segment {
    return {
      ...segment,
      start: this.toOriginal(segment.start, 'start'),
      end: this.toOriginal(segment.end, 'end'),
      ...(segment.words
        ? {
            words: segment.words.map((word) => ({
              ...word,
              start: this.toOriginal(word.start, 'start'),
              end: this.toOriginal(word.end, 'end'),
            })),
          }
        : {}),
    };
  }
}

/** The middle of each pause before, between and after speech regions (seconds): where long audio may be cut. */
export function pauseMiddles(regions: SpeechRegion[], sampleCount: number): number[] {
  const edges = [0, ...regions.flatMap((region) => [region.start, region.end]), sampleCount];
  const middles: number[] = [];
  for (let i = 0; i < edges.length; i += 2) {
    if (edges[i + 1]! > edges[i]!) middles.push((edges[i]! + edges[i + 1]!) / 2 / SAMPLE_RATE);
  }
  return middles;
}
