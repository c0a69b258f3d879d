import { Injectable } from '@nestjs/common';
import { JobKind, TranscriptionStatus } from '@app/contracts';
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
  /** The whisper models it announced last. */
  models: string[];
}

/** A model that pending jobs name and no online runner has. */
export interface UnroutableModel {
  model: string;
  pendingJobs: number;
}

interface RunnerRow {
  id: string;
  last_ping: Date | null;
  is_active: boolean;
  current_jobs: number;
  max_concurrent_jobs: number;
  leased_jobs: number;
  recent: boolean | null;
  models: string[];
}

/** Runners heard from within the lease ($1 seconds). */
const ONLINE = `is_active AND last_ping > now() - make_interval(secs => $1)`;

/** Statements on the runners table (monitoring only: jobs carry their own leases). */
@Injectable()
export class RunnerRepository {
  constructor(private readonly db: Database) {}

  async recordHeartbeat(runnerId: string, currentJobs: number, maxConcurrentJobs: number, models: string[]): Promise<void> {
    await this.db.rows(
      `INSERT INTO runners (id, last_ping, is_active, max_concurrent_jobs, current_jobs, models)
       VALUES ($1, now(), true, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET last_ping = now(), is_active = true,
              max_concurrent_jobs = EXCLUDED.max_concurrent_jobs, current_jobs = EXCLUDED.current_jobs,
              models = EXCLUDED.models`,
      [runnerId, maxConcurrentJobs, currentJobs, models],
    );
  }

  /** The models a claim announced (the runner is online: it just called). */
  async recordModels(runnerId: string, models: string[]): Promise<void> {
    await this.db.rows(
      `INSERT INTO runners (id, last_ping, is_active, models) VALUES ($1, now(), true, $2)
       ON CONFLICT (id) DO UPDATE SET last_ping = now(), is_active = true, models = EXCLUDED.models`,
      [runnerId, models],
    );
  }

  /** Every model some online runner announced, by name. */
  async onlineModels(leaseSeconds: number): Promise<string[]> {
    const rows = await this.db.rows<{ model: string }>(
      `SELECT DISTINCT unnest(models) AS model FROM runners WHERE ${ONLINE} ORDER BY model`,
      [leaseSeconds],
    );
    return rows.map((row) => row.model);
  }

  /** Pending jobs by the model they name, where no online runner has it (summarize jobs need none). */
  async unroutable(leaseSeconds: number): Promise<UnroutableModel[]> {
    const rows = await this.db.rows<{ model: string; pending_jobs: number }>(
      `SELECT t.model, count(*)::int AS pending_jobs FROM transcriptions t
        WHERE t.status = $2 AND t.model IS NOT NULL AND t.kind <> $3
          AND NOT EXISTS (SELECT 1 FROM runners WHERE ${ONLINE} AND t.model = ANY(models))
        GROUP BY t.model ORDER BY t.model`,
      [leaseSeconds, TranscriptionStatus.Pending, JobKind.Summarize],
    );
    return rows.map((row) => ({ model: row.model, pendingJobs: row.pending_jobs }));
  }

  /** Every runner, most recently heard first; one silent for longer than `leaseSeconds` is inactive. */
  async list(leaseSeconds: number): Promise<Runner[]> {
    const rows = await this.db.rows<RunnerRow>(
      `SELECT r.id, r.last_ping, r.is_active, r.current_jobs, r.max_concurrent_jobs, r.models,
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
      models: row.models,
    }));
  }
}
