import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { type ClaimedJobDto, JobKind, JobStage, whisperLanguage } from '@app/contracts';
import { RunnerConfig } from '../config/runner-config.js';
import { Ffmpeg, UndecodableAudioError } from '../media/ffmpeg.js';
import { PcmWav } from '../media/wav.js';
import { RunnerMetrics } from '../metrics/runner-metrics.js';
import { LostJobError, ServerClient, ServerUnavailableError } from '../server-client/server-client.js';
import { SummaryClient } from '../summary/summary-client.js';
import { Transcriber } from '../transcription/transcriber.js';
import { WhisperModel } from '../whisper/whisper-model.js';
import { ownerFacingMessage } from './owner-facing-message.js';
import { ScratchSpace } from './scratch-space.js';

/** Why a running job was stopped from outside. */
export type StopReason = 'cancelled' | 'shutdown' | 'timeout';

export class JobStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`job ${reason}`);
  }
}

/** How far each stage takes the overall progress. */
const STAGE_PERCENT: Record<string, [number, number]> = {
  downloading: [0, 5],
  converting: [5, 10],
  transcribing: [10, 85],
  summarizing: [85, 95],
  uploading: [95, 100],
};
/** Progress is sent at most this often (plus at every stage change). */
const PROGRESS_EVERY_MS = 2000;
const COMPLETE_ATTEMPTS = 12;

/**
 * One claimed job, start to finish: download (resumable, sha256-checked) → ffmpeg → whisper-cli
 * (chunked) → summary → complete. Progress goes to the server, whose `cancelled` answer stops
 * the job (killing whisper-cli). Whatever happens, the job's temp files are removed and the server
 * hears the outcome: complete, fail (retryable or not), or released on shutdown.
 */
@Injectable()
export class JobProcessor {
  private readonly logger = new Logger(JobProcessor.name);

  constructor(
    private readonly config: RunnerConfig,
    private readonly server: ServerClient,
    private readonly ffmpeg: Ffmpeg,
    private readonly transcriber: Transcriber,
    private readonly summaries: SummaryClient,
    private readonly model: WhisperModel,
    private readonly scratch: ScratchSpace,
    private readonly metrics: RunnerMetrics,
  ) {}

