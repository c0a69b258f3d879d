import { Injectable } from '@nestjs/common';
import { TranscriptionStatus } from '@app/contracts';
import { Database } from '../database/database.js';

/** A runner as its heartbeats describe it. */
export interface Runner {
  id: string;
  lastPing: Date | null;
  /** Heard from within the lease time. */
  isActive: boolean;
  currentJobs: number;
  maxConcurrentJobs: number;
  /** Jobs it holds a live lease on. */
  leasedJobs: number;
}

interface RunnerRow {
  id: string;
  last_ping: Date | null;
  is_active: boolean;
  current_jobs: number;
  max_concurrent_jobs: number;
  leased_jobs: number;
  recent: boolean | null;
}

/** Statements on the runners table (monitoring only: jobs carry their own leases). */
@Injectable()
export class RunnerRepository {
  constructor(private readonly db: Database) {}

  async recordHeartbeat(runnerId: string, currentJobs: number, maxConcurrentJobs: number): Promise<void> {
    await this.db.rows(
      `INSERT INTO runners (id, last_ping, is_active, max_concurrent_jobs, current_jobs)
       VALUES ($1, now(), true, $2, $3)
       ON CONFLICT (id) DO UPDATE SET last_ping = now(), is_active = true,
              max_concurrent_jobs = EXCLUDED.max_concurrent_jobs, current_jobs = EXCLUDED.current_jobs`,
      [runnerId, maxConcurrentJobs, currentJobs],
    );
  }

  /** Every runner, most recently heard first; one silent for longer than `leaseSeconds` is inactive. */
  async list(leaseSeconds: number): Promise<Runner[]> {
    const rows = await this.db.rows<RunnerRow>(
      `SELECT r.id, r.last_ping, r.is_active, r.current_jobs, r.max_concurrent_jobs,
              r.last_ping > now() - make_interval(secs => $1) AS recent,
              (SELECT count(*)::int FROM transcriptions t
                WHERE t.runner_id = r.id AND t.status = $2 AND t.lease_expires_at > now()) AS leased_jobs
         FROM runners r
        ORDER BY r.last_ping DESC NULLS LAST, r.id`,
      [leaseSeconds, TranscriptionStatus.Processing],
    );
    return rows.map((row) => ({
      id: row.id,
      lastPing: row.last_ping,
      isActive: row.is_active && row.recent === true,
      currentJobs: row.current_jobs,
      maxConcurrentJobs: row.max_concurrent_jobs,
      leasedJobs: row.leased_jobs,
    }));
  }
}
