import { Injectable } from '@nestjs/common';
import { WebhookDeliveryStatus, type WebhookEventType } from '@app/contracts';
import { Database } from '../database/database.js';
import type { DueDelivery, TranscriptionSnapshot } from './webhook-event.js';
import {
  toWebhook,
  toWebhookDelivery,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryRow,
  type WebhookRow,
} from './webhook.js';

const { Pending, Delivered, Failed } = WebhookDeliveryStatus;

/** Every column of a webhook but its secret, which is shown once and read only to sign. */
const WEBHOOK_COLUMNS = 'id, user_id, url, description, enabled, created_at, updated_at';

/** First key of the advisory locks that serialize one user's registrations (the second: their id's hash). */
const REGISTRATION_LOCK = 0x77_73_77_68; // "wswh"

/** A delivery `d` of event `e` as its owner sees it; `w` its webhook (none for a callback), `t` the transcription. */
const DELIVERY_VIEW = `SELECT d.id, d.webhook_id, e.transcription_id, e.type AS event_type, COALESCE(w.url, t.callback_url) AS url,
         d.status, d.attempts, d.last_status_code, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at
    FROM webhook_deliveries d
    JOIN webhook_events e ON e.id = d.event_id
    JOIN transcriptions t ON t.id = e.transcription_id
    LEFT JOIN webhooks w ON w.id = d.webhook_id`;

export interface WebhookChanges {
  url?: string;
  /** Null clears it; absent leaves it. */
  description?: string | null;
  enabled?: boolean;
}

export interface DeliveryFilter {
  transcriptionId?: string;
  webhookId?: string;
}

interface DueRow {
  id: string;
  lease_id: string;
  attempts: number;
  webhook_id: string | null;
  enabled: boolean;
  url: string;
  secret: string;
  event_type: WebhookEventType;
  event_created_at: Date;
  retry_from: Date;
  data: TranscriptionSnapshot;
}

/**
 * Statements on webhooks, their events and deliveries (the outbox the trigger of migration
 * Webhooks fills). Workers claim due deliveries with FOR UPDATE SKIP LOCKED and hold them under a
 * lease (next_attempt_at pushed past the attempt's time limit, lease_id as the fence): a worker
 * that dies mid-delivery leaves one that comes due again, and only the holder of the current
 * lease records an outcome.
 */
@Injectable()
export class WebhookRepository {
  constructor(private readonly db: Database) {}

  // --- webhooks ---------------------------------------------------------------------------------

  /** Registers the webhook unless the user already has `limit` of them (undefined then). */
  insertUnderLimit(
    userId: string,
    webhook: { url: string; description: string | null; secret: string },
    limit: number,
  ): Promise<Webhook | undefined> {
    return this.db.transaction(async (tx) => {
      // Two registrations at once would otherwise both see room for one more.
      await tx.rows(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [REGISTRATION_LOCK, userId]);
      const [row] = await tx.rows<WebhookRow>(
        `INSERT INTO webhooks (user_id, url, description, secret)
         SELECT $1, $2, $3, $4 WHERE (SELECT count(*) FROM webhooks WHERE user_id = $1) < $5
         RETURNING ${WEBHOOK_COLUMNS}`,
        [userId, webhook.url, webhook.description, webhook.secret, limit],
      );
      return row && toWebhook(row);
    });
  }

