import type { TranscriptionStatus, WebhookEventType } from '@app/contracts';

/** The transcription as it was when its status changed: what the outbox trigger recorded. */
export interface TranscriptionSnapshot {
  id: string;
  file_name: string;
  status: TranscriptionStatus;
  language: string | null;
  duration_seconds: number | null;
  text: string | null;
  summary: string | null;
  error_message: string | null;
  created_at: string;
  completed_at: string | null;
}

/** A delivery a worker has claimed: where it goes, what it says, and the lease it holds it under. */
export interface DueDelivery {
  id: string;
  leaseId: string;
  /** Attempts made, this one included. */
  attempts: number;
  /** Null for an upload's callback_url. */
  webhookId: string | null;
  /** False once its webhook was disabled: it is not sent. */
  enabled: boolean;
  url: string;
  secret: string;
  eventType: WebhookEventType;
  eventCreatedAt: Date;
  /** Its retries stop WEBHOOK_RETRY_HOURS after this: the event's time, or a manual retry's. */
  retryFrom: Date;
  data: TranscriptionSnapshot;
}

/**
 * The JSON body of a delivery, with its fields in a fixed order: every attempt of one delivery
 * sends the same bytes.
 */
export function eventBody(delivery: DueDelivery): string {
  const { data } = delivery;
  return JSON.stringify({
    id: delivery.id,
    type: delivery.eventType,
    created_at: delivery.eventCreatedAt.toISOString(),
    data: {
      id: data.id,
      file_name: data.file_name,
      status: data.status,
      language: data.language,
      duration_seconds: data.duration_seconds,
      text: data.text,
      summary: data.summary,
      error_message: data.error_message,
      created_at: data.created_at,
      completed_at: data.completed_at,
    },
  });
}

/** Each retry's wait, in units of WEBHOOK_RETRY_BASE_SECONDS: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, then 8 h. */
const BACKOFF = [1, 3, 12, 60, 180, 360, 720, 1440, 2880];

/** How long to wait after the `attempts`-th failed attempt. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return baseSeconds * BACKOFF[Math.min(Math.max(attempts, 1), BACKOFF.length) - 1]!;
}
