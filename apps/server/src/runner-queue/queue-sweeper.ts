import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TranscriptionStatus } from '@app/contracts';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { ServerConfig } from '../config/server-config.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { TranscriptionRepository } from '../transcriptions/transcription.repository.js';

export interface LeaseSweepResult {
  requeued: string[];
  failed: string[];
}

/**
 * Returns the jobs of runners that stopped reporting to the queue. One conditional statement, so
 * several server replicas may sweep at the same moment: a job is requeued or failed once, never twice.
 */
@Injectable()
export class QueueSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(QueueSweeper.name);

  constructor(
    private readonly transcriptions: TranscriptionRepository,
    private readonly config: ServerConfig,
    private readonly tasks: PeriodicTasks,
    private readonly metrics: ServerMetrics,
  ) {}

  /** Lease sweeps run a few times per lease, so a dead runner's job waits at most ~1.25 leases. */
  get leaseSweepMs(): number {
    return Math.min(30_000, Math.max(500, (this.config.leaseSeconds * 1000) / 4));
  }

  onApplicationBootstrap(): void {
    this.tasks.every('lease sweep', this.leaseSweepMs, this.logger, () => this.sweepExpiredLeases());
  }

  /** Processing jobs whose lease expired: back to pending, or failed after MAX_ATTEMPTS. */
  async sweepExpiredLeases(): Promise<LeaseSweepResult> {
    const rows = await this.transcriptions.expireLeases(this.config.maxAttempts);
    const result = {
      requeued: rows.filter((row) => row.status === TranscriptionStatus.Pending).map((row) => row.id),
      failed: rows.filter((row) => row.status === TranscriptionStatus.Failed).map((row) => row.id),
    };
    // A summary job out of attempts ends completed (its earlier summary stands): a failure all the same.
    this.metrics.leasesExpired(result.requeued.length, rows.length - result.requeued.length);
    if (rows.length) {
      this.logger.warn(`expired leases: ${result.requeued.length} requeued, ${result.failed.length} failed (max attempts)`);
    }
    return result;
  }
}
