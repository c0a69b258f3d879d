import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { ServerConfig } from '../config/server-config.js';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ServerConfig,
    private readonly tasks: PeriodicTasks,
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
}
