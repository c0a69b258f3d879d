import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  MAX_PROMPT_LENGTH,
  MAX_SEARCH_LENGTH,
  MAX_SEGMENT_EDITS,
  MAX_SEGMENT_TEXT_LENGTH,
  MAX_SUMMARY_INSTRUCTION_LENGTH,
} from '../limits.js';
import { AppStage, JobKind, JobStage, TranscriptionStatus } from '../transcription-status.js';
import { TRANSCRIPTION_TASKS, type Segment, type TranscriptionTask, type Word } from '../values.js';

/** The list's channel filter: a channel id, or "personal" (the caller's own), as the original web app sends it. */
export const PERSONAL_FILTER = 'personal';
const CHANNEL_FILTER = /^(personal|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

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

  @ApiPropertyOptional({
    description: "a channel's id: only that channel's transcriptions; `personal`: only your own",
    example: 'personal',
  })
  @IsOptional()
  @Matches(CHANNEL_FILTER, { message: 'channel_id must be a channel id (a UUID) or "personal"' })
  channel_id?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: MAX_SEARCH_LENGTH,
    description:
      'search: only those whose file name, current summary or transcript contains this text (any case, taken literally; ' +
      'trimmed; blank: no search), ranked: file-name matches first, then summary matches, then transcript matches, ' +
      'newest first within each; each item then carries `matches`',
    example: '会议',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value))
  @IsOptional()
  @IsString()
  @Length(1, MAX_SEARCH_LENGTH, { message: `q must be 1 to ${MAX_SEARCH_LENGTH} characters` })
  q?: string;
}

export class AdminJobsQueryDto extends OmitType(TranscriptionListQueryDto, ['channel_id', 'q'] as const) {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this user's jobs" })
  @IsOptional()
  @IsUUID()
  user_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this channel's jobs" })
  @IsOptional()
  @IsUUID()
  channel_id?: string;
}

export const DOWNLOAD_FORMATS = ['txt', 'srt', 'vtt', 'json', 'md'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export class DownloadQueryDto {
  @ApiPropertyOptional({ enum: DOWNLOAD_FORMATS, default: 'txt' })
  @IsOptional()
  @IsIn(DOWNLOAD_FORMATS, { message: `format must be one of: ${DOWNLOAD_FORMATS.join(', ')}` })
  format: DownloadFormat = 'txt';
}

export class WordDto implements Word {
  @ApiProperty({ example: ' Hello' })
  word!: string;

  @ApiProperty({ description: 'seconds from the start of the file', example: 0.32 })
  start!: number;

  @ApiProperty({ description: 'seconds from the start of the file', example: 0.61 })
  end!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.93 })
  probability?: number;
}

export class SegmentDto implements Segment {
  @ApiProperty({ description: 'seconds from the start of the file', example: 0 })
  start!: number;

  @ApiProperty({ description: 'seconds from the start of the file', example: 2.5 })
  end!: number;

  @ApiProperty({ example: 'Hello there.' })
  text!: string;

  @ApiPropertyOptional({ type: [WordDto], description: 'its words with their times (only when word_timestamps was asked for)' })
  words?: WordDto[];
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

  @ApiProperty({ enum: TRANSCRIPTION_TASKS, description: 'transcribe as spoken, or translate to English' })
  task!: TranscriptionTask;

  @ApiProperty({ type: String, nullable: true, maxLength: MAX_PROMPT_LENGTH, description: "whisper's initial prompt" })
  prompt!: string | null;

  @ApiProperty({ description: 'segments carry `words` with their times' })
  word_timestamps!: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1,
    description: "whisper's sampling temperature (null: whisper's default, 0, raised only when decoding fails)",
  })
  temperature!: number | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: "skip silence (voice activity detection): whisper hears only the speech; null: the runner's VAD_ENABLED",
  })
  vad!: boolean | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'large-v3-turbo',
    description: 'the whisper model it must run on (null: any runner); it stays pending until a runner with that model claims it',
  })
  model!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'what the summary being made will follow (from the upload or a new summary); null once it is made',
  })
  summary_instruction!: string | null;
}

/** A channel as a transcription shows it. */
export class ChannelBriefDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Sales' })
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
}

export class SummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  transcription_id!: string;

  @ApiProperty()
  summary_text!: string;

  @ApiProperty({ type: String, nullable: true, example: 'GLM-4.5-Air' })
  model_name!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'what was asked for when it was made again' })
  instruction!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;
}

export const SEARCH_FIELDS = ['file_name', 'summary', 'text'] as const;

/** Where a search (`q`) found its text in one list item, with the text around it. */
export class SearchMatchDto {
  @ApiProperty({ enum: SEARCH_FIELDS, description: 'the file name, the current summary, or the transcript' })
  field!: (typeof SEARCH_FIELDS)[number];

  @ApiProperty({
    description: 'plain text (never HTML) around the first match, about 160 characters, on one line; "…" where the field goes on',
    example: '…今天的会议讨论了预算…',
  })
  snippet!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
    description: 'each occurrence of `q` in `snippet`: [start, end) offsets in UTF-16 code units (JavaScript string indices)',
    example: [[4, 6]],
  })
  highlights!: [number, number][];
}

