import type { WebhookDeliveryDto, WebhookDeliveryStatus, WebhookDto, WebhookEventType } from '@app/contracts';
import type { Plain } from '../transcriptions/transcription-dto.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A URL a user registered for the events of their transcriptions. */
export interface Webhook {
  id: string;
  userId: string;
  url: string;
  description: string | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookRow {
  id: string;
  user_id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    userId: row.user_id,
    url: row.url,
    description: row.description,
    enabled: row.enabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toWebhookDto(webhook: Webhook): Plain<WebhookDto> {
  return {
    id: webhook.id,
    url: webhook.url,
    description: webhook.description,
    enabled: webhook.enabled,
    created_at: webhook.createdAt.toISOString(),
    updated_at: webhook.updatedAt.toISOString(),
  };
}

/** One event on its way to one URL, as its owner sees it. */
export interface WebhookDelivery {
  id: string;
  /** Null: the upload's callback_url. */
  webhookId: string | null;
  transcriptionId: string;
  eventType: WebhookEventType;
  url: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface WebhookDeliveryRow {
  id: string;
  webhook_id: string | null;
  transcription_id: string;
  event_type: WebhookEventType;
  url: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

export function toWebhookDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    transcriptionId: row.transcription_id,
    eventType: row.event_type,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

export function toWebhookDeliveryDto(delivery: WebhookDelivery): Plain<WebhookDeliveryDto> {
  return {
    id: delivery.id,
    webhook_id: delivery.webhookId,
    transcription_id: delivery.transcriptionId,
    event_type: delivery.eventType,
    url: delivery.url,
    status: delivery.status,
    attempts: delivery.attempts,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    next_attempt_at: iso(delivery.nextAttemptAt),
    delivered_at: iso(delivery.deliveredAt),
    created_at: delivery.createdAt.toISOString(),
  };
}
