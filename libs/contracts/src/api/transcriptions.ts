import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { JobStage, TranscriptionStatus } from '../transcription-status.js';
import type { Segment } from '../values.js';

/** Far past any real list; keeps the row offset inside PostgreSQL's range. */
export const MAX_PAGE = 1_000_000;

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size: number = 20;
}

export class TranscriptionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TranscriptionStatus })
  @IsOptional()
  @IsEnum(TranscriptionStatus, { message: `status must be one of: ${Object.values(TranscriptionStatus).join(', ')}` })
  status?: TranscriptionStatus;
}

export class AdminJobsQueryDto extends TranscriptionListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this user's jobs" })
  @IsOptional()
  @IsUUID()
  user_id?: string;
}

export const DOWNLOAD_FORMATS = ['txt', 'srt', 'vtt', 'json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export class DownloadQueryDto {
  @ApiPropertyOptional({ enum: DOWNLOAD_FORMATS, default: 'txt' })
  @IsOptional()
  @IsIn(DOWNLOAD_FORMATS, { message: `format must be one of: ${DOWNLOAD_FORMATS.join(', ')}` })
  format: DownloadFormat = 'txt';
}

export class SegmentDto implements Segment {
  @ApiProperty({ description: 'seconds from the start of the file', example: 0 })
  start!: number;

  @ApiProperty({ description: 'seconds from the start of the file', example: 2.5 })
  end!: number;

  @ApiProperty({ example: 'Hello there.' })
  text!: string;
}

/** What an upload answers (201). */
export class TranscriptionCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'meeting.m4a' })
  file_name!: string;

  @ApiProperty({ enum: TranscriptionStatus, example: TranscriptionStatus.Pending })
  status!: TranscriptionStatus;

  @ApiProperty({ type: String, nullable: true, example: 'auto' })
  language!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  file_size!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'detected from the content' })
  content_type!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;
}

/** A transcription in lists: everything but the (possibly large) results. */
export class TranscriptionListItemDto extends TranscriptionCreatedDto {
  @ApiProperty({ minimum: 0, maximum: 100 })
  progress!: number;

  @ApiProperty({ enum: JobStage, nullable: true })
  stage!: JobStage | null;

  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ type: String, nullable: true })
  runner_id!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  duration_seconds!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completed_at!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  processing_time_seconds!: number | null;

  @ApiProperty({ description: 'the original audio is still stored' })
  audio_available!: boolean;
}

export class AdminJobDto extends TranscriptionListItemDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  user_id!: string | null;
}

export class TranscriptionDto extends TranscriptionListItemDto {
  @ApiProperty({ type: String, nullable: true })
  text!: string | null;

  @ApiProperty({ type: String, nullable: true })
  summary!: string | null;

  @ApiProperty({ type: [SegmentDto] })
  segments!: SegmentDto[];
}

/** What every paginated answer carries besides its items. */
export class PageMetaDto {
  @ApiProperty()
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  page_size!: number;
}

export class TranscriptionPageDto extends PageMetaDto {
  @ApiProperty({ type: [TranscriptionListItemDto] })
  items!: TranscriptionListItemDto[];
}

export class AdminJobPageDto extends PageMetaDto {
  @ApiProperty({ type: [AdminJobDto] })
  items!: AdminJobDto[];
}
