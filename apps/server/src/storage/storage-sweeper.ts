import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { ServerConfig } from '../config/server-config.js';
import { AudioStorage } from './audio-storage.js';

export interface StorageSweepResult {
  orphanFilesDeleted: string[];
  partialFilesDeleted: string[];
  jobsFailedForMissingAudio: string[];
}

/** A partial upload file is written to at least this often while its request is alive. */
const PARTIAL_MARGIN_MS = 60_000;

/**
 * Reconciles the storage directory with the rows, on every replica (each step is safe to run on
 * several at once): partial upload files older than any upload can last, files no row refers to,
 * and rows whose file vanished. Runs every STORAGE_SWEEP_SECONDS.
 */
@Injectable()
export class StorageSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(StorageSweeper.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
    private readonly tasks: PeriodicTasks,
  ) {}

  /**
   * A file without a row may be an upload whose INSERT is still waiting for the database: that
   * takes at most the connection and statement timeouts, twice over to be safe.
   */
  get orphanGraceMs(): number {
    return 60_000 + 2 * 1000 * (this.config.databaseConnectTimeoutSeconds + this.config.databaseQueryTimeoutSeconds);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Partial uploads of a crashed run are gone at once (if old enough: another replica may be
    // writing fresh ones); the rest waits for the first sweep.
    await this.removeStalePartials();
    this.tasks.every('storage sweep', this.config.storageSweepSeconds * 1000, this.logger, () => this.sweep());
  }

  async sweep(): Promise<StorageSweepResult> {
    const partialFilesDeleted = await this.removeStalePartials();
    const { orphanFilesDeleted, jobsFailedForMissingAudio, missing } = await this.reconcileFiles();
    if (partialFilesDeleted.length || orphanFilesDeleted.length || missing) {
      this.logger.warn(
        `storage sweep: ${partialFilesDeleted.length} partial upload files and ${orphanFilesDeleted.length} orphan files deleted, ` +
          `${jobsFailedForMissingAudio.length} jobs failed for missing audio`,
      );
    }
    return { orphanFilesDeleted, partialFilesDeleted, jobsFailedForMissingAudio };
  }

  /** Partial upload files older than any live upload's: the HTTP server cuts requests at UPLOAD_TIMEOUT_SECONDS. */
  private removeStalePartials(): Promise<string[]> {
    return this.storage.removePartialsOlderThan(new Date(Date.now() - this.config.uploadTimeoutSeconds * 1000 - PARTIAL_MARGIN_MS));
  }

  /**
   * Files no row refers to (older than the orphan grace) are deleted; pending jobs whose file
   * vanished are failed with a clear message, and finished ones lose their dangling file reference
   * (so a retry says the audio is gone).
   */
  private async reconcileFiles(): Promise<{ orphanFilesDeleted: string[]; jobsFailedForMissingAudio: string[]; missing: number }> {
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
    const cutoff = Date.now() - this.orphanGraceMs;
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
    return { orphanFilesDeleted: deleted, jobsFailedForMissingAudio: failed, missing: missing.length };
  }
}
