import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CHAT_QUESTION_MAX_CHARS } from '../limits.js';

export const CHAT_ROLES = ['user', 'assistant'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

/** The longest question, after trimming. */

/** A question or an answer in someone's conversation about a transcription. */
export class ChatMessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: CHAT_ROLES })
  role!: ChatRole;

  @ApiProperty({ example: 'What did they decide about the budget?' })
  content!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;
}

export class ChatHistoryDto {
  @ApiProperty({ type: [ChatMessageDto], description: 'your conversation about this transcription, oldest first' })
  messages!: ChatMessageDto[];
}

export class ChatQuestionDto {
  @ApiProperty({
    minLength: 1,
    maxLength: CHAT_QUESTION_MAX_CHARS,
    example: 'What did they decide about the budget?',
    description: 'blanks around it are ignored',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1, { message: 'content must not be blank' })
  @MaxLength(CHAT_QUESTION_MAX_CHARS, { message: `content must be at most ${CHAT_QUESTION_MAX_CHARS} characters` })
  content!: string;
}
