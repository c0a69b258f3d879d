import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  type CompleteJobDto,
  type FailJobDto,
  type HeartbeatDto,
  type HeartbeatResponseDto,
  JobKind,
  type JobResultDto,
  type ProgressDto,
  type ProgressResponseDto,
  TranscriptionStatus,
} from '@app/contracts';
import { urlUnder } from '../common/url.js';
import { ServerConfig } from '../config/server-config.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { AudioStorage } from '../storage/audio-storage.js';
import {
  type ClaimedJob,
  type Completion,
  type CompletionOutcome,
  type LeaseState,
  TranscriptionRepository,
} from '../transcriptions/transcription.repository.js';
import { HeldRequests } from '../events/held-requests.js';
import { JobWaiters } from './job-waiters.js';
import { MicroBatcher } from './micro-batcher.js';
import { type Runner, RunnerRepository, type UnroutableModel } from './runner.repository.js';

/** Completions bigger than this go to the database alone rather than in a shared statement. */
const BATCHED_COMPLETION_MAX_CHARS = 512 * 1024;

interface ClaimRequest {
  runnerId: string;
  limit: number;
}

/** Claim batchers (one per set of announced models) and runners' last announcements kept at most. */
const MAX_MODEL_SETS = 1000;

/** The models a runner announced, as one key: sorted, without repeats. */
const modelSetKey = (models: string[]) => [...new Set(models)].sort().join('\n');

export interface RunnerAudio {
  fileSize: number | null;
  contentType: string | null;
  sha256: string | null;
  path: string;
  downloadUrl: string;
}

/**
 * The queue runners work from. Every state change is one fenced statement in
 * TranscriptionRepository; this service batches the concurrent ones (claims, completions) into
 * single statements, turns refusals into the right answer (409 for a stale lease, "cancelled" for
 * a cancelled job), and deletes the audio once a result is stored.
 */
@Injectable()
export class RunnerQueueService {
  private readonly logger = new Logger(RunnerQueueService.name);
  /**
   * One claim batcher per set of announced models: a statement's slots all share the set it
   * filters jobs by. Runners with the same models (the usual case) still share one statement;
   * statements for different sets may run at once, and SKIP LOCKED keeps them apart.
   */
  private readonly claims = new Map<string, MicroBatcher<ClaimRequest, ClaimedJob[]>>();
  /** The models each runner last announced in a claim, to write them only when they change. */
  private readonly announced = new Map<string, string>();
  private readonly completions = new MicroBatcher<Completion, CompletionOutcome>(
    (completions) => this.transcriptions.completeAll(completions, this.config.audioRetentionHours),
    { maxBatch: 32, concurrency: 2 },
  );

  constructor(
    private readonly transcriptions: TranscriptionRepository,
    private readonly runnersSeen: RunnerRepository,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
    private readonly waiters: JobWaiters,
    private readonly held: HeldRequests,
    private readonly metrics: ServerMetrics,
  ) {}

  /** Jobs in a status, oldest first, for runners that list before they start one. Claims nothing. */
  list(status: TranscriptionStatus, limit: number): Promise<ClaimedJob[]> {
    return this.transcriptions.listByStatus(status, limit);
  }

  /**
   * Up to `limit` pending jobs the runner's `models` can run (those naming no model, or one of
   * them), oldest first, each to exactly one caller; concurrent claims with the same models share
   * one statement.
   */
  claim(runnerId: string, limit: number, models: string[] = []): Promise<ClaimedJob[]> {
    const key = modelSetKey(models);
    let batcher = this.claims.get(key);
    if (!batcher) {
      const set = key === '' ? [] : key.split('\n');
      batcher = new MicroBatcher<ClaimRequest, ClaimedJob[]>((requests) => this.claimTogether(requests, set), {
        maxBatch: 64,
        concurrency: 1, // one claim statement per model set at a time: little SKIP LOCKED contention
      });
      // Runners rarely change models; should many sets come and go, old batchers are dropped
      // (a claim in flight keeps its own; SKIP LOCKED keeps statements apart either way).
      if (this.claims.size >= MAX_MODEL_SETS) this.claims.clear();
      this.claims.set(key, batcher);
    }
    return batcher.run({ runnerId, limit });
  }

  /** Records the models a claiming runner announces, when they differ from what it announced before. */
  private async announce(runnerId: string, models: string[]): Promise<void> {
    const key = modelSetKey(models);
    if (this.announced.get(runnerId) === key) return;
    await this.runnersSeen.recordModels(runnerId, [...new Set(models)].sort());
    if (this.announced.size >= MAX_MODEL_SETS) this.announced.clear(); // at worst, recorded again
    this.announced.set(runnerId, key);
  }

