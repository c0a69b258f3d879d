import { ApiProperty } from '@nestjs/swagger';
import { TranscriptionStatus } from '../transcription-status.js';

export class RunnerStatusDto {
  @ApiProperty({ example: 'gpu-1' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_ping!: string | null;

  @ApiProperty({ description: 'heard from within the lease time' })
  is_active!: boolean;

  @ApiProperty()
  current_jobs!: number;

  @ApiProperty()
  max_concurrent_jobs!: number;

  @ApiProperty({ description: 'jobs this runner holds a live lease on' })
  leased_jobs!: number;

  @ApiProperty({ type: [String], example: ['large-v3-turbo'], description: 'the whisper models it announced last' })
  models!: string[];
}

/** Pending jobs that name a model no online runner has: they wait until a runner with it comes online. */
export class UnroutableModelDto {
  @ApiProperty({ example: 'large-v3' })
  model!: string;

  @ApiProperty()
  pending_jobs!: number;
}

export class DiskStatsDto {
  @ApiProperty({ description: 'size of the volume that holds the audio' })
  total_bytes!: number;

  @ApiProperty({ description: 'free space on it' })
  free_bytes!: number;

  @ApiProperty({ description: 'space used on it, by anything' })
  used_bytes!: number;

  @ApiProperty({ description: 'audio kept for transcriptions (their file sizes)' })
  audio_bytes!: number;

  @ApiProperty({ description: 'MIN_FREE_DISK_MB: below this much free space uploads are refused (507)' })
  min_free_bytes!: number;

  @ApiProperty({ description: 'free space is above the floor' })
  accepting_uploads!: boolean;
}

/** One hour of the admin dashboard's activity chart (UTC). */
export class HourlyJobsDto {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-28T09:00:00.000Z', description: "the hour's start (UTC)" })
  hour!: string;

  @ApiProperty({ description: 'uploads (and other jobs) created in that hour' })
  created!: number;

  @ApiProperty({ description: 'jobs that completed in that hour (and are completed now)' })
  completed!: number;

  @ApiProperty({ description: 'jobs that failed in that hour (and are failed now)' })
  failed!: number;
}

export class StatsDto {
  @ApiProperty({
    description: 'number of transcriptions in each status',
    example: Object.fromEntries(Object.values(TranscriptionStatus).map((status) => [status, 0])),
  })
  counts!: Record<TranscriptionStatus, number>;

  @ApiProperty({ description: 'pending jobs' })
  queue_depth!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'seconds the oldest pending job has waited' })
  oldest_pending_age_seconds!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'mean processing time of completed jobs, seconds' })
  mean_processing_time_seconds!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'mean of processing time / audio duration over jobs completed in the last 24 h (below 1: faster than real time); null when none',
  })
  mean_real_time_factor!: number | null;

  @ApiProperty({ description: 'jobs completed in the last 24 h' })
  completed_last_24h!: number;

  @ApiProperty({ description: 'jobs failed in the last 24 h' })
  failed_last_24h!: number;

  @ApiProperty({
    type: [HourlyJobsDto],
    description: 'the last 24 hours including the current one, oldest first, one entry per hour (zero-filled)',
  })
  jobs_per_hour!: HourlyJobsDto[];

  @ApiProperty({ description: 'runners heard from within the lease time' })
  active_runners!: number;

  @ApiProperty({
    type: [UnroutableModelDto],
    description:
      'pending jobs naming a model no online runner has, by model: they stay pending until a runner with it comes online',
  })
  unroutable!: UnroutableModelDto[];

  @ApiProperty()
  users!: number;

  @ApiProperty({ type: DiskStatsDto })
  disk!: DiskStatsDto;
}
