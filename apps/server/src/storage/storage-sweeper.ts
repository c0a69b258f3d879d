import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TranscriptionStatus } from '@app/contracts';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { ServerConfig } from '../config/server-config.js';
import { TranscriptionRepository } from '../transcriptions/transcription.repository.js';
import { AudioStorage } from './audio-storage.js';

export interface StorageSweepResult {
  /** Audio past AUDIO_RETENTION_HOURS / FAILED_AUDIO_RETENTION_DAYS. */
  expiredAudioDeleted: string[];
  /** Transcriptions past TRANSCRIPT_RETENTION_DAYS. */
  expiredTranscriptionsDeleted: string[];
  orphanFilesDeleted: string[];
  partialFilesDeleted: string[];
  jobsFailedForMissingAudio: string[];
}

const MISSING_AUDIO = 'the audio file is missing from storage; upload it again';
const HOUR_SECONDS = 3600;
const DAY_SECONDS = 24 * HOUR_SECONDS;
/** A partial upload file is written to at least this often while its request is alive. */
const PARTIAL_MARGIN_MS = 60_000;

/**
 * Applies retention and reconciles the storage directory with the rows, on every replica (each
 * step is one conditional statement, safe to run on several at once): audio and transcriptions
 * past their retention, partial upload files older than any upload can last, files no row refers
 * to, and rows whose file vanished. Runs every STORAGE_SWEEP_SECONDS.
 */
@Injectable()
export class StorageSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(StorageSweeper.name);

  constructor(
    private readonly transcriptions: TranscriptionRepository,
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
    const { expiredAudioDeleted, expiredTranscriptionsDeleted } = await this.applyRetention();
    const partialFilesDeleted = await this.removeStalePartials();
    const { orphanFilesDeleted, jobsFailedForMissingAudio, missing } = await this.reconcileFiles();
    if (expiredAudioDeleted.length || expiredTranscriptionsDeleted.length) {
      this.logger.log(
        `retention: ${expiredAudioDeleted.length} audio files and ${expiredTranscriptionsDeleted.length} transcriptions deleted`,
      );
    }
    if (partialFilesDeleted.length || orphanFilesDeleted.length || missing) {
      this.logger.warn(
        `storage sweep: ${partialFilesDeleted.length} partial upload files and ${orphanFilesDeleted.length} orphan files deleted, ` +
          `${jobsFailedForMissingAudio.length} jobs failed for missing audio`,
      );
    }
    return {
      expiredAudioDeleted,
      expiredTranscriptionsDeleted,
      orphanFilesDeleted,
      partialFilesDeleted,
      jobsFailedForMissingAudio,
    };
  }

  /**
   * The rows let go of their audio (or go) first, the files second: a file whose delete fails is
   * an orphan the next sweep removes.
   */
  private async applyRetention(): Promise<{ expiredAudioDeleted: string[]; expiredTranscriptionsDeleted: string[] }> {
    const expiredTranscriptionsDeleted =
      this.config.transcriptRetentionDays === undefined
        ? []
        : await this.transcriptions.deleteOlderThan(this.config.transcriptRetentionDays * DAY_SECONDS);
    const expiredAudioDeleted = await this.transcriptions.releaseExpiredAudio(
      this.config.audioRetentionHours * HOUR_SECONDS,
      this.config.failedAudioRetentionDays * DAY_SECONDS,
    );
    for (const id of [...expiredTranscriptionsDeleted, ...expiredAudioDeleted]) await this.storage.delete(id);
    return { expiredAudioDeleted, expiredTranscriptionsDeleted };
  }

  /** Partial upload files older than any live upload's: the HTTP server cuts requests at UPLOAD_TIMEOUT_SECONDS. */
  private removeStalePartials(): Promise<string[]> {
    return this.storage.removePartialsOlderThan(
      new Date(Date.now() - this.config.uploadTimeoutSeconds * 1000 - PARTIAL_MARGIN_MS),
    );
  }

  /**
   * Files no row refers to (older than the orphan grace) are deleted; pending jobs whose file
   * vanished are failed with a clear message, and finished ones lose their dangling file reference
   * (so a retry says the audio is gone).
   */
  private async reconcileFiles(): Promise<{
    orphanFilesDeleted: string[];
    jobsFailedForMissingAudio: string[];
    missing: number;
  }> {
    // Rows first, files second: a row is written only after its file is in place.
    const referenced = await this.transcriptions.withAudio();
    const files = await this.storage.list();
    const onDisk = new Set(files.map((file) => file.id));

    const missing: string[] = [];
    // A processing job's runner finds out itself (its download fails) and reports it.
    for (const { id, status } of referenced) {
      if (status === TranscriptionStatus.Processing) continue;
      if (!onDisk.has(id) && (await this.storage.size(id)) === null) missing.push(id);
    }
    const failed = missing.length ? await this.transcriptions.markAudioMissing(missing, MISSING_AUDIO) : [];

    const keep = new Set(referenced.map((row) => row.id));
    const cutoff = Date.now() - this.orphanGraceMs;
    const orphans = files.filter((file) => !keep.has(file.id) && file.modifiedAt.getTime() < cutoff).map((file) => file.id);
    // Re-check the orphans against the database right before deleting them.
    const referencedNow = await this.transcriptions.stillReferencingAudio(orphans);
    const deleted: string[] = [];
    for (const id of orphans) {
      if (referencedNow.has(id)) continue;
      await this.storage.delete(id);
      deleted.push(id);
    }
    return { orphanFilesDeleted: deleted, jobsFailedForMissingAudio: failed, missing: missing.length };
  }
}