  /**
   * Like claim, but with nothing pending it waits up to `waitSeconds` for a job to arrive (woken
   * by its event). `gone` aborts when the runner disconnects: then nothing is claimed for it, and
   * jobs claimed in that very instant go straight back to the queue (their attempt not counted).
   * Ends with [] at once when the server shuts down.
   */
  async claimWaiting(
    runnerId: string,
    limit: number,
    waitSeconds: number,
    gone: AbortSignal,
    models: string[] = [],
  ): Promise<ClaimedJob[]> {
    await this.announce(runnerId, models);
    const deadline = Date.now() + waitSeconds * 1000;
    // Read through functions: they change while the claim awaits.
    let serverStopping = false;
    const stopping = () => serverStopping;
    const left = () => gone.aborted;
    let wokenForJob = false;
    for (;;) {
      if (left() || stopping()) {
        if (wokenForJob) this.waiters.wakeOne(); // the job it was woken for goes to another claim
        return [];
      }
      // Waiting starts before the claim, so a job arriving meanwhile is not missed.
      const wait = waitSeconds > 0 ? this.waiters.wait(Math.max(0, deadline - Date.now())) : undefined;
      const unhold = this.held.hold(() => {
        serverStopping = true;
        wait?.stop();
      });
      const leave = () => wait?.stop();
      gone.addEventListener('abort', leave);
      try {
        if (stopping()) return []; // the server was already stopping
        const jobs = await this.claim(runnerId, limit, models);
        if (jobs.length > 0 && left()) {
          await this.handBack(jobs, runnerId);
          return [];
        }
        if (jobs.length > 0 || !wait) return jobs;
        wokenForJob = (await wait.woken) === 'job';
        if (!wokenForJob && !left()) return []; // time is up, or the server is stopping
      } finally {
        gone.removeEventListener('abort', leave);
        wait?.stop();
        unhold();
      }
    }
  }

  /** Jobs claimed for a runner that left before it heard of them: pending again, the attempt not counted. */
  private async handBack(jobs: ClaimedJob[], runnerId: string): Promise<void> {
    for (const job of jobs) {
      await this.transcriptions.fail({
        id: job.id,
        leaseId: job.leaseId,
        runnerId,
        errorMessage: 'the runner disconnected before it received the job',
        released: true,
        retryable: true,
        maxAttempts: this.config.maxAttempts,
      });
    }
    this.logger.warn(`runner ${runnerId} left while claiming: ${jobs.length} job(s) handed back`);
  }

  /** Each request owns `limit` consecutive slots, in arrival order; one statement fills them all. */
  private async claimTogether(requests: ClaimRequest[], models: string[]): Promise<ClaimedJob[][]> {
    const slots = requests.flatMap((request) => Array<string>(request.limit).fill(request.runnerId));
    const claimed = await this.transcriptions.claimSlots(slots, this.config.leaseSeconds, models);
    let slot = 0;
    return requests.map((request) => {
      const jobs: ClaimedJob[] = [];
      for (let n = 0; n < request.limit; n++) {
        slot += 1;
        const job = claimed.get(slot);
        if (job) jobs.push(job);
      }
      return jobs;
    });
  }

  /**
   * Takes this one job (of racing runners exactly one wins); 409 when it is not pending or names
   * a model that is not among the runner's `models`.
   */
  async start(id: string, runnerId: string, models: string[] = []): Promise<ClaimedJob> {
    const job = await this.transcriptions.start(id, runnerId, this.config.leaseSeconds, models);
    if (job) return job;
    const current = await this.leaseState(id);
    if (current.status === TranscriptionStatus.Pending) {
      throw new ConflictException('the job names a whisper model this runner did not announce in `models`');
    }
    throw new ConflictException(`the job is ${current.status}, not pending: another runner has it or it is finished`);
  }

  /** Records progress and renews the lease; a cancelled job answers cancelled: true. */
  async progress(id: string, body: ProgressDto): Promise<ProgressResponseDto> {
    const lease = { leaseId: body.lease_id, runnerId: body.runner_id };
    if (await this.transcriptions.recordProgress(id, lease, Math.round(body.progress), body.stage, this.config.leaseSeconds)) {
      return { cancelled: false };
    }
    const current = await this.leaseState(id);
    if (current.leaseId === body.lease_id && current.status === TranscriptionStatus.Cancelled) return { cancelled: true };
    throw this.staleLease(current);
  }

