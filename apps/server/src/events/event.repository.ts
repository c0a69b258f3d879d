import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { type BusEvent, type EventRow, toBusEvent } from './event.js';

/** The id of the newest event recorded (0: none yet). */
const NEWEST = `SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM events_id_seq`;

/** Statements on the events the triggers record, and on stream tickets. */
@Injectable()
export class EventRepository {
  constructor(private readonly db: Database) {}

  /** Events recorded since `since` (a moment), oldest first: what a listener that was away may have missed. */
  async recordedSince(since: Date): Promise<BusEvent[]> {
    const rows = await this.db.rows<EventRow>(
      `SELECT id, topic, user_id, payload FROM events WHERE created_at >= $1 ORDER BY id`,
      [since],
    );
    return rows.map(toBusEvent);
  }

  /**
   * Events after `afterId`, oldest first, for one user (null: everyone's, and runners'), and
   * whether the window still reaches back that far (false: some were already pruned).
   */
  async after(afterId: number, userId: string | null): Promise<{ events: BusEvent[]; complete: boolean }> {
    const [rows, [bounds]] = await Promise.all([
      this.db.rows<EventRow>(
        `SELECT id, topic, user_id, payload FROM events WHERE id > $1 AND ($2::uuid IS NULL OR user_id = $2) ORDER BY id LIMIT 10000`,
        [afterId, userId],
      ),
      this.db.rows<{ oldest: string | null; newest: string }>(
        `SELECT (SELECT min(id) FROM events) AS oldest, (${NEWEST}) AS newest`,
      ),
    ]);
    // Ids may skip (a rolled-back change consumes one); with none kept, only a caller already at the newest missed nothing.
    const complete = bounds!.oldest === null ? afterId >= Number(bounds!.newest) : Number(bounds!.oldest) <= afterId + 1;
    return { events: rows.map(toBusEvent), complete };
  }

  async newestId(): Promise<number> {
    const [row] = await this.db.rows<{ newest: string }>(`SELECT (${NEWEST}) AS newest`);
    return Number(row!.newest);
  }

  /** Events older than `seconds`, and expired tickets, are deleted. */
  async prune(seconds: number): Promise<void> {
    await this.db.rows(`DELETE FROM events WHERE created_at < now() - make_interval(secs => $1)`, [seconds]);
    await this.db.rows(`DELETE FROM event_tickets WHERE expires_at < now()`);
  }

  async insertTicket(tokenHash: string, userId: string, seconds: number): Promise<Date> {
    const [row] = await this.db.rows<{ expires_at: Date }>(
      `INSERT INTO event_tickets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       RETURNING expires_at`,
      [tokenHash, userId, seconds],
    );
    return row!.expires_at;
  }

  /** The user of an unexpired ticket, which is used up by this (a second use finds nothing). */
  async redeemTicket(tokenHash: string): Promise<string | undefined> {
    const [row] = await this.db.rows<{ user_id: string }>(
      `DELETE FROM event_tickets WHERE token_hash = $1 AND expires_at > now() RETURNING user_id`,
      [tokenHash],
    );
    return row?.user_id;
  }
}
