import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ChatMessageDto } from './chat.js';

export class CreateShareLinkDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3650,
    description: 'the link stops working after this many days; without it, never',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expires_in_days?: number;
}

/** A public link to a transcription, as its owner lists them (the token itself is shown once, at creation). */
export class ShareLinkDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  transcription_id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expires_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at!: string | null;

  @ApiProperty({ description: 'how often the shared page was opened' })
  access_count!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_accessed_at!: string | null;

  @ApiProperty({ description: 'neither revoked nor expired' })
  is_live!: boolean;
}

export class CreatedShareLinkDto extends ShareLinkDto {
  @ApiProperty({ description: 'the secret in the link; only a hash of it is stored, so it is shown only now' })
  share_token!: string;

  @ApiProperty({ example: '/shared/4kQ…', description: "the web app's page for the link, relative to its origin" })
  share_url!: string;
}

/** What anyone holding a live link sees, without signing in. */
export class SharedTranscriptionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  file_name!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: String, nullable: true })
  summary!: string | null;

  @ApiProperty({ type: String, nullable: true })
  language!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  duration_seconds!: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: [ChatMessageDto], description: "the owner's conversation about it" })
  chat_messages!: ChatMessageDto[];

  @ApiProperty({ description: 'the audio can be played (GET /api/shared/{token}/audio)' })
  audio_available!: boolean;
}
