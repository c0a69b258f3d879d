import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type ClaimedJobDto,
  type CompleteJobDto,
  type FailJobDto,
  type HeartbeatDto,
  type HeartbeatResponseDto,
  type JobResultDto,
  type ProgressDto,
  type ProgressResponseDto,
  type RunnerJobDto,
  TranscriptionStatus,
} from '@app/contracts';
import { urlUnder } from '../common/url.js';
import { ServerConfig } from '../config/server-config.js';
import { AudioStorage } from '../storage/audio-storage.js';
import { MicroBatcher } from './micro-batcher.js';

interface JobRow {
  id: string;
  file_name: string;
  language: string | null;
  content_type: string | null;
  file_size: string | null;
  created_at: Date;
  lease_id: string;
  lease_expires_at: Date;
  attempts: number;
  audio_sha256: string | null;
}

interface LeaseState {
  status: TranscriptionStatus;
  lease_id: string | null;
  runner_id: string | null;
}

/** What claim and start hand over (lease seconds in $2): one statement sets these for the winner only. */
const takeJob = (runnerId: string) => `status = 'processing', runner_id = ${runnerId}, lease_id = gen_random_uuid(),
       lease_expires_at = now() + make_interval(secs => $2), attempts = t.attempts + 1,
       started_at = now(), completed_at = NULL, progress = 0, stage = 'queued', updated_at = now()`;

/** Completions bigger than this go to the database alone rather than in a shared statement. */
const BATCHED_COMPLETION_MAX_CHARS = 512 * 1024;

interface ClaimRequest {
  runnerId: string;
  limit: number;
}

interface Completion {
  id: string;
  lease_id: string;
  runner_id: string;
  text: string;
  segments: { start: number; end: number; text: string }[];
  summary: string | null;
  error_message: string | null;
  language: string | null;
  duration_seconds: number | null;
  processing_time_seconds: number;
}

/** A completion's outcome: stored (and whether there was an audio file), or not (lease/state check needed). */
type CompletionOutcome = { stored: true; hadFile: boolean } | { stored: false };
const JOB_COLUMNS = `t.id, t.file_name, t.language, t.content_type, t.file_size, t.created_at,
       t.lease_id, t.lease_expires_at, t.attempts, t.audio_sha256`;

function toRunnerJob(row: Omit<JobRow, 'lease_id' | 'lease_expires_at' | 'attempts' | 'audio_sha256'>): RunnerJobDto {
  return {
    id: row.id,
    file_name: row.file_name,
    language: row.language,
    content_type: row.content_type,
    file_size: row.file_size === null ? null : Number(row.file_size),
    created_at: row.created_at.toISOString(),
  };
}

function toClaimedJob(row: JobRow): ClaimedJobDto {
  return {
    ...toRunnerJob(row),
    lease_id: row.lease_id,
    lease_expires_at: row.lease_expires_at.toISOString(),
    attempt: row.attempts,
    sha256: row.audio_sha256,
  };
}

/**
 * The queue runners work from. Every state change is one SQL statement that checks the state it
 * expects (claims with FOR UPDATE SKIP LOCKED; progress/complete/fail fenced by the lease id), so
 * any number of runners and server replicas can call at once without losing or doubling a job.
 */
@Injectable()
export class RunnerQueueService {
  private readonly logger = new Logger(RunnerQueueService.name);
  private readonly claims = new MicroBatcher<ClaimRequest, JobRow[]>((requests) => this.claimTogether(requests), {
    maxBatch: 64,
    concurrency: 1, // one claim statement at a time: no SKIP LOCKED contention between them
  });
  private readonly completions = new MicroBatcher<Completion, CompletionOutcome>(
    (completions) => this.completeTogether(completions),
    { maxBatch: 32, concurrency: 2 },
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
  ) {}