  async process(job: ClaimedJobDto, stop: AbortController): Promise<void> {
    const started = performance.now();
    const signal = stop.signal;
    const reporter = new ProgressReporter(this.server, job, stop, this.logger, this.metrics);
    this.logger.log(`job ${job.id} (${job.file_name}, attempt ${job.attempt}): started`);
    if (job.kind === JobKind.Summarize) {
      await this.summarizeAgain(job, reporter, started);
      return;
    }
    let workDir: string | undefined;
    try {
      workDir = await this.scratch.forJob(job);
      await reporter.stage(JobStage.Downloading);
      const audioPath = path.join(workDir, 'audio');
      await this.server.downloadAudio(job.id, audioPath, job.sha256, signal, (bytes) => this.metrics.downloaded(bytes));

      await reporter.stage(JobStage.Converting);
      const wavPath = path.join(workDir, 'audio.wav');
      if (await PcmWav.isWhisperReady(audioPath)) {
        await rename(audioPath, wavPath);
      } else {
        await this.ffmpeg.toPcmWav(audioPath, wavPath, signal);
        await rm(audioPath, { force: true });
      }

      await reporter.stage(JobStage.Transcribing);
      const model = await this.model.ensure(job.model); // a first download of the model is not whisper's time
      const transcribing = performance.now();
      const transcript = await this.transcriber.transcribe({
        wavPath,
        model,
        language: whisperLanguage(job.language && job.language !== 'auto' ? job.language : this.config.whisperLanguage),
        workDir,
        task: job.task,
        prompt: job.prompt,
        wordTimestamps: job.word_timestamps,
        temperature: job.temperature,
        vad: job.vad,
        signal,
        onProgress: (percent) => reporter.within(JobStage.Transcribing, percent),
      });
      signal.throwIfAborted();
      this.metrics.transcribed((performance.now() - transcribing) / 1000, transcript.durationSeconds);

      let summary: string | null = null;
      let summaryError: string | undefined;
      if (this.summaries.enabled && transcript.text) {
        await reporter.stage(JobStage.Summarizing);
        try {
          summary = await this.summaries.summarize(transcript.text, signal, job.summary_instruction);
        } catch (error) {
          signal.throwIfAborted();
          this.logger.warn(`job ${job.id}: summary failed, completing without it: ${(error as Error).message}`);
          summaryError = ownerFacingMessage((error as Error).message, this.config.serverUrl).slice(0, 1000);
        }
      }

      await reporter.stage(JobStage.Uploading);
      await this.completeWithRetries(job, {
        text: transcript.text,
        segments: transcript.segments,
        summary,
        ...(summary ? { summary_model: this.summaries.model } : {}),
        ...(summaryError ? { summary_error: summaryError } : {}),
        ...(transcript.language && transcript.language !== 'auto' ? { language: transcript.language } : {}),
        duration_seconds: Math.round(transcript.durationSeconds * 1000) / 1000,
        ...(transcript.speechSeconds === null ? {} : { speech_seconds: Math.round(transcript.speechSeconds * 1000) / 1000 }),
        processing_time_seconds: Math.round(performance.now() - started) / 1000,
      });
      reporter.endStage();
      const speech = transcript.speechSeconds === null ? [] : [`${transcript.speechSeconds.toFixed(1)} s of speech`];
      const heard =
        transcript.speechSeconds === 0
          ? 'no speech detected'
          : [...speech, `${transcript.chunks} chunk(s)`, `${transcript.segments.length} segments`].join(', ');
      this.logger.log(
        `job ${job.id}: completed in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
          `(${transcript.durationSeconds.toFixed(1)} s of audio, ${heard})`,
      );
    } catch (error) {
      await this.reportFailure(job, error, signal);
    } finally {
      reporter.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    }
  }

  /**
   * A summarize job: a new summary of the stored transcript (with the owner's instruction, if
   * any); no audio, no whisper. A failure leaves the transcription completed with its old summary.
   */
  private async summarizeAgain(job: ClaimedJobDto, reporter: ProgressReporter, started: number): Promise<void> {
    const signal = reporter.signal;
    try {
      if (!this.summaries.enabled) {
        throw new Error('this runner has no language model (GLM_API_KEY) to summarize with');
      }
      await reporter.stage(JobStage.Summarizing);
      const summary = await this.summaries.summarize(job.transcript ?? '', signal, job.summary_instruction);
      if (summary === null) throw new Error('the transcript is empty: there is nothing to summarize');
      await reporter.stage(JobStage.Uploading);
      await this.completeWithRetries(job, {
        summary,
        summary_model: this.summaries.model,
        processing_time_seconds: Math.round(performance.now() - started) / 1000,
      });
      reporter.endStage();
      this.logger.log(`job ${job.id}: summarized again in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      await this.reportFailure(job, error, signal);
    } finally {
      reporter.close();
    }
  }

  private async reportFailure(job: ClaimedJobDto, error: unknown, signal: AbortSignal): Promise<void> {
    const reason = signal.aborted ? (signal.reason instanceof JobStopped ? signal.reason.reason : 'cancelled') : undefined;
    if (error instanceof LostJobError || reason === 'cancelled') {
      this.metrics.jobFinished('cancelled');
      this.logger.warn(`job ${job.id}: stopped, the server no longer gives it to us (${reason ?? (error as Error).message})`);
      return;
    }
    const message =
      reason === 'shutdown'
        ? 'the runner shut down before finishing; the job goes back to the queue'
        : reason === 'timeout'
          ? `the job took longer than JOB_TIMEOUT_SECONDS (${this.config.jobTimeoutSeconds} s)`
          : (error as Error).message || String(error);
    const retryable = !(error instanceof UndecodableAudioError) || reason !== undefined;
    this.metrics.jobFinished(reason === 'shutdown' ? 'released' : 'failed');
    this.logger.warn(`job ${job.id}: ${reason === 'shutdown' ? 'handed back' : 'failed'}: ${message}`);
    try {
      await this.server.fail(job, {
        error_message: ownerFacingMessage(message, this.config.serverUrl).slice(0, 10_000),
        retryable,
        released: reason === 'shutdown',
      });
    } catch (failError) {
      // The lease will expire and the server requeues the job: nothing is lost.
      this.logger.warn(`job ${job.id}: could not report the failure (${(failError as Error).message}); its lease will expire`);
    }
  }

  /** The server's complete is idempotent, so network errors are simply retried with backoff. */
  private async completeWithRetries(job: ClaimedJobDto, result: Parameters<ServerClient['complete']>[1]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.server.complete(job, result);
        this.metrics.jobFinished('completed');
        return;
      } catch (error) {
        if (!(error instanceof ServerUnavailableError) || attempt >= COMPLETE_ATTEMPTS) throw error;
        const delay = Math.min(30_000, 1000 * 2 ** (attempt - 1));
        this.logger.warn(`job ${job.id}: could not deliver the result (${error.message}); retrying in ${delay / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/**
 * Sends stage changes at once and in-stage progress at most every PROGRESS_EVERY_MS; stops the job
 * when the server says cancelled. Times each stage from its start to the next one's (the last one's
 * to the job's end): a stage cut short by a failure or a stop is not timed.
 */
class ProgressReporter {
  private lastSent = 0;
  private sending?: Promise<void>;
  private closed = false;
  private current?: { stage: JobStage; since: number };

  constructor(
    private readonly server: ServerClient,
    private readonly job: ClaimedJobDto,
    private readonly stop: AbortController,
    private readonly logger: Logger,
    private readonly metrics: RunnerMetrics,
  ) {}

  async stage(stage: JobStage): Promise<void> {
    this.stop.signal.throwIfAborted();
    this.endStage();
    this.current = { stage, since: performance.now() };
    await this.send(STAGE_PERCENT[stage]![0], stage);
    this.stop.signal.throwIfAborted();
  }

  within(stage: JobStage, percent: number): void {
    if (Date.now() - this.lastSent < PROGRESS_EVERY_MS || this.sending) return;
    const [from, to] = STAGE_PERCENT[stage]!;
    this.sending = this.send(from + ((to - from) * Math.min(100, percent)) / 100, stage).finally(
      () => (this.sending = undefined),
    );
  }

  get signal(): AbortSignal {
    return this.stop.signal;
  }

  /** The current stage ends now: the next one begins, or the job is done. */
  endStage(): void {
    if (this.current) this.metrics.stageFinished(this.current.stage, (performance.now() - this.current.since) / 1000);
    this.current = undefined;
  }

  close(): void {
    this.closed = true;
  }

  private async send(progress: number, stage: JobStage): Promise<void> {
    if (this.closed) return;
    this.lastSent = Date.now();
    try {
      const { cancelled } = await this.server.progress(this.job, progress, stage);
      if (cancelled) this.stop.abort(new JobStopped('cancelled'));
    } catch (error) {
      if (error instanceof LostJobError) this.stop.abort(new JobStopped('cancelled'));
      // Server unreachable: keep working; the heartbeat keeps the lease, complete is retried.
      else this.logger.warn(`job ${this.job.id}: progress not delivered (${(error as Error).message})`);
    }
  }
}