  /** The user's webhooks, oldest first. */
  async listOf(userId: string): Promise<Webhook[]> {
    const rows = await this.db.rows<WebhookRow>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toWebhook);
  }

  async find(userId: string, id: string): Promise<Webhook | undefined> {
    const [row] = await this.db.rows<WebhookRow>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1 AND user_id = $2`, [
      id,
      userId,
    ]);
    return row && toWebhook(row);
  }

  async update(userId: string, id: string, changes: WebhookChanges): Promise<Webhook | undefined> {
    const [row] = await this.db.rows<WebhookRow>(
      `UPDATE webhooks SET url = COALESCE($3, url), description = CASE WHEN $4 THEN $5 ELSE description END,
              enabled = COALESCE($6, enabled), updated_at = now()
        WHERE id = $1 AND user_id = $2
        RETURNING ${WEBHOOK_COLUMNS}`,
      [id, userId, changes.url ?? null, changes.description !== undefined, changes.description ?? null, changes.enabled ?? null],
    );
    return row && toWebhook(row);
  }

  async setSecret(userId: string, id: string, secret: string): Promise<Webhook | undefined> {
    const [row] = await this.db.rows<WebhookRow>(
      `UPDATE webhooks SET secret = $3, updated_at = now() WHERE id = $1 AND user_id = $2 RETURNING ${WEBHOOK_COLUMNS}`,
      [id, userId, secret],
    );
    return row && toWebhook(row);
  }

  /** Deletes the webhook with its deliveries (ON DELETE CASCADE); false if there was none. */
  async delete(userId: string, id: string): Promise<boolean> {
    return (await this.db.rows(`DELETE FROM webhooks WHERE id = $1 AND user_id = $2 RETURNING id`, [id, userId])).length > 0;
  }

  /** Where an upload's events go too, and the secret that signs them. */
  async setCallback(transcriptionId: string, url: string, secret: string): Promise<void> {
    await this.db.rows(`UPDATE transcriptions SET callback_url = $2, callback_secret = $3 WHERE id = $1`, [
      transcriptionId,
      url,
      secret,
    ]);
  }

  // --- deliveries, as their owner sees them ---------------------------------------------------

  /** One page of the deliveries of the user's events, newest first, and how many there are in all. */
  async deliveriesOf(
    userId: string,
    filter: DeliveryFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: WebhookDelivery[]; total: number }> {
    const where = `e.user_id = $1 AND ($2::uuid IS NULL OR e.transcription_id = $2) AND ($3::uuid IS NULL OR d.webhook_id = $3)`;
    const parameters = [userId, filter.transcriptionId ?? null, filter.webhookId ?? null];
    const [rows, [count]] = await Promise.all([
      this.db.rows<WebhookDeliveryRow>(
        `${DELIVERY_VIEW} WHERE ${where} ORDER BY d.created_at DESC, d.id DESC LIMIT $4 OFFSET $5`,
        [...parameters, pageSize, (page - 1) * pageSize],
      ),
      this.db.rows<{ total: number }>(
        `SELECT count(*)::int AS total FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE ${where}`,
        parameters,
      ),
    ]);
    return { items: rows.map(toWebhookDelivery), total: count!.total };
  }

  async findDelivery(userId: string, id: string): Promise<WebhookDelivery | undefined> {
    const [row] = await this.db.rows<WebhookDeliveryRow>(`${DELIVERY_VIEW} WHERE d.id = $1 AND e.user_id = $2`, [id, userId]);
    return row && toWebhookDelivery(row);
  }

  /**
   * Makes the user's delivery due now, with a fresh retry window (delivered or failed ones are
   * sent again). 'in-flight' while a worker is sending it; undefined when the user has no such delivery.
   */
  async makeDue(userId: string, id: string): Promise<'due' | 'in-flight' | undefined> {
    const [row] = await this.db.rows<{ in_flight: boolean }>(
      `WITH target AS (
         SELECT d.id, (d.status = $3 AND d.lease_id IS NOT NULL AND d.next_attempt_at > now()) AS in_flight
           FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
          WHERE d.id = $1 AND e.user_id = $2
            FOR UPDATE OF d),
       due AS (
         UPDATE webhook_deliveries d SET status = $3, next_attempt_at = now(), retry_from = now(), delivered_at = NULL,
                lease_id = NULL
           FROM target WHERE d.id = target.id AND NOT target.in_flight)
       SELECT in_flight FROM target`,
      [id, userId, Pending],
    );
    return row && (row.in_flight ? 'in-flight' : 'due');
  }

  // --- the delivery workers -------------------------------------------------------------------

  /**
   * Claims up to `limit` due deliveries, soonest first, each for `leaseSeconds` (rows another
   * worker is claiming are passed over, never shared), with everything needed to send them.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<DueDelivery[]> {
    const rows = await this.db.rows<DueRow>(
      `WITH due AS (
         SELECT id FROM webhook_deliveries
          WHERE status = $3 AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
            FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d SET attempts = d.attempts + 1, lease_id = gen_random_uuid(),
                next_attempt_at = now() + make_interval(secs => $2)
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.lease_id, d.attempts, d.webhook_id, d.event_id, d.retry_from)
       SELECT c.id, c.lease_id, c.attempts, c.webhook_id, c.retry_from, COALESCE(w.enabled, true) AS enabled,
              COALESCE(w.url, t.callback_url) AS url, COALESCE(w.secret, t.callback_secret) AS secret,
              e.type AS event_type, e.created_at AS event_created_at, e.data
         FROM claimed c
         JOIN webhook_events e ON e.id = c.event_id
         JOIN transcriptions t ON t.id = e.transcription_id
         LEFT JOIN webhooks w ON w.id = c.webhook_id`,
      [limit, leaseSeconds, Pending],
    );
    return rows.map((row) => ({
      id: row.id,
      leaseId: row.lease_id,
      attempts: row.attempts,
      webhookId: row.webhook_id,
      enabled: row.enabled,
      url: row.url,
      secret: row.secret,
      eventType: row.event_type,
      eventCreatedAt: row.event_created_at,
      retryFrom: row.retry_from,
      data: row.data,
    }));
  }

  async markDelivered(delivery: DueDelivery, statusCode: number): Promise<void> {
    await this.db.rows(
      `UPDATE webhook_deliveries SET status = $3, last_status_code = $4, last_error = NULL, delivered_at = now(),
              next_attempt_at = NULL, lease_id = NULL
        WHERE id = $1 AND lease_id = $2`,
      [delivery.id, delivery.leaseId, Delivered, statusCode],
    );
  }

  /** Records a failed attempt: tried again in `retryInSeconds`, or (null) failed for good. */
  async recordFailure(
    delivery: DueDelivery,
    failure: { statusCode: number | null; error: string; retryInSeconds: number | null },
  ): Promise<void> {
    await this.db.rows(
      `UPDATE webhook_deliveries SET last_status_code = $3, last_error = $4, lease_id = NULL,
              status = CASE WHEN $5::float8 IS NULL THEN $6 ELSE status END,
              next_attempt_at = now() + make_interval(secs => $5::float8)
        WHERE id = $1 AND lease_id = $2`,
      [delivery.id, delivery.leaseId, failure.statusCode, failure.error, failure.retryInSeconds, Failed],
    );
  }

  /** Hands a delivery back unsent (the server is stopping): due again at once, for any worker. */
  async release(delivery: DueDelivery): Promise<void> {
    await this.db.rows(
      `UPDATE webhook_deliveries SET next_attempt_at = now(), lease_id = NULL, attempts = greatest(attempts - 1, 0)
        WHERE id = $1 AND lease_id = $2`,
      [delivery.id, delivery.leaseId],
    );
  }

  /** Deletes events older than `seconds` whose deliveries are all over (delivered or failed); returns how many. */
  async pruneFinished(seconds: number): Promise<number> {
    const rows = await this.db.rows(
      `DELETE FROM webhook_events e
        WHERE e.created_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = $2)
       RETURNING e.id`,
      [seconds, Pending],
    );
    return rows.length;
  }
}
