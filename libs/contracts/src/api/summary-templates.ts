import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { MAX_SUMMARY_INSTRUCTION_LENGTH, MAX_SUMMARY_TEMPLATE_NAME_LENGTH } from '../limits.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A summary template as users see it, to pick for an upload or a new summary. */
export class SummaryTemplateBriefDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Action items' })
  name!: string;

  @ApiProperty({ example: 'List the action items with their owners and due dates' })
  instruction!: string;
}

/** A summary template as administrators manage it. */
export class SummaryTemplateDto extends SummaryTemplateBriefDto {
  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the admin who made it (null once deleted)' })
  created_by!: string | null;
}

export class CreateSummaryTemplateDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_SUMMARY_TEMPLATE_NAME_LENGTH, description: 'trimmed; unique, whatever the case' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'name must not be blank' })
  @MaxLength(MAX_SUMMARY_TEMPLATE_NAME_LENGTH)
  name!: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_SUMMARY_INSTRUCTION_LENGTH, description: 'what the summary should do; trimmed' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'instruction must not be blank' })
  @MaxLength(MAX_SUMMARY_INSTRUCTION_LENGTH)
  instruction!: string;
}

/** Absent fields stay as they are. */
export class UpdateSummaryTemplateDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: MAX_SUMMARY_TEMPLATE_NAME_LENGTH,
    description: 'trimmed; unique, whatever the case',
  })
  @Transform(trimmed)
  // Unlike @IsOptional, lets null through to the checks: a template cannot lose its name.
  @ValidateIf((_body: object, value: unknown) => value !== undefined)
  @IsString()
  @MinLength(1, { message: 'name must not be blank' })
  @MaxLength(MAX_SUMMARY_TEMPLATE_NAME_LENGTH)
  name?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: MAX_SUMMARY_INSTRUCTION_LENGTH })
  @Transform(trimmed)
  @ValidateIf((_body: object, value: unknown) => value !== undefined)
  @IsString()
  @MinLength(1, { message: 'instruction must not be blank' })
  @MaxLength(MAX_SUMMARY_INSTRUCTION_LENGTH)
  instruction?: string;
}
