import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { AppStage, JobKind, JobStage, TranscriptionStatus } from '../transcription-status.js';

export const EVENT_SCOPES = ['own', 'all'] as const;
export type EventScope = (typeof EVENT_SCOPES)[number];

export class EventStreamQueryDto {
  @ApiPropertyOptional({
    enum: EVENT_SCOPES,
    default: 'own',
    description: "all: every user's jobs and the runners (admins only)",
  })
  @IsOptional()
  @IsIn(EVENT_SCOPES, { message: `scope must be one of: ${EVENT_SCOPES.join(', ')}` })
  scope: EventScope = 'own';

  @ApiPropertyOptional({
    description: 'a ticket from POST /api/events/ticket, for EventSource (which cannot send Authorization)',
  })
  @IsOptional()
  @IsString()
  ticket?: string;

  @ApiPropertyOptional({ description: 'resume after this event (as the Last-Event-ID header does)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  last_event_id?: number;
}

export class EventTicketDto {
  @ApiProperty({ description: 'single use, valid for `expires_at`' })
  ticket!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expires_at!: string;

  @ApiProperty({ example: '/api/events?ticket=…', description: 'the stream URL to give EventSource' })
  url!: string;
}

/** `event: transcription` — one of your jobs changed. */
export class TranscriptionEventDto {
  @ApiProperty({ enum: ['created', 'updated', 'deleted'] })
  change!: 'created' | 'updated' | 'deleted';

  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'its owner (only in scope=all)' })
  user_id?: string | null;

  @ApiProperty()
  file_name!: string;

  @ApiProperty({ enum: TranscriptionStatus })
  status!: TranscriptionStatus;

  @ApiProperty({ enum: AppStage })
  stage!: AppStage;

  @ApiProperty({ enum: JobStage, nullable: true })
  runner_stage!: JobStage | null;

  @ApiProperty({ minimum: 0, maximum: 100 })
  progress!: number;

  @ApiProperty({ enum: JobKind })
  kind!: JobKind;

  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;

  @ApiProperty()
  audio_available!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at!: string;
}

/** `event: runner` — a runner appeared or its load changed (scope=all). */
export class RunnerEventDto {
  @ApiProperty({ enum: ['created', 'updated'] })
  change!: 'created' | 'updated';

  @ApiProperty({ example: 'gpu-1' })
  id!: string;

  @ApiProperty()
  current_jobs!: number;

  @ApiProperty()
  max_concurrent_jobs!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_ping!: string | null;
}
