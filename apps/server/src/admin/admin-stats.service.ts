import { Injectable } from '@nestjs/common';
import type { StatsDto } from '@app/contracts';
import { ServerConfig } from '../config/server-config.js';
import { RunnerQueueService } from '../runner-queue/runner-queue.service.js';
import { AudioStorage } from '../storage/audio-storage.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import { UsersService } from '../users/users.service.js';

/** What the admin dashboard shows about the queue, the last day's jobs, the runners and the disk. */
@Injectable()
export class AdminStatsService {
  constructor(
    private readonly transcriptions: TranscriptionsService,
    private readonly queue: RunnerQueueService,
    private readonly users: UsersService,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
  ) {}

  async stats(): Promise<StatsDto> {
    const [queue, activity, runners, unroutable, users, disk] = await Promise.all([
      this.transcriptions.statistics(),
      this.transcriptions.recentActivity(),
      this.queue.runners(),
      this.queue.unroutable(),
      this.users.count(),
      this.storage.diskSpace(),
    ]);
    return {
      counts: queue.counts,
      queue_depth: queue.counts.pending,
      oldest_pending_age_seconds: queue.oldestPendingAgeSeconds,
      mean_processing_time_seconds: queue.meanProcessingTimeSeconds,
      mean_real_time_factor: activity.lastDay.meanRealTimeFactor,
      completed_last_24h: activity.lastDay.completed,
      failed_last_24h: activity.lastDay.failed,
      jobs_per_hour: activity.perHour.map(({ hour, created, completed, failed }) => ({
        hour: hour.toISOString(),
        created,
        completed,
        failed,
      })),
      active_runners: runners.filter((runner) => runner.isActive).length,
      unroutable: unroutable.map(({ model, pendingJobs }) => ({ model, pending_jobs: pendingJobs })),
      users,
      disk: {
        total_bytes: disk.totalBytes,
        free_bytes: disk.freeBytes,
        used_bytes: disk.usedBytes,
        audio_bytes: queue.storedAudioBytes,
        min_free_bytes: this.config.minFreeDiskBytes,
        accepting_uploads: disk.freeBytes >= this.config.minFreeDiskBytes,
      },
    };
  }
}
