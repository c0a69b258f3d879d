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

  @ApiProperty({ description: 'runners heard from within the lease time' })
  active_runners!: number;

  @ApiProperty()
  users!: number;

  @ApiProperty({ type: DiskStatsDto })
  disk!: DiskStatsDto;
}
