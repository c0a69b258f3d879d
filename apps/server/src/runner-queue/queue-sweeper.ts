import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServerConfig } from '../config/server-config.js';
import { AudioStorage } from '../storage/audio-storage.js';

/** How often the storage is reconciled with the rows. */
const STORAGE_SWEEP_MS = 10 * 60_000;
/** A file younger than this may belong to an upload whose row is being written: never an orphan. */
export const ORPHAN_GRACE_MS = 10 * 60_000;

export interface LeaseSweepResult {
  requeued: string[];
  failed: string[];
}

export interface StorageSweepResult {
  orphanFilesDeleted: string[];
  jobsFailedForMissingAudio: string[];
}

/**
 * The server's periodic repairs (@nestjs/schedule intervals). Each is a single conditional
 * statement per row, so several server replicas may run them at the same moment: a job is
 * requeued or failed once, never twice.
 */
@Injectable()
export class QueueSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(QueueSweeper.name);
  private readonly running = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  /** Lease sweeps run a few times per lease, so a dead runner's job waits at most ~1.25 leases. */
  get leaseSweepMs(): number {
    return Math.min(30_000, Math.max(500, (this.config.leaseSeconds * 1000) / 4));
  }

  onApplicationBootstrap(): void {
    this.schedule('lease-sweep', this.leaseSweepMs, () => this.sweepExpiredLeases());
    this.schedule('storage-sweep', STORAGE_SWEEP_MS, () => this.sweepStorage());
  }

  /** Processing jobs whose lease expired: back to pending, or failed after MAX_ATTEMPTS. */
  async sweepExpiredLeases(): Promise<LeaseSweepResult> {
    const [rows] = (await this.dataSource.query(
      `UPDATE transcriptions SET
              status = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'pending' END,
              error_message = CASE WHEN attempts >= $1
                THEN format('failed after %s attempts: runner %s stopped reporting and its lease expired', attempts, runner_id)
                ELSE format('attempt %s: runner %s stopped reporting and its lease expired; requeued', attempts, runner_id) END,
              completed_at = CASE WHEN attempts >= $1 THEN now() ELSE NULL END,
              runner_id = CASE WHEN attempts >= $1 THEN runner_id ELSE NULL END,
              lease_id = NULL, lease_expires_at = NULL, progress = 0, stage = NULL, updated_at = now()
        WHERE status = 'processing' AND lease_expires_at < now()
        RETURNING id, status`,
      [this.config.maxAttempts],
    )) as [{ id: string; status: string }[], number];
    const result = {
      requeued: rows.filter((row) => row.status === 'pending').map((row) => row.id),
      failed: rows.filter((row) => row.status === 'failed').map((row) => row.id),
    };
    if (rows.length) {
      this.logger.warn(`expired leases: ${result.requeued.length} requeued, ${result.failed.length} failed (max attempts)`);
    }
    return result;
  }

  /**
   * Reconciles storage and rows: files no row refers to (older than ORPHAN_GRACE_MS) are deleted;
   * pending jobs whose file vanished are failed with a clear message, and finished ones lose their
   * dangling file reference (so a retry says the audio is gone).
   */
  async sweepStorage(): Promise<StorageSweepResult> {
    // Rows first, files second: a row is written only after its file is in place.
    const referenced = (await this.dataSource.query(`SELECT id, status FROM transcriptions WHERE file_path IS NOT NULL`)) as {
      id: string;
      status: string;
    }[];
    const files = await this.storage.list();
    const onDisk = new Set(files.map((file) => file.id));

    const missing: string[] = [];
    // A processing job's runner finds out itself (its download fails) and reports it.
    for (const { id, status } of referenced) {
      if (status === 'processing') continue;
      if (!onDisk.has(id) && (await this.storage.size(id)) === null) missing.push(id);
    }
    let failed: string[] = [];
    if (missing.length) {
      const [failedRows] = (await this.dataSource.query(
        `UPDATE transcriptions SET file_path = NULL, updated_at = now(),
                status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
                completed_at = CASE WHEN status = 'pending' THEN now() ELSE completed_at END,
                error_message = CASE WHEN status = 'pending'
                  THEN 'the audio file is missing from storage; upload it again' ELSE error_message END
          WHERE id = ANY($1::uuid[]) AND file_path IS NOT NULL AND status <> 'processing'
          RETURNING id, status`,
        [missing],
      )) as [{ id: string; status: string }[], number];
      failed = failedRows.filter((row) => row.status === 'failed').map((row) => row.id);
    }

    const keep = new Set(referenced.map((row) => row.id));
    const cutoff = Date.now() - ORPHAN_GRACE_MS;
    const orphans = files.filter((file) => !keep.has(file.id) && file.modifiedAt.getTime() < cutoff).map((file) => file.id);
    // Re-check each orphan against the database right before deleting it.
    const stillReferenced = orphans.length
      ? ((await this.dataSource.query(`SELECT id FROM transcriptions WHERE id = ANY($1::uuid[]) AND file_path IS NOT NULL`, [
          orphans,
        ])) as { id: string }[])
      : [];
    const referencedNow = new Set(stillReferenced.map((row) => row.id));
    const deleted: string[] = [];
    for (const id of orphans) {
      if (referencedNow.has(id)) continue;
      await this.storage.delete(id);
      deleted.push(id);
    }
    if (deleted.length || missing.length) {
      this.logger.warn(`storage sweep: ${deleted.length} orphan files deleted, ${failed.length} jobs failed for missing audio`);
    }
    return { orphanFilesDeleted: deleted, jobsFailedForMissingAudio: failed };
  }

  private schedule(name: string, everyMs: number, task: () => Promise<unknown>): void {
    const run = async () => {
      if (this.running.has(name)) return; // the previous run is still going
      this.running.add(name);
      try {
        await task();
      } catch (error) {
        this.logger.error(`${name} failed: ${String(error)}`);
      } finally {
        this.running.delete(name);
      }
    };
    this.scheduler.addInterval(name, setInterval(() => void run(), everyMs));
  }
}
