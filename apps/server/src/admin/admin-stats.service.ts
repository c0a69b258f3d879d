import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type RunnerStatusDto, type StatsDto, TranscriptionStatus } from '@app/contracts';
import { ServerConfig } from '../config/server-config.js';
import { AudioStorage } from '../storage/audio-storage.js';

interface RunnerRow {
  id: string;
  last_ping: Date | null;
  is_active: boolean;
  current_jobs: number;
  max_concurrent_jobs: number;
  leased_jobs: number;
  recent: boolean;
}

/** What the admin dashboard shows about the queue and the runners. */
@Injectable()
export class AdminStatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
  ) {}

  /** Runners from their heartbeats; one silent for longer than a lease counts as inactive. */
  async runners(): Promise<RunnerStatusDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.last_ping, r.is_active, r.current_jobs, r.max_concurrent_jobs,
              r.last_ping > now() - make_interval(secs => $1) AS recent,
              (SELECT count(*)::int FROM transcriptions t
                WHERE t.runner_id = r.id AND t.status = 'processing' AND t.lease_expires_at > now()) AS leased_jobs
         FROM runners r
        ORDER BY r.last_ping DESC NULLS LAST, r.id`,
      [this.config.leaseSeconds],
    )) as RunnerRow[];
    return rows.map((row) => ({
      id: row.id,
      last_ping: row.last_ping ? row.last_ping.toISOString() : null,
      is_active: row.is_active && row.recent === true,
      current_jobs: row.current_jobs,
      max_concurrent_jobs: row.max_concurrent_jobs,
      leased_jobs: row.leased_jobs,
    }));
  }

  async stats(): Promise<StatsDto> {
    const [counts, [queue], [users], runners, [audio], disk] = await Promise.all([
      this.dataSource.query(`SELECT status, count(*)::int AS n FROM transcriptions GROUP BY status`) as Promise<
        { status: TranscriptionStatus; n: number }[]
      >,
      this.dataSource.query(
        `SELECT extract(epoch FROM now() - (SELECT min(created_at) FROM transcriptions WHERE status = 'pending'))::float AS oldest,
                (SELECT avg(processing_time_seconds) FROM transcriptions
                  WHERE status = 'completed' AND processing_time_seconds IS NOT NULL)::float AS mean`,
      ) as Promise<{ oldest: number | null; mean: number | null }[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM users`) as Promise<{ n: number }[]>,
      this.runners(),
      this.dataSource.query(
        `SELECT COALESCE(sum(file_size), 0)::float AS bytes FROM transcriptions WHERE file_path IS NOT NULL`,
      ) as Promise<{ bytes: number }[]>,
      this.storage.diskSpace(),
    ]);
    const byStatus = Object.fromEntries(Object.values(TranscriptionStatus).map((status) => [status, 0])) as Record<
      TranscriptionStatus,
      number
    >;
    for (const row of counts) byStatus[row.status] = row.n;
    return {
      counts: byStatus,
      queue_depth: byStatus[TranscriptionStatus.Pending],
      oldest_pending_age_seconds: queue?.oldest ?? null,
      mean_processing_time_seconds: queue?.mean ?? null,
      active_runners: runners.filter((runner) => runner.is_active).length,
      users: users?.n ?? 0,
      disk: {
        total_bytes: disk.totalBytes,
        free_bytes: disk.freeBytes,
        used_bytes: disk.usedBytes,
        audio_bytes: audio?.bytes ?? 0,
        min_free_bytes: this.config.minFreeDiskBytes,
        accepting_uploads: disk.freeBytes >= this.config.minFreeDiskBytes,
      },
    };
  }
}