/** A transcription in lists: everything but the (possibly large) results. */
export class TranscriptionListItemDto extends TranscriptionCreatedDto {
  @ApiProperty({ minimum: 0, maximum: 100 })
  progress!: number;

  @ApiProperty({
    enum: AppStage,
    description: "the stage as the original web app names it (see runner_stage for the runner's own)",
  })
  stage!: AppStage;

  @ApiProperty({ enum: JobStage, nullable: true, description: 'what the runner is doing: queued, downloading, … done' })
  runner_stage!: JobStage | null;

  @ApiProperty({ enum: JobKind })
  kind!: JobKind;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ description: 'attempts so far (the original web app calls it retry_count)' })
  retry_count!: number;

  @ApiProperty({ description: 'the caller owns it (else it is shared with them through a channel, read-only)' })
  is_personal!: boolean;

  @ApiProperty({ type: [ChannelBriefDto] })
  channels!: ChannelBriefDto[];

  @ApiPropertyOptional({ description: 'seconds until it is deleted by TRANSCRIPT_RETENTION_DAYS (only when that is set)' })
  time_remaining?: number;

  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ type: String, nullable: true })
  runner_id!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  duration_seconds!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'seconds of speech that voice activity detection found and whisper heard (null: silence was not skipped)',
  })
  speech_seconds!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['no speech detected'],
    description: 'why a completed transcript is empty: `no speech detected` (whisper did not run); else null',
  })
  notice!: 'no speech detected' | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completed_at!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  processing_time_seconds!: number | null;

  @ApiProperty({ description: 'the original audio is still stored' })
  audio_available!: boolean;

  @ApiPropertyOptional({
    type: [SearchMatchDto],
    description: 'only in a search (`q`): where it matched, in the order file name, summary, transcript',
  })
  matches?: SearchMatchDto[];
}

export class AdminJobDto extends TranscriptionListItemDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  user_id!: string | null;
}

export class TranscriptionDto extends TranscriptionListItemDto {
  @ApiProperty({ type: String, nullable: true })
  text!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the current summary (summaries[0])' })
  summary!: string | null;

  @ApiProperty({ type: [SummaryDto], description: 'every summary it had, newest first' })
  summaries!: SummaryDto[];

  @ApiProperty({ type: [SegmentDto] })
  segments!: SegmentDto[];

  @ApiProperty({
    type: [SegmentDto],
    nullable: true,
    description: "the runner's segments as they were before the first edit (null: never edited)",
  })
  original_segments!: SegmentDto[] | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when a segment was last edited' })
  edited_at!: string | null;
}

/** What every paginated answer carries besides its items. */
export class PageMetaDto {
  @ApiProperty()
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  page_size!: number;

  @ApiProperty()
  total_pages!: number;
}

export class TranscriptionPageDto extends PageMetaDto {
  @ApiProperty({ type: [TranscriptionListItemDto] })
  items!: TranscriptionListItemDto[];

  @ApiProperty({ type: [TranscriptionListItemDto], description: 'the same items (the name the original web app reads)' })
  data!: TranscriptionListItemDto[];
}

export class AdminJobPageDto extends PageMetaDto {
  @ApiProperty({ type: [AdminJobDto] })
  items!: AdminJobDto[];

  @ApiProperty({ type: [AdminJobDto], description: 'the same items' })
  data!: AdminJobDto[];
}

/** What deleting all of one's transcriptions answers. */
export class DeleteAllResultDto {
  @ApiProperty({ example: 12 })
  deleted_count!: number;

  @ApiProperty({ example: 'Deleted 12 transcriptions' })
  message!: string;
}

/** A segment's new text, by its position in the transcript. */
export class SegmentEditDto {
  @ApiProperty({ minimum: 0, description: "the segment's index in `segments`" })
  @IsInt()
  @Min(0)
  index!: number;

  @ApiProperty({ maxLength: MAX_SEGMENT_TEXT_LENGTH })
  @IsString()
  @MaxLength(MAX_SEGMENT_TEXT_LENGTH)
  text!: string;
}

export class EditSegmentsDto {
  @ApiProperty({ type: [SegmentEditDto], minItems: 1, maxItems: MAX_SEGMENT_EDITS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SEGMENT_EDITS)
  @ValidateNested({ each: true })
  @Type(() => SegmentEditDto)
  segments!: SegmentEditDto[];
}

export class ResummarizeDto {
  @ApiPropertyOptional({
    maxLength: MAX_SUMMARY_INSTRUCTION_LENGTH,
    example: 'List the action items with their owners',
    description: 'what the new summary should focus on; without one (or blank), the usual summary is made again',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value))
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SUMMARY_INSTRUCTION_LENGTH)
  instruction?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a summary template whose instruction to follow (instead of `instruction`)',
  })
  @IsOptional()
  @IsUUID()
  template_id?: string;
}
