import { Injectable } from '@nestjs/common';
import { JobStage, type Segment, TranscriptionStatus } from '@app/contracts';
import { Database } from '../database/database.js';
import { type NewTranscription, type Transcription, type TranscriptionRow, toTranscription } from './transcription.js';

const { Pending, Processing, Completed, Failed, Cancelled } = TranscriptionStatus;

/** Every column but the results, which lists never show. */
const LIST_COLUMNS = `id, user_id, file_name, file_path, content_type, file_size, audio_sha256, language, status, progress,
  stage, attempts, runner_id, lease_id, lease_expires_at, duration_seconds, error_message, processing_time_seconds,
  created_at, updated_at, started_at, completed_at`;

/**
 * What a claim hands over, for the claimant's `runner_id`: $2 lease seconds, $5 processing, $6
 * queued. Claim and start both use it, so the two ways of taking a job cannot drift apart.
 */
const TAKE_JOB = `status = $5, runner_id = claimant.runner_id, lease_id = gen_random_uuid(),
       lease_expires_at = now() + make_interval(secs => $2), attempts = t.attempts + 1,
       started_at = now(), completed_at = NULL, progress = 0, stage = $6, updated_at = now()`;
const CLAIMED_COLUMNS = `t.id, t.file_name, t.language, t.content_type, t.file_size, t.created_at,
       t.lease_id, t.lease_expires_at, t.attempts, t.audio_sha256`;

/** Who may see a transcription: its owner (others get nothing, as if it did not exist), or an admin. */
export type Scope = { ownerId: string } | { admin: true };
const ownerOf = (scope: Scope): string | null => ('ownerId' in scope ? scope.ownerId : null);

export interface ListFilter {
  /** Only this user's (an admin's filter; owners are scoped anyway). */
  userId?: string;
  status?: TranscriptionStatus;
}

/** A job as handed to a runner. */
export interface ClaimedJob {
  id: string;
  fileName: string;
  language: string | null;
  contentType: string | null;
  fileSize: number | null;
  createdAt: Date;
  leaseId: string;
  leaseExpiresAt: Date;
  attempt: number;
  sha256: string | null;
}

interface ClaimedRow {
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

const toClaimedJob = (row: ClaimedRow): ClaimedJob => ({
  id: row.id,
  fileName: row.file_name,
  language: row.language,
  contentType: row.content_type,
  fileSize: row.file_size === null ? null : Number(row.file_size),
  createdAt: row.created_at,
  leaseId: row.lease_id,
  leaseExpiresAt: row.lease_expires_at,
  attempt: row.attempts,
  sha256: row.audio_sha256,
});

export interface LeaseState {
  status: TranscriptionStatus;
  leaseId: string | null;
  runnerId: string | null;
}

/** A runner's result, as stored. */
export interface Completion {
  id: string;
  leaseId: string;
  runnerId: string;
  text: string;
  segments: Segment[];
  summary: string | null;
  errorMessage: string | null;
  language: string | null;
  durationSeconds: number | null;
  processingTimeSeconds: number;
}

/** Stored (and whether the job still had its audio), or refused (not this lease, or not processing). */
export type CompletionOutcome = { stored: true; hadAudio: boolean } | { stored: false };

export interface Failure {
  id: string;
  leaseId: string;
  runnerId: string;
  errorMessage: string;
  /** Handed back unfinished: pending again, the attempt not counted. */
  released: boolean;
  /** Worth another attempt, while fewer than `maxAttempts` were made. */
  retryable: boolean;
  maxAttempts: number;
}

export interface QueueTimes {
  oldestPendingAgeSeconds: number | null;
  meanProcessingTimeSeconds: number | null;
}

/**
 * Every statement on the transcriptions table. Each state change is one statement that checks the
 * state it expects (claims lock with FOR UPDATE SKIP LOCKED; runner calls are fenced by the lease;
 * owners' and admins' changes are conditional on the status), so any number of runners, users and
 * server replicas can act at once without losing or doubling a job. Statuses are always bound as
 * parameters; no statement text is built from arguments.
 */
@Injectable()
export class TranscriptionRepository {
  constructor(private readonly db: Database) {}

  // --- uploads, owners and admins ------------------------------------------------------------