  /** The seed's listing: jobs in a status, oldest first. Claims nothing. */
  async list(status: TranscriptionStatus, limit: number): Promise<RunnerJobDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM transcriptions t WHERE t.status = $1 ORDER BY t.created_at, t.id LIMIT $2`,
      [status, limit],
    )) as JobRow[];
    return rows.map(toRunnerJob);
  }

  /**
   * Up to `limit` pending jobs, oldest first, each to exactly one caller. Claims arriving
   * together are served by one statement (see claimTogether).
   */
  async claim(runnerId: string, limit: number): Promise<ClaimedJobDto[]> {
    return (await this.claims.run({ runnerId, limit })).map(toClaimedJob);
  }

  /**
   * One statement for many claims: lock the oldest pending jobs (SKIP LOCKED: rows another
   * statement holds are passed over, never shared), number them, and give job n to slot n, where
   * each request owns `limit` consecutive slots in arrival order.
   */
  private async claimTogether(requests: ClaimRequest[]): Promise<JobRow[][]> {
    const slotOwners = requests.flatMap((request, index) => Array<number>(request.limit).fill(index));
    const slotRunners = slotOwners.map((index) => requests[index]!.runnerId);
    const [rows] = (await this.dataSource.query(
      `WITH picked AS (
         SELECT id, row_number() OVER (ORDER BY created_at, id) AS slot
           FROM (SELECT id, created_at FROM transcriptions
                  WHERE status = 'pending'
                  ORDER BY created_at, id
                  LIMIT $3
                    FOR UPDATE SKIP LOCKED) oldest),
       slots AS (SELECT runner_id, slot FROM unnest($1::text[]) WITH ORDINALITY AS s(runner_id, slot))
       UPDATE transcriptions t SET ${takeJob('slots.runner_id')}
         FROM picked JOIN slots USING (slot)
        WHERE t.id = picked.id
       RETURNING picked.slot, ${JOB_COLUMNS}`,
      [slotRunners, this.config.leaseSeconds, slotRunners.length],
    )) as [(JobRow & { slot: string })[], number];
    const byRequest = requests.map((): (JobRow & { slot: string })[] => []);
    for (const row of rows) byRequest[slotOwners[Number(row.slot) - 1]!]!.push(row);
    return byRequest.map((claimed) => claimed.sort((x, y) => Number(x.slot) - Number(y.slot)));
  }

  /** The seed's "start this job": a conditional update, so of racing runners exactly one wins. */
  async start(id: string, runnerId: string): Promise<ClaimedJobDto> {
    const [rows] = (await this.dataSource.query(
      `UPDATE transcriptions t SET ${takeJob('$1')} WHERE t.id = $3 AND t.status = 'pending' RETURNING ${JOB_COLUMNS}`,
      [runnerId, this.config.leaseSeconds, id],
    )) as [JobRow[], number];
    if (rows[0]) return toClaimedJob(rows[0]);
    const current = await this.leaseState(id);
    throw new ConflictException(`the job is ${current.status}, not pending: another runner has it or it is finished`);
  }

  /** Records progress and renews the lease; a cancelled job answers cancelled: true. */
  async progress(id: string, body: ProgressDto): Promise<ProgressResponseDto> {
    const [rows] = (await this.dataSource.query(
      `UPDATE transcriptions SET progress = $4, stage = $5, updated_at = now(),
              lease_expires_at = now() + make_interval(secs => $6)
        WHERE id = $1 AND lease_id = $2 AND runner_id = $3 AND status = 'processing'
        RETURNING id`,
      [id, body.lease_id, body.runner_id, Math.round(body.progress), body.stage, this.config.leaseSeconds],
    )) as [{ id: string }[], number];
    if (rows.length) return { cancelled: false };
    const current = await this.leaseState(id);
    if (current.lease_id === body.lease_id && current.status === TranscriptionStatus.Cancelled) return { cancelled: true };
    throw this.staleLease(current);
  }

  /**
   * Stores the result and deletes the audio. Repeating the call with the same lease (a runner
   * retrying after a lost response) answers 200 again and changes nothing.
   */
  async complete(id: string, body: CompleteJobDto): Promise<JobResultDto> {
    const completion: Completion = {
      id,
      lease_id: body.lease_id,
      runner_id: body.runner_id,
      text: body.text,
      segments: body.segments, // only {start, end, text}: CompletionPipe refuses other keys
      summary: body.summary ?? null,
      error_message: body.summary_error ? `summary failed: ${body.summary_error}` : null,
      language: body.language ?? null,
      duration_seconds: body.duration_seconds ?? null,
      processing_time_seconds: body.processing_time_seconds,
    };
    const large = body.text.length + body.segments.length * 64 > BATCHED_COMPLETION_MAX_CHARS;
    const outcome = large ? (await this.completeTogether([completion]))[0]! : await this.completions.run(completion);
    if (!outcome.stored) {
      const current = await this.leaseState(id);
      if (current.lease_id === body.lease_id && current.status === TranscriptionStatus.Completed) {
        return { id, status: TranscriptionStatus.Completed };
      }
      throw this.staleLease(current);
    }
    // The result is safe; the audio goes (the seed's "delete audio after runner completes"). If
    // this fails, the storage sweep removes the file later: no row points at it any more.
    if (outcome.hadFile) {
      await this.storage.delete(id).catch((error: unknown) => this.logger.warn(`could not delete the audio of ${id}: ${String(error)}`));
    }
    return { id, status: TranscriptionStatus.Completed };
  }

  /** One fenced UPDATE for many completions: each row changes only under its own current lease. */
  private async completeTogether(completions: Completion[]): Promise<CompletionOutcome[]> {
    const [rows] = (await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           id uuid, lease_id uuid, runner_id text, text text, segments jsonb, summary text, error_message text,
           language text, duration_seconds double precision, processing_time_seconds double precision)),
       target AS (
         SELECT t.id, t.file_path FROM transcriptions t
           JOIN input i ON i.id = t.id AND i.lease_id = t.lease_id AND i.runner_id = t.runner_id
          WHERE t.status = 'processing'
            FOR UPDATE OF t)
       UPDATE transcriptions t SET status = 'completed', text = i.text, segments = i.segments, summary = i.summary,
              error_message = i.error_message, language = COALESCE(i.language, t.language),
              duration_seconds = i.duration_seconds, processing_time_seconds = i.processing_time_seconds,
              progress = 100, stage = 'done', completed_at = now(), lease_expires_at = NULL, file_path = NULL,
              updated_at = now()
         FROM target JOIN input i ON i.id = target.id
        WHERE t.id = target.id
       RETURNING t.id, target.file_path AS stored_file`,
      [JSON.stringify(completions)],
    )) as [{ id: string; stored_file: string | null }[], number];
    const stored = new Map(rows.map((row) => [row.id, row.stored_file !== null]));
    return completions.map((completion) =>
      stored.has(completion.id) ? { stored: true, hadFile: stored.get(completion.id)! } : { stored: false },
    );
  }

  /**
   * A runner gives up on a job: back to pending when it is retryable and attempts are left (or
   * when the runner only hands it back, `released`, which does not count an attempt), else failed.
   * The audio is kept either way, so the job can be retried.
   */
  async fail(id: string, body: FailJobDto): Promise<JobResultDto> {
    const [rows] = (await this.dataSource.query(
      `WITH decision AS (
         SELECT id, ($4::boolean OR ($5::boolean AND attempts < $6::int)) AS requeue
           FROM transcriptions
          WHERE id = $1 AND lease_id = $2 AND runner_id = $3 AND status = 'processing'
            FOR UPDATE)
       UPDATE transcriptions t SET
              status = CASE WHEN d.requeue THEN 'pending' ELSE 'failed' END,
              attempts = CASE WHEN $4::boolean THEN greatest(t.attempts - 1, 0) ELSE t.attempts END,
              error_message = $7, stage = NULL, lease_expires_at = NULL, updated_at = now(),
              completed_at = CASE WHEN d.requeue THEN NULL ELSE now() END,
              progress = CASE WHEN d.requeue THEN 0 ELSE t.progress END,
              -- a requeued job is free for anyone; a failed one keeps its lease so a repeat call is idempotent
              runner_id = CASE WHEN d.requeue THEN NULL ELSE t.runner_id END,
              lease_id = CASE WHEN d.requeue THEN NULL ELSE t.lease_id END
         FROM decision d WHERE t.id = d.id
       RETURNING t.id, t.status`,
      [
        id,
        body.lease_id,
        body.runner_id,
        body.released === true,
        body.retryable === true,
        this.config.maxAttempts,
        body.error_message,
      ],
    )) as [{ id: string; status: TranscriptionStatus }[], number];
    if (rows[0]) return rows[0];
    const current = await this.leaseState(id);
    if (current.lease_id === body.lease_id && current.status === TranscriptionStatus.Failed) {
      return { id, status: TranscriptionStatus.Failed };
    }
    throw this.staleLease(current);
  }

  /**
   * Records the runner and renews the leases it still holds; the listed jobs it no longer holds
   * (cancelled, deleted, taken over after its lease expired) come back as cancelled_job_ids.
   */
  async heartbeat(body: HeartbeatDto): Promise<HeartbeatResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO runners (id, last_ping, is_active, max_concurrent_jobs, current_jobs)
         VALUES ($1, now(), true, $2, $3)
         ON CONFLICT (id) DO UPDATE SET last_ping = now(), is_active = true,
                max_concurrent_jobs = EXCLUDED.max_concurrent_jobs, current_jobs = EXCLUDED.current_jobs`,
        [body.runner_id, body.max_concurrent_jobs, body.current_jobs],
      );
      if (body.job_ids.length === 0) return { cancelled_job_ids: [] };
      const [held] = (await manager.query(
        `UPDATE transcriptions SET lease_expires_at = now() + make_interval(secs => $3)
          WHERE id = ANY($1::uuid[]) AND runner_id = $2 AND status = 'processing'
          RETURNING id`,
        [body.job_ids, body.runner_id, this.config.leaseSeconds],
      )) as [{ id: string }[], number];
      const stillHeld = new Set(held.map((row) => row.id));
      return { cancelled_job_ids: body.job_ids.filter((id) => !stillHeld.has(id.toLowerCase())) };
    });
  }

  /**
   * The audio's metadata, for a runner about to download it. The download URL is a path, or an
   * absolute URL under PUBLIC_URL: never built from the request's Host or X-Forwarded-* headers,
   * which the caller controls.
   */
  async audioInfo(
    id: string,
  ): Promise<{ fileSize: number | null; contentType: string | null; sha256: string | null; path: string; downloadUrl: string }> {
    const [row] = (await this.dataSource.query(
      `SELECT file_size, content_type, audio_sha256, file_path FROM transcriptions WHERE id = $1`,
      [id],
    )) as { file_size: string | null; content_type: string | null; audio_sha256: string | null; file_path: string | null }[];
    if (!row) throw new NotFoundException('job not found');
    if (row.file_path === null) throw new NotFoundException('the audio of this job has been deleted');
    const downloadRoute = `/api/runner/audio/${id}/download`;
    return {
      fileSize: row.file_size === null ? null : Number(row.file_size),
      contentType: row.content_type,
      sha256: row.audio_sha256,
      path: this.storage.pathFor(id),
      downloadUrl: this.config.publicUrl ? urlUnder(this.config.publicUrl, downloadRoute.slice(1)) : downloadRoute,
    };
  }

  private async leaseState(id: string): Promise<LeaseState> {
    const [row] = (await this.dataSource.query(`SELECT status, lease_id, runner_id FROM transcriptions WHERE id = $1`, [
      id,
    ])) as LeaseState[];
    if (!row) throw new NotFoundException('job not found (it may have been deleted)');
    return row;
  }

  private staleLease(current: LeaseState): ConflictException {
    return new ConflictException(
      `stale lease: the job is ${current.status}${current.runner_id ? ` (held by ${current.runner_id})` : ''}; stop working on it`,
    );
  }
}
