import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { RunnerConfig } from '../config/runner-config.js';
import { BYTES_PER_SAMPLE, PcmWav, SAMPLE_RATE, wavHeader } from '../media/wav.js';
import { pauseMiddles, SpeechMap } from '../vad/speech-map.js';
import type { SpeechRegion } from '../vad/speech-detector.js';
import { VoiceActivity } from '../vad/voice-activity.js';
import { WhisperCli } from '../whisper/whisper-cli.js';
import { shiftSegment } from '../whisper/whisper-json.js';
import { type Chunk, planChunks } from './chunk-plan.js';
import { mergeChunkTranscripts } from './merge-segments.js';
import type { Segment, TranscriptionTask } from '@app/contracts';

export interface Transcript {
  segments: Segment[];
  text: string;
  language: string | null;
  durationSeconds: number;
  chunks: number;
  /** Seconds of speech that whisper heard when silence was skipped (0: no speech at all); else null. */
  speechSeconds: number | null;
}

export interface TranscribeRequest {
  wavPath: string;
  model: string;
  language: string;
  workDir: string;
  task?: TranscriptionTask;
  prompt?: string | null;
  wordTimestamps?: boolean;
  temperature?: number | null;
  /** Skip silence (voice activity detection); null or left out: when the runner has VAD_ENABLED. */
  vad?: boolean | null;
  /** 0–100 over the audio whisper hears. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/** Text ending in a Chinese or Japanese character or CJK punctuation (，。！？…) runs on without a space. */
const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]$/u;

/** Whisper's segments as one text: each segment's words, separated by a single space for Latin text. */
export function transcriptText(segments: Segment[]): string {
  return segments
    .map((segment) => segment.text.trim())
    .filter(Boolean)
    .reduce((text, piece) => (!text ? piece : CJK_END.test(text) ? text + piece : `${text} ${piece}`), '');
}

/** Speech regions closer than this are heard with the pause between them. */
const JOIN_GAP_SECONDS = 1;

/**
 * A 16 kHz WAV to text with whisper-cli. With voice activity detection, whisper hears only the
 * speech (a speech-only WAV) and segment times are mapped back to the file's; audio without
 * speech is not transcribed at all. Long audio (ENABLE_CHUNKING) is cut into chunks in pauses
 * (USE_VAD_SPLIT), with overlap; up to MAX_CONCURRENT_CHUNKS whisper-cli processes run at once,
 * sharing WHISPER_THREADS; chunk times are shifted to the whole file and the overlaps merged.
 * Chunk files are streamed from the WAV, so memory does not grow with the length of the audio.
 */
@Injectable()
export class Transcriber {
  constructor(
    private readonly config: RunnerConfig,
    private readonly whisper: WhisperCli,
    private readonly voiceActivity: VoiceActivity,
  ) {}

  async transcribe(request: TranscribeRequest): Promise<Transcript> {
    const wav = await PcmWav.open(request.wavPath);
    const skipSilence = this.voiceActivity.enabled && (request.vad ?? true);
    const chunked =
      this.config.enableChunking && wav.durationSeconds > this.config.chunkSizeMinutes * 60 + this.config.chunkOverlapSeconds;
    const cutAtPauses = chunked && this.config.useVadSplit && this.voiceActivity.enabled;
    const regions = skipSilence || cutAtPauses ? await this.voiceActivity.speechRegions(wav, request.signal) : [];
    if (!skipSilence) {
      const pauses = cutAtPauses ? pauseMiddles(regions, wav.sampleCount) : undefined;
      return { ...(await this.transcribeWav(wav, request, pauses)), durationSeconds: wav.durationSeconds, speechSeconds: null };
    }
    const map = new SpeechMap(regions, JOIN_GAP_SECONDS * SAMPLE_RATE);
    if (map.speechSamples === 0) {
      return { segments: [], text: '', language: null, durationSeconds: wav.durationSeconds, chunks: 0, speechSeconds: 0 };
    }
    const speech = map.speechSamples === wav.sampleCount ? wav : await this.writeSpeech(wav, map, request.workDir);
    try {
      const transcript = await this.transcribeWav(speech, request, this.config.useVadSplit ? map.joins : undefined);
      const segments = transcript.segments.map((segment) => map.segment(segment));
      return { ...transcript, segments, durationSeconds: wav.durationSeconds, speechSeconds: map.speechSeconds };
    } finally {
      if (speech !== wav) await rm(speech.path, { force: true });
    }
  }