  async insert(upload: NewTranscription): Promise<Transcription> {
    const [row] = await this.db.rows<TranscriptionRow>(
      `INSERT INTO transcriptions (id, user_id, file_name, file_path, content_type, file_size, audio_sha256, language, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING *`,
      [
        upload.id,
        upload.userId,
        upload.fileName,
        upload.filePath,
        upload.contentType,
        upload.fileSize,
        upload.audioSha256,
        upload.language,
        Pending,
      ],
    );
    return toTranscription(row!);
  }

  /** One page, newest first (results not loaded), and how many there are in all. */
  async page(
    scope: Scope,
    filter: ListFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: Transcription[]; total: number }> {
    const where = `($1::uuid IS NULL OR user_id = $1) AND ($2::uuid IS NULL OR user_id = $2) AND ($3::text IS NULL OR status = $3)`;
    const parameters = [ownerOf(scope), filter.userId ?? null, filter.status ?? null];
    const [rows, [count]] = await Promise.all([
      this.db.rows<TranscriptionRow>(
        `SELECT ${LIST_COLUMNS} FROM transcriptions WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`,
        [...parameters, pageSize, (page - 1) * pageSize],
      ),
      this.db.rows<{ total: number }>(`SELECT count(*)::int AS total FROM transcriptions WHERE ${where}`, parameters),
    ]);
    return { items: rows.map(toTranscription), total: count!.total };
  }

  async find(scope: Scope, id: string): Promise<Transcription | undefined> {
    const [row] = await this.db.rows<TranscriptionRow>(
      `SELECT * FROM transcriptions WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2)`,
      [id, ownerOf(scope)],
    );
    return row && toTranscription(row);
  }

  /**
   * Pending or processing → cancelled. The lease id stays, so the runner holding it is told
   * "cancelled" rather than "unknown lease". Undefined when it was in no such state.
   */
  async cancel(scope: Scope, id: string, reason: string): Promise<Transcription | undefined> {
    const [row] = await this.db.rows<TranscriptionRow>(
      `UPDATE transcriptions SET status = $3, stage = NULL, lease_expires_at = NULL, completed_at = now(),
              error_message = $4, updated_at = now()
        WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND status = ANY($5::text[])
        RETURNING *`,
      [id, ownerOf(scope), Cancelled, reason, [Pending, Processing]],
    );
    return row && toTranscription(row);
  }

  /** Back to pending with a clean slate, if it is in one of the `from` statuses; else undefined. */
  async requeue(scope: Scope, id: string, from: TranscriptionStatus[]): Promise<Transcription | undefined> {
    const [row] = await this.db.rows<TranscriptionRow>(
      `UPDATE transcriptions SET status = $3, attempts = 0, progress = 0, stage = NULL, runner_id = NULL, lease_id = NULL,
              lease_expires_at = NULL, error_message = NULL, started_at = NULL, completed_at = NULL, updated_at = now()
        WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND status = ANY($4::text[])
        RETURNING *`,
      [id, ownerOf(scope), Pending, from],
    );
    return row && toTranscription(row);
  }

  /** Deletes the row (a runner working on it is refused from then on); false if there was none. */
  async delete(scope: Scope, id: string): Promise<boolean> {
    const rows = await this.db.rows(
      `DELETE FROM transcriptions WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) RETURNING id`,
      [id, ownerOf(scope)],
    );
    return rows.length > 0;
  }

  async idsOwnedBy(userId: string): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>(`SELECT id FROM transcriptions WHERE user_id = $1`, [userId]);
    return rows.map((row) => row.id);
  }

  // --- the runner queue -------------------------------------------------------------------

  /** Jobs in a status, oldest first (the poll-then-start protocol's listing). Claims nothing. */
  async listByStatus(status: TranscriptionStatus, limit: number): Promise<ClaimedJob[]> {
    const rows = await this.db.rows<ClaimedRow>(
      `SELECT ${CLAIMED_COLUMNS} FROM transcriptions t WHERE t.status = $1 ORDER BY t.created_at, t.id LIMIT $2`,
      [status, limit],
    );
    return rows.map(toClaimedJob);
  }

