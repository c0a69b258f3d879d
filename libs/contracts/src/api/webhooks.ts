import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageMetaDto, PageQueryDto, TranscriptionCreatedDto } from './transcriptions.js';

/** Room for any real endpoint; the column's width. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;
const MAX_WEBHOOK_DESCRIPTION_LENGTH = 500;

/** What a webhook event says happened to a transcription. */
export enum WebhookEventType {
  Completed = 'transcription.completed',
  Failed = 'transcription.failed',
  Cancelled = 'transcription.cancelled',
}

export enum WebhookDeliveryStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Failed = 'failed',
}

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Blank clears a description, as null does. */
const trimmedOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

export class CreateWebhookDto {
  @ApiProperty({
    maxLength: MAX_WEBHOOK_URL_LENGTH,
    example: 'https://example.com/hooks/transcriptions',
    description: 'http or https; refused when its host is a loopback, link-local or private address',
  })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'url must not be blank' })
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_WEBHOOK_DESCRIPTION_LENGTH, description: 'blank: none' })
  @Transform(trimmedOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_WEBHOOK_DESCRIPTION_LENGTH)
  description?: string | null;
}

/** Absent fields stay as they are; a null or blank description clears it. */
export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: MAX_WEBHOOK_URL_LENGTH, description: 'checked as at registration' })
  @Transform(trimmed)
  // Unlike @IsOptional, lets null through to the checks: a webhook cannot lose its URL.
  @ValidateIf((_body: object, value: unknown) => value !== undefined)
  @IsString()
  @MinLength(1, { message: 'url must not be blank' })
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MAX_WEBHOOK_DESCRIPTION_LENGTH,
    description: 'null or blank clears it',
  })
  @Transform(trimmedOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_WEBHOOK_DESCRIPTION_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({
    description: 'a disabled webhook gets no new events; its pending deliveries fail at their next attempt',
  })
  @ValidateIf((_body: object, value: unknown) => value !== undefined)
  @IsBoolean()
  enabled?: boolean;
}

/** A registered webhook, as its owner lists them (the secret is shown only when it is made). */
export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'https://example.com/hooks/transcriptions' })
  url!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ description: 'whether new events are sent to it' })
  enabled!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at!: string;
}

export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({
    example: 'whsec_Jq3…',
    description:
      'signs every delivery (X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">); shown only now',
  })
  secret!: string;
}

export class WebhookDeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "only this transcription's deliveries" })
  @IsOptional()
  @IsUUID()
  transcription_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "only this webhook's deliveries" })
  @IsOptional()
  @IsUUID()
  webhook_id?: string;
}

/** One event on its way to one URL: a webhook of the owner's, or the callback_url of the upload. */
export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: "also the event body's `id` and the X-Webhook-Id header: receivers dedupe on it" })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "null: the upload's callback_url" })
  webhook_id!: string | null;

  @ApiProperty({ format: 'uuid' })
  transcription_id!: string;

  @ApiProperty({ enum: WebhookEventType })
  event_type!: WebhookEventType;

  @ApiProperty({ description: 'where it goes (the webhook’s current URL)' })
  url!: string;

  @ApiProperty({ enum: WebhookDeliveryStatus })
  status!: WebhookDeliveryStatus;

  @ApiProperty({ description: 'attempts made so far' })
  attempts!: number;

  @ApiProperty({ type: Number, nullable: true, description: "the receiver's HTTP status at the last attempt" })
  last_status_code!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'why the last attempt failed' })
  last_error!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when it is tried next (pending only)' })
  next_attempt_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  delivered_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'when the event happened' })
  created_at!: string;
}

export class WebhookDeliveryPageDto extends PageMetaDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items!: WebhookDeliveryDto[];

  @ApiProperty({ type: [WebhookDeliveryDto], description: 'the same items' })
  data!: WebhookDeliveryDto[];
}

/** What an upload answers (201): the new transcription, and the secret of its callback_url when it named one. */
export class UploadCreatedDto extends TranscriptionCreatedDto {
  @ApiPropertyOptional({
    example: 'whsec_Jq3…',
    description:
      "signs the deliveries to the upload's callback_url, as a webhook's secret does; only when one was given, shown only now",
  })
  callback_secret?: string;
}