  /** `wav` in chunks (cut in `pauses` when given), one whisper-cli per chunk, the overlaps merged. */
  private async transcribeWav(
    wav: PcmWav,
    request: TranscribeRequest,
    pauses: number[] | undefined,
  ): Promise<Omit<Transcript, 'durationSeconds' | 'speechSeconds'>> {
    const chunks = this.config.enableChunking
      ? await planChunks(wav, {
          chunkSeconds: this.config.chunkSizeMinutes * 60,
          overlapSeconds: this.config.chunkOverlapSeconds,
          cutAtSilence: this.config.useVadSplit,
          pauses,
        })
      : [{ index: 0, start: 0, cut: wav.durationSeconds, end: wav.durationSeconds }];
    const parallel = Math.max(1, Math.min(this.config.maxConcurrentChunks, chunks.length));
    const threads = Math.max(1, Math.floor(this.config.whisperThreads / parallel));
    const done = new Array<number>(chunks.length).fill(0);
    const total = chunks.reduce((sum, chunk) => sum + (chunk.end - chunk.start), 0) || 1;
    const report = () =>
      request.onProgress?.(
        (chunks.reduce((sum, chunk, i) => sum + (done[i]! / 100) * (chunk.end - chunk.start), 0) / total) * 100,
      );

    const results = new Array<{ segments: Segment[]; language: string | null }>(chunks.length);
    let nextChunk = 0;
    const worker = async () => {
      while (nextChunk < chunks.length) {
        const chunk = chunks[nextChunk++]!;
        request.signal?.throwIfAborted();
        const input = chunks.length === 1 ? wav.path : await this.writeChunk(wav, chunk, request.workDir);
        const result = await this.whisper
          .transcribe({
            model: request.model,
            input,
            outputBase: path.join(request.workDir, `chunk-${chunk.index}`),
            language: request.language,
            task: request.task,
            prompt: request.prompt,
            wordTimestamps: request.wordTimestamps,
            temperature: request.temperature,
            threads,
            signal: request.signal,
            onProgress: (percent) => {
              done[chunk.index] = percent;
              report();
            },
          })
          // A chunk file is not needed once transcribed: long audio never has them all on disk.
          .finally(() => (input === wav.path ? undefined : rm(input, { force: true })));
        done[chunk.index] = 100;
        report();
        results[chunk.index] = {
          language: result.language,
          segments: result.segments.map((segment) => shiftSegment(segment, chunk.start)),
        };
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));

    const segments = mergeChunkTranscripts(
      chunks.map((chunk, i) => ({ cut: chunk.cut, end: chunk.end, segments: results[i]!.segments })),
    );
    return {
      segments,
      text: transcriptText(segments),
      language: results.find((result) => result.language)?.language ?? null,
      chunks: chunks.length,
    };
  }

  /** The chunk's samples as a WAV of its own, copied by streaming. */
  private async writeChunk(wav: PcmWav, chunk: Chunk, workDir: string): Promise<string> {
    const file = path.join(workDir, `chunk-${chunk.index}.wav`);
    const first = Math.round(chunk.start * SAMPLE_RATE);
    await writeSamples(wav, [{ start: first, end: Math.min(wav.sampleCount, Math.round(chunk.end * SAMPLE_RATE)) }], file);
    return file;
  }

  /** The speech spans, one after another, as a WAV of their own. */
  private async writeSpeech(wav: PcmWav, map: SpeechMap, workDir: string): Promise<PcmWav> {
    const file = path.join(workDir, 'speech.wav');
    await writeSamples(wav, map.spans, file);
    return PcmWav.open(file);
  }
}

/** The samples of `ranges` of `wav`, in order, as one WAV file, copied by streaming. */
async function writeSamples(wav: PcmWav, ranges: SpeechRegion[], file: string): Promise<void> {
  const bytes = ranges.reduce((sum, range) => sum + Math.max(0, range.end - range.start), 0) * BYTES_PER_SAMPLE;
  const out = await open(file, 'w');
  try {
    await out.write(wavHeader(bytes));
    for (const range of ranges) {
      if (range.end <= range.start) continue;
      const samples = createReadStream(wav.path, {
        start: wav.dataOffset + range.start * BYTES_PER_SAMPLE,
        end: wav.dataOffset + range.end * BYTES_PER_SAMPLE - 1,
      });
      for await (const chunk of samples) await out.write(chunk as Buffer);
    }
  } finally {
    await out.close();
  }
}