  /**
   * One statement for many claims: lock the oldest pending jobs (SKIP LOCKED: rows another
   * statement holds are passed over, never shared), number them, and give job n to slot n;
   * `slots[n]` is the runner that owns slot n+1. Returns each slot's job (slots beyond the
   * pending jobs get none).
   */
  async claimSlots(slots: string[], leaseSeconds: number): Promise<Map<number, ClaimedJob>> {
    const rows = await this.db.rows<ClaimedRow & { slot: string }>(
      `WITH picked AS (
         SELECT id, row_number() OVER (ORDER BY created_at, id) AS slot
           FROM (SELECT id, created_at FROM transcriptions
                  WHERE status = $3
                  ORDER BY created_at, id
                  LIMIT $4
                    FOR UPDATE SKIP LOCKED) oldest),
       claimant AS (SELECT runner_id, slot FROM unnest($1::text[]) WITH ORDINALITY AS s(runner_id, slot))
       UPDATE transcriptions t SET ${TAKE_JOB}
         FROM picked JOIN claimant USING (slot)
        WHERE t.id = picked.id
       RETURNING picked.slot, ${CLAIMED_COLUMNS}`,
      [slots, leaseSeconds, Pending, slots.length, Processing, JobStage.Queued],
    );
    return new Map(rows.map((row) => [Number(row.slot), toClaimedJob(row)]));
  }

  /** Takes this one job if it is still pending (of racing runners exactly one gets it). */
  async start(id: string, runnerId: string, leaseSeconds: number): Promise<ClaimedJob | undefined> {
    const [row] = await this.db.rows<ClaimedRow>(
      `WITH claimant AS (SELECT $1::text AS runner_id)
       UPDATE transcriptions t SET ${TAKE_JOB}
         FROM claimant
        WHERE t.id = $3 AND t.status = $4
       RETURNING ${CLAIMED_COLUMNS}`,
      [runnerId, leaseSeconds, id, Pending, Processing, JobStage.Queued],
    );
    return row && toClaimedJob(row);
  }

  /** Records progress and renews the lease, if this runner still holds this lease on a processing job. */
  async recordProgress(
    id: string,
    lease: { leaseId: string; runnerId: string },
    progress: number,
    stage: JobStage,
    leaseSeconds: number,
  ): Promise<boolean> {
    const rows = await this.db.rows(
      `UPDATE transcriptions SET progress = $4, stage = $5, updated_at = now(),
              lease_expires_at = now() + make_interval(secs => $6)
        WHERE id = $1 AND lease_id = $2 AND runner_id = $3 AND status = $7
        RETURNING id`,
      [id, lease.leaseId, lease.runnerId, progress, stage, leaseSeconds, Processing],
    );
    return rows.length > 0;
  }

