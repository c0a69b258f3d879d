import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { JobKind, JobStage, TranscriptionStatus } from '../transcription-status.js';
import { LANGUAGE_CODE, MODEL_NAME, MODEL_NAME_MESSAGE } from '../values.js';
import { SegmentDto, TranscriptionCreatedDto } from './transcriptions.js';

/** Runner ids: host names, container ids, "gpu-1" … */
const RUNNER_ID = /^[\w.:@-]{1,100}$/;
const RUNNER_ID_MESSAGE = 'runner_id must be 1–100 letters, digits or . _ - : @';

/** A job as the listing shows it (it claims nothing): an upload's own fields. */
export class RunnerJobDto extends PickType(TranscriptionCreatedDto, [
  'id',
  'file_name',
  'language',
  'content_type',
  'file_size',
  'created_at',
] as const) {}

export class RunnerJobListQueryDto {
  @ApiPropertyOptional({ enum: TranscriptionStatus, default: TranscriptionStatus.Pending })
  @IsOptional()
  @IsEnum(TranscriptionStatus, { message: `status must be one of: ${Object.values(TranscriptionStatus).join(', ')}` })
  status: TranscriptionStatus = TranscriptionStatus.Pending;

  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 10;
}

export class RunnerIdentityDto {
  @ApiProperty({ example: 'gpu-1' })
  @Matches(RUNNER_ID, { message: RUNNER_ID_MESSAGE })
  runner_id!: string;
}

/** The whisper models a runner can run: it is handed only jobs that name no model or one of these. */
export class RunnerModelsDto extends RunnerIdentityDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['large-v3-turbo'],
    maxItems: 20,
    description: 'the whisper models this runner has; left out: none, so it gets only jobs that name no model',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(MODEL_NAME, { each: true, message: `models: ${MODEL_NAME_MESSAGE}` })
  models?: string[];
}

/** The longest a claim may wait for a job (below the HTTP timeouts of proxies in front of the server). */
export const MAX_CLAIM_WAIT_SECONDS = 30;

export class ClaimJobsDto extends RunnerModelsDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 50 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 1;

  @ApiPropertyOptional({
    default: 0,
    minimum: 0,
    maximum: MAX_CLAIM_WAIT_SECONDS,
    description: 'with nothing pending, wait up to this long for a job to arrive (long-poll) instead of answering [] at once',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_CLAIM_WAIT_SECONDS)
  wait_seconds: number = 0;
}

/** A job handed to one runner under a lease, with the options whisper runs with. */
export class ClaimedJobDto extends IntersectionType(
  RunnerJobDto,
  PickType(TranscriptionCreatedDto, ['task', 'prompt', 'word_timestamps', 'temperature', 'vad', 'model'] as const),
) {
  @ApiProperty({ format: 'uuid', description: 'send it with progress, complete and fail' })
  lease_id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  lease_expires_at!: string;

  @ApiProperty({ description: 'this claim is attempt number …' })
  attempt!: number;

  @ApiProperty({ type: String, nullable: true, description: 'sha256 of the audio, hex' })
  sha256!: string | null;

  @ApiProperty({
    enum: JobKind,
    description: 'transcribe: download the audio, transcribe and summarize; summarize: only summarize `transcript` again',
  })
  kind!: JobKind;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "what the summary should follow (a summarize job's, or the upload's for the first summary); null: the usual one",
  })
  summary_instruction!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'for a summarize job: the transcript to summarize (else null)' })
  transcript!: string | null;
}

export class StartedJobDto extends ClaimedJobDto {
  @ApiProperty({ example: 'started' })
  status!: 'started';
}

export class LeaseDto extends RunnerIdentityDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  lease_id!: string;
}

export class ProgressDto extends LeaseDto {
  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsNumber()
  @Min(0)
  @Max(100)
  progress!: number;

  @ApiProperty({ enum: JobStage })
  @IsEnum(JobStage, { message: `stage must be one of: ${Object.values(JobStage).join(', ')}` })
  stage!: JobStage;
}

export class ProgressResponseDto {
  @ApiProperty({ description: 'the job was cancelled: stop working on it' })
  cancelled!: boolean;
}

/**
 * What one `complete` may carry; beyond these the server answers 413 (room for a day of speech:
 * about 15 segments a minute and a few MB of text; with word timestamps, some 200,000 words of
 * about 80 bytes of JSON each).
 */
export const COMPLETION_LIMITS = {
  bodyBytes: 32 * 1024 * 1024,
  textChars: 3_000_000,
  segments: 50_000,
  segmentTextChars: 2_000,
  segmentWords: 1_000,
  wordChars: 200,
  summaryChars: 200_000,
} as const;

/** Everything `complete` carries but the segments (which are checked separately, in one fast pass). */
export class CompleteJobFieldsDto extends LeaseDto {
  @ApiPropertyOptional({
    description: 'the whole transcript (may be empty: silence); left out, with `segments`, by a summarize job',
    maxLength: COMPLETION_LIMITS.textChars,
  })
  @IsOptional()
  @IsString()
  text?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: COMPLETION_LIMITS.summaryChars })
  @IsOptional()
  @IsString()
  summary?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'GLM-4.5-Air', description: 'the model that wrote the summary' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  summary_model?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'why there is no summary, when it failed' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  summary_error?: string | null;

  @ApiPropertyOptional({ description: 'detected language' })
  @IsOptional()
  @IsString()
  @Matches(LANGUAGE_CODE, { message: 'language must be an ISO code such as "en" or "zh-TW"' })
  language?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  @Min(0)
  duration_seconds?: number;

  @ApiPropertyOptional({ description: 'seconds of speech that whisper heard after skipping silence; 0: no speech detected' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  speech_seconds?: number;

  @ApiProperty()
  @IsNumber()
  @Min(0)
  processing_time_seconds!: number;
}

export class CompleteJobDto extends CompleteJobFieldsDto {
  @ApiPropertyOptional({
    type: [SegmentDto],
    maxItems: COMPLETION_LIMITS.segments,
    description: `at most ${COMPLETION_LIMITS.segmentTextChars} characters of text each; required with \`text\``,
  })
  segments?: SegmentDto[];
}

export class FailJobDto extends LeaseDto {
  @ApiProperty({ example: 'ffmpeg could not decode the file' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  error_message!: string;

  @ApiPropertyOptional({ default: false, description: 'worth another attempt (counts one, up to MAX_ATTEMPTS)' })
  @IsOptional()
  @IsBoolean()
  retryable?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'the runner hands the job back unfinished (shutting down): pending again at once, the attempt not counted',
  })
  @IsOptional()
  @IsBoolean()
  released?: boolean;
}

export class JobResultDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: TranscriptionStatus })
  status!: TranscriptionStatus;
}

export class HeartbeatDto extends RunnerModelsDto {
  @ApiProperty({ minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(1000)
  current_jobs!: number;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  max_concurrent_jobs!: number;

  @ApiProperty({ type: [String], description: 'ids of the jobs it is working on' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  job_ids!: string[];
}

export class HeartbeatResponseDto {
  @ApiProperty({
    type: [String],
    description: 'listed jobs this runner no longer holds (cancelled, deleted, reassigned): stop them',
  })
  cancelled_job_ids!: string[];
}

export class RunnerAudioDto {
  @ApiProperty({ type: Number, nullable: true })
  file_size!: number | null;

  @ApiProperty({ type: String, nullable: true })
  content_type!: string | null;

  @ApiProperty({ type: String, nullable: true })
  sha256!: string | null;

  @ApiProperty({ example: 'http://server:8000/api/runner/audio/…/download' })
  download_url!: string;
}
