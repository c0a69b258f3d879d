/** A stretch of speech, in samples of the 16 kHz audio: [start, end). */
export interface SpeechRegion {
  start: number;
  end: number;
}

export interface DetectionOptions {
  /** Speech starts at a probability of at least this; it ends below threshold − 0.15. */
  threshold: number;
  /** Speech ends only after this many samples below the lower threshold. */
  minSilenceSamples: number;
  /** Shorter bursts are dropped. */
  minSpeechSamples: number;
  /** Samples kept either side of each region (never reaching into the next one). */
  padSamples: number;
}

/**
 * Silero's get_speech_timestamps, fed one frame's speech probability at a time so that no
 * probabilities are kept: hysteresis between the two thresholds, pauses shorter than the
 * minimum silence stay inside the speech, too-short bursts are dropped, regions are padded.
 */
export class SpeechDetector {
  private readonly regions: SpeechRegion[] = [];
  private readonly lowThreshold: number;
  private start?: number;
  private silenceFrom?: number;

  constructor(private readonly options: DetectionOptions) {
    this.lowThreshold = Math.max(options.threshold - 0.15, 0.01);
  }

  /** The probability that the frame starting at sample `at` is speech. */
  push(probability: number, at: number): void {
    if (probability >= this.options.threshold) {
      this.silenceFrom = undefined;
      this.start ??= at;
      return;
    }
    if (this.start === undefined || probability >= this.lowThreshold) return;
    this.silenceFrom ??= at;
    if (at - this.silenceFrom < this.options.minSilenceSamples) return;
    this.close(this.silenceFrom);
  }

  /** The regions found, padded, once all `totalSamples` have been pushed. */
  finish(totalSamples: number): SpeechRegion[] {
    if (this.start !== undefined) this.close(totalSamples);
    const { padSamples } = this.options;
    const regions = this.regions;
    for (let i = 0; i < regions.length; i++) {
      const region = regions[i]!;
      const previousEnd = i === 0 ? 0 : regions[i - 1]!.end;
      const nextStart = i === regions.length - 1 ? totalSamples : regions[i + 1]!.start;
      region.start = Math.max(0, previousEnd, region.start - padSamples);
      region.end = Math.min(totalSamples, nextStart, region.end + padSamples);
    }
    return regions;
  }

  private close(end: number): void {
    if (end - this.start! >= this.options.minSpeechSamples) this.regions.push({ start: this.start!, end });
    this.start = undefined;
    this.silenceFrom = undefined;
  }
}