  /**
   * One fenced UPDATE for many results: each row changes only under its own current lease. The
   * audio reference is cleared in the same statement (the caller deletes the file).
   */
  async completeAll(completions: Completion[]): Promise<CompletionOutcome[]> {
    const input = completions.map((completion) => ({
      id: completion.id,
      lease_id: completion.leaseId,
      runner_id: completion.runnerId,
      text: completion.text,
      segments: completion.segments,
      summary: completion.summary,
      error_message: completion.errorMessage,
      language: completion.language,
      duration_seconds: completion.durationSeconds,
      processing_time_seconds: completion.processingTimeSeconds,
    }));
    const rows = await this.db.rows<{ id: string; stored_file: string | null }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           id uuid, lease_id uuid, runner_id text, text text, segments jsonb, summary text, error_message text,
           language text, duration_seconds double precision, processing_time_seconds double precision)),
       target AS (
         SELECT t.id, t.file_path FROM transcriptions t
           JOIN input i ON i.id = t.id AND i.lease_id = t.lease_id AND i.runner_id = t.runner_id
          WHERE t.status = $2
            FOR UPDATE OF t)
       UPDATE transcriptions t SET status = $3, text = i.text, segments = i.segments, summary = i.summary,
              error_message = i.error_message, language = COALESCE(i.language, t.language),
              duration_seconds = i.duration_seconds, processing_time_seconds = i.processing_time_seconds,
              progress = 100, stage = $4, completed_at = now(), lease_expires_at = NULL, file_path = NULL,
              updated_at = now()
         FROM target JOIN input i ON i.id = target.id
        WHERE t.id = target.id
       RETURNING t.id, target.file_path AS stored_file`,
      [JSON.stringify(input), Processing, Completed, JobStage.Done],
    );
    const stored = new Map(rows.map((row) => [row.id, row.stored_file !== null]));
    return completions.map((completion) => {
      const hadAudio = stored.get(completion.id);
      return hadAudio === undefined ? { stored: false } : { stored: true, hadAudio };
    });
  }

  /**
   * A runner gives up on a job it holds: back to pending when it only hands it back (`released`,
   * the attempt not counted) or when it is retryable and attempts are left, else failed. A failed
   * job keeps its lease, so a repeated call can be recognised. Undefined: the runner does not hold it.
   */
  async fail(failure: Failure): Promise<TranscriptionStatus | undefined> {
    const [row] = await this.db.rows<{ status: TranscriptionStatus }>(
      `WITH decision AS (
         SELECT id, ($4::boolean OR ($5::boolean AND attempts < $6::int)) AS requeue
           FROM transcriptions
          WHERE id = $1 AND lease_id = $2 AND runner_id = $3 AND status = $8
            FOR UPDATE)
       UPDATE transcriptions t SET
              status = CASE WHEN d.requeue THEN $9 ELSE $10 END,
              attempts = CASE WHEN $4::boolean THEN greatest(t.attempts - 1, 0) ELSE t.attempts END,
              error_message = $7, stage = NULL, lease_expires_at = NULL, updated_at = now(),
              completed_at = CASE WHEN d.requeue THEN NULL ELSE now() END,
              progress = CASE WHEN d.requeue THEN 0 ELSE t.progress END,
              runner_id = CASE WHEN d.requeue THEN NULL ELSE t.runner_id END,
              lease_id = CASE WHEN d.requeue THEN NULL ELSE t.lease_id END
         FROM decision d WHERE t.id = d.id
       RETURNING t.status`,
      [
        failure.id,
        failure.leaseId,
        failure.runnerId,
        failure.released,
        failure.retryable,
        failure.maxAttempts,
        failure.errorMessage,
        Processing,
        Pending,
        Failed,
      ],
    );
    return row?.status;
  }

  /** Renews the leases this runner holds among `jobIds`; returns the ids it holds. */
  async renewLeases(jobIds: string[], runnerId: string, leaseSeconds: number): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows = await this.db.rows<{ id: string }>(
      `UPDATE transcriptions SET lease_expires_at = now() + make_interval(secs => $3)
        WHERE id = ANY($1::uuid[]) AND runner_id = $2 AND status = $4
        RETURNING id`,
      [jobIds, runnerId, leaseSeconds, Processing],
    );
    return new Set(rows.map((row) => row.id));
  }

  async leaseState(id: string): Promise<LeaseState | undefined> {
    const [row] = await this.db.rows<{ status: TranscriptionStatus; lease_id: string | null; runner_id: string | null }>(
      `SELECT status, lease_id, runner_id FROM transcriptions WHERE id = $1`,
      [id],
    );
    return row && { status: row.status, leaseId: row.lease_id, runnerId: row.runner_id };
  }

  /**
   * Processing jobs whose lease expired: back to pending, or failed after `maxAttempts`, with the
   * reason. One conditional statement: replicas sweeping at once never requeue a job twice.
   */
  async expireLeases(maxAttempts: number): Promise<{ id: string; status: TranscriptionStatus }[]> {
    return this.db.rows(
      `UPDATE transcriptions SET
              status = CASE WHEN attempts >= $1 THEN $3 ELSE $4 END,
              error_message = CASE WHEN attempts >= $1
                THEN format('failed after %s attempts: runner %s stopped reporting and its lease expired', attempts, runner_id)
                ELSE format('attempt %s: runner %s stopped reporting and its lease expired; requeued', attempts, runner_id) END,
              completed_at = CASE WHEN attempts >= $1 THEN now() ELSE NULL END,
              runner_id = CASE WHEN attempts >= $1 THEN runner_id ELSE NULL END,
              lease_id = NULL, lease_expires_at = NULL, progress = 0, stage = NULL, updated_at = now()
        WHERE status = $2 AND lease_expires_at < now()
        RETURNING id, status`,
      [maxAttempts, Processing, Failed, Pending],
    );
  }

  // --- audio --------------------------------------------------------------------------------

  /** Rows that refer to a stored audio file, with their status. */
  async withAudio(): Promise<{ id: string; status: TranscriptionStatus }[]> {
    return this.db.rows(`SELECT id, status FROM transcriptions WHERE file_path IS NOT NULL`);
  }

  /** Of `ids`, those whose rows still refer to their audio. */
  async stillReferencingAudio(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.rows<{ id: string }>(
      `SELECT id FROM transcriptions WHERE id = ANY($1::uuid[]) AND file_path IS NOT NULL`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * The audio of these jobs vanished from storage: their reference is dropped, and pending ones
   * are failed with a message saying so (processing ones are left to their runner). Returns the
   * ids that were failed.
   */
  async markAudioMissing(ids: string[], message: string): Promise<string[]> {
    const rows = await this.db.rows<{ id: string; was: TranscriptionStatus }>(
      `WITH before AS (
         SELECT id, status FROM transcriptions
          WHERE id = ANY($1::uuid[]) AND file_path IS NOT NULL AND status <> $5
            FOR UPDATE)
       UPDATE transcriptions t SET file_path = NULL, updated_at = now(),
              status = CASE WHEN before.status = $2 THEN $3 ELSE t.status END,
              completed_at = CASE WHEN before.status = $2 THEN now() ELSE t.completed_at END,
              error_message = CASE WHEN before.status = $2 THEN $4 ELSE t.error_message END
         FROM before WHERE t.id = before.id
       RETURNING t.id, before.status AS was`,
      [ids, Pending, Failed, message, Processing],
    );
    return rows.filter((row) => row.was === Pending).map((row) => row.id);
  }

  /** Size, type, checksum and presence of a job's audio. */
  async audio(
    id: string,
  ): Promise<Pick<Transcription, 'fileSize' | 'contentType' | 'audioSha256' | 'filePath' | 'fileName'> | undefined> {
    const [row] = await this.db.rows<
      Pick<TranscriptionRow, 'file_size' | 'content_type' | 'audio_sha256' | 'file_path' | 'file_name'>
    >(`SELECT file_size, content_type, audio_sha256, file_path, file_name FROM transcriptions WHERE id = $1`, [id]);
    return (
      row && {
        fileSize: row.file_size === null ? null : Number(row.file_size),
        contentType: row.content_type,
        audioSha256: row.audio_sha256,
        filePath: row.file_path,
        fileName: row.file_name,
      }
    );
  }

  // --- statistics ---------------------------------------------------------------------------

  async countByStatus(): Promise<Record<TranscriptionStatus, number>> {
    const rows = await this.db.rows<{ status: TranscriptionStatus; n: number }>(
      `SELECT status, count(*)::int AS n FROM transcriptions GROUP BY status`,
    );
    const counts = Object.fromEntries(Object.values(TranscriptionStatus).map((status) => [status, 0])) as Record<
      TranscriptionStatus,
      number
    >;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  async queueTimes(): Promise<QueueTimes> {
    const [row] = await this.db.rows<{ oldest: number | null; mean: number | null }>(
      `SELECT extract(epoch FROM now() - (SELECT min(created_at) FROM transcriptions WHERE status = $1))::float AS oldest,
              (SELECT avg(processing_time_seconds) FROM transcriptions
                WHERE status = $2 AND processing_time_seconds IS NOT NULL)::float AS mean`,
      [Pending, Completed],
    );
    return { oldestPendingAgeSeconds: row?.oldest ?? null, meanProcessingTimeSeconds: row?.mean ?? null };
  }

  /** Bytes of audio kept for transcriptions. */
  async storedAudioBytes(): Promise<number> {
    const [row] = await this.db.rows<{ bytes: number }>(
      `SELECT COALESCE(sum(file_size), 0)::float AS bytes FROM transcriptions WHERE file_path IS NOT NULL`,
    );
    return row?.bytes ?? 0;
  }
}
