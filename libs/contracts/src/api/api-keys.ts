import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ApiKeyScope } from '../api-key-scope.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'laptop script' })
  @Transform(trimmed)
  @IsString({ message: 'name must be a string' })
  @MinLength(1, { message: 'name must not be blank' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name!: string;

  @ApiProperty({ enum: ApiKeyScope, description: 'read: GET routes; transcribe: also uploads; admin (admins only): everything' })
  @IsEnum(ApiKeyScope, { message: 'scope must be one of read, transcribe, admin' })
  scope!: ApiKeyScope;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, description: 'none: the key never expires' })
  @IsOptional()
  @IsInt({ message: 'expires_in_days must be a whole number of days' })
  @Min(1, { message: 'expires_in_days must be at least 1' })
  @Max(3650, { message: 'expires_in_days must be at most 3650' })
  expires_in_days?: number;
}

/** A key as lists show it: never the key itself, nor its hash. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ApiKeyScope })
  scope!: ApiKeyScope;

  @ApiProperty({ example: 'wsk_AbCd', description: 'the first characters of the key, to recognize it' })
  prefix!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expires_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'updated at most once a minute' })
  last_used_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at!: string | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ApiKeyScope })
  scope!: ApiKeyScope;

  @ApiProperty({ example: 'wsk_AbCd' })
  prefix!: string;

  @ApiProperty({ example: 'wsk_AbCd…', description: 'the key: shown only in this answer' })
  key!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expires_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;
}

/** Any user's key, as admins list them. */
export class AdminApiKeyDto extends ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  user_id!: string;

  @ApiProperty({ type: String, nullable: true })
  user_email!: string | null;
}
