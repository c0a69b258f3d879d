import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { AppStage, TranscriptionStatus } from '../transcription-status.js';
import { ChannelBriefDto, PageMetaDto, PageQueryDto } from './transcriptions.js';
import { UserDto } from './users.js';
import { MAX_CHANNEL_DESCRIPTION_LENGTH, MAX_CHANNEL_NAME_LENGTH, MAX_CHANNELS_PER_ASSIGNMENT } from '../limits.js';

/** The channels.name column's width. */
/** Far more than anyone assigns one transcription to; keeps the statement small. */

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Blank clears a description, as null does. */
const trimmedOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

export class ChannelDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Sales', maxLength: MAX_CHANNEL_NAME_LENGTH })
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the administrator who made it (null once deleted)' })
  created_by!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ example: 3 })
  member_count!: number;
}

export class ChannelDetailDto extends ChannelDto {
  @ApiProperty({ type: [UserDto] })
  members!: UserDto[];
}

export class CreateChannelDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_CHANNEL_NAME_LENGTH, description: 'trimmed; unique, whatever the case' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'name must not be blank' })
  @MaxLength(MAX_CHANNEL_NAME_LENGTH)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_CHANNEL_DESCRIPTION_LENGTH, description: 'blank: none' })
  @Transform(trimmedOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CHANNEL_DESCRIPTION_LENGTH)
  description?: string | null;
}

/** Absent fields stay as they are; a null or blank description clears it. */
export class UpdateChannelDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: MAX_CHANNEL_NAME_LENGTH, description: 'trimmed; unique, whatever the case' })
  @Transform(trimmed)
  // Unlike @IsOptional, lets null through to the checks: a channel cannot lose its name.
  @ValidateIf((_body: object, value: unknown) => value !== undefined)
  @IsString()
  @MinLength(1, { message: 'name must not be blank' })
  @MaxLength(MAX_CHANNEL_NAME_LENGTH)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_CHANNEL_DESCRIPTION_LENGTH,
    description: 'null or blank clears it',
  })
  @Transform(trimmedOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CHANNEL_DESCRIPTION_LENGTH)
  description?: string | null;
}

export class AddChannelMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  user_id!: string;
}

export class ChannelMemberDto {
  @ApiProperty({ format: 'uuid' })
  channel_id!: string;

  @ApiProperty({ format: 'uuid' })
  user_id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  assigned_at!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the administrator who added them (null once deleted)',
  })
  assigned_by!: string | null;
}

export class ChannelMessageDto {
  @ApiProperty({ example: 'Channel deleted' })
  message!: string;
}

export class AssignChannelsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: MAX_CHANNELS_PER_ASSIGNMENT,
    description: 'every channel it should be in from now on (empty: none)',
  })
  @IsArray()
  @ArrayMaxSize(MAX_CHANNELS_PER_ASSIGNMENT)
  @IsUUID('all', { each: true, message: 'each of channel_ids must be a UUID' })
  channel_ids!: string[];
}

export class ChannelAssignmentDto extends ChannelMessageDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'the channels it is now in' })
  channel_ids!: string[];
}

/** The original web app reads the first page of the admin audio list and pages no further: that page is a long one. */
export class AdminAudioQueryDto extends OmitType(PageQueryDto, ['page_size'] as const) {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  page_size: number = 100;
}

/** A transcription as the admin audio list shows it. */
export class AdminAudioDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  user_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' })
  user_email!: string | null;

  @ApiProperty({ example: 'meeting.m4a' })
  file_name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'auto' })
  language!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  duration_seconds!: number | null;

  @ApiProperty({ enum: AppStage, description: 'the stage as the original web app names it' })
  stage!: AppStage;

  @ApiProperty({ enum: TranscriptionStatus })
  status!: TranscriptionStatus;

  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completed_at!: string | null;

  @ApiProperty({ type: [ChannelBriefDto] })
  channels!: ChannelBriefDto[];
}

export class AdminAudioPageDto extends PageMetaDto {
  @ApiProperty({ type: [AdminAudioDto] })
  items!: AdminAudioDto[];

  @ApiProperty({ type: [AdminAudioDto], description: 'the same items' })
  data!: AdminAudioDto[];
}