  /**
   * Stores the result and deletes the audio. Repeating the call with the same lease (a runner
   * retrying after a lost response) answers 200 again and changes nothing.
   */
  async complete(id: string, body: CompleteJobDto): Promise<JobResultDto> {
    if (body.text === undefined && (await this.leaseState(id)).kind === JobKind.Transcribe) {
      throw new BadRequestException('this job transcribes: its result needs text and segments');
    }
    const completion: Completion = {
      id,
      leaseId: body.lease_id,
      runnerId: body.runner_id,
      text: body.text ?? null,
      segments: body.segments ?? null, // only {start, end, text}: CompletionPipe refuses other keys
      summary: body.summary ?? null,
      summaryModel: body.summary_model ?? null,
      errorMessage: body.summary_error ? `summary failed: ${body.summary_error}` : null,
      language: body.language ?? null,
      durationSeconds: body.duration_seconds ?? null,
      speechSeconds: body.speech_seconds ?? null,
      processingTimeSeconds: body.processing_time_seconds,
    };
    const large = (body.text?.length ?? 0) + (body.segments?.length ?? 0) * 64 > BATCHED_COMPLETION_MAX_CHARS;
    const outcome = large
      ? (await this.transcriptions.completeAll([completion], this.config.audioRetentionHours))[0]!
      : await this.completions.run(completion);
    if (!outcome.stored) {
      const current = await this.leaseState(id);
      if (current.leaseId === body.lease_id && current.status === TranscriptionStatus.Completed) {
        return { id, status: TranscriptionStatus.Completed };
      }
      throw this.staleLease(current);
    }
    this.metrics.jobCompleted();
    // The result is safe; the audio goes. If this fails, the storage sweep removes the file later:
    // no row points at it any more.
    if (outcome.audioReleased) {
      await this.storage
        .delete(id)
        .catch((error: unknown) => this.logger.warn(`could not delete the audio of ${id}: ${String(error)}`));
    }
    return { id, status: TranscriptionStatus.Completed };
  }

  /**
   * A runner gives up on a job: back to pending when it is retryable and attempts are left (or
   * when the runner only hands it back, `released`, which does not count an attempt), else failed.
   * The audio is kept either way, so the job can be retried.
   */
  async fail(id: string, body: FailJobDto): Promise<JobResultDto> {
    const status = await this.transcriptions.fail({
      id,
      leaseId: body.lease_id,
      runnerId: body.runner_id,
      errorMessage: body.error_message,
      released: body.released === true,
      retryable: body.retryable === true,
      maxAttempts: this.config.maxAttempts,
    });
    if (status) {
      this.metrics.jobFailed(status !== TranscriptionStatus.Pending ? 'final' : body.released ? 'released' : 'requeued');
      return { id, status };
    }
    const current = await this.leaseState(id);
    // A summarize job that failed is completed again (its transcript stands).
    if (
      current.leaseId === body.lease_id &&
      [TranscriptionStatus.Failed, TranscriptionStatus.Completed].includes(current.status)
    ) {
      return { id, status: current.status };
    }
    throw this.staleLease(current);
  }

  /**
   * Records the runner and renews the leases it still holds; the listed jobs it no longer holds
   * (cancelled, deleted, taken over after its lease expired) come back as cancelled_job_ids.
   */
  async heartbeat(body: HeartbeatDto): Promise<HeartbeatResponseDto> {
    const [, held] = await Promise.all([
      this.runnersSeen
        .recordHeartbeat(body.runner_id, body.current_jobs, body.max_concurrent_jobs, [...new Set(body.models ?? [])].sort())
        .then(() => this.announced.set(body.runner_id, modelSetKey(body.models ?? []))),
      this.transcriptions.renewLeases(body.job_ids, body.runner_id, this.config.leaseSeconds),
    ]);
    return { cancelled_job_ids: body.job_ids.filter((id) => !held.has(id.toLowerCase())) };
  }

  /**
   * The audio's metadata, for a runner about to download it. The download URL is a path, or an
   * absolute URL under PUBLIC_URL: never built from the request's Host or X-Forwarded-* headers,
   * which the caller controls.
   */
  async audioInfo(id: string): Promise<RunnerAudio> {
    const audio = await this.transcriptions.audio(id);
    if (!audio) throw new NotFoundException('job not found');
    if (audio.filePath === null) throw new NotFoundException('the audio of this job has been deleted');
    const downloadRoute = `/api/runner/audio/${id}/download`;
    return {
      fileSize: audio.fileSize,
      contentType: audio.contentType,
      sha256: audio.audioSha256,
      path: this.storage.pathFor(id),
      downloadUrl: this.config.publicUrl ? urlUnder(this.config.publicUrl, downloadRoute.slice(1)) : downloadRoute,
    };
  }

  /** The runners, as their heartbeats report them. */
  runners(): Promise<Runner[]> {
    return this.runnersSeen.list(this.config.leaseSeconds);
  }

  /** Every whisper model an online runner announced. */
  onlineModels(): Promise<string[]> {
    return this.runnersSeen.onlineModels(this.config.leaseSeconds);
  }

  /** Pending jobs naming a model no online runner has, by model. */
  unroutable(): Promise<UnroutableModel[]> {
    return this.runnersSeen.unroutable(this.config.leaseSeconds);
  }

  private async leaseState(id: string): Promise<LeaseState> {
    const state = await this.transcriptions.leaseState(id);
    if (!state) throw new NotFoundException('job not found (it may have been deleted)');
    return state;
  }

  private staleLease(current: LeaseState): ConflictException {
    return new ConflictException(
      `stale lease: the job is ${current.status}${current.runnerId ? ` (held by ${current.runnerId})` : ''}; stop working on it`,
    );
  }
}
