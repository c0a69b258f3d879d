import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

export type AttemptDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The upload_attempts table: one row per upload request a user started, within the rate window. */
@Injectable()
export class UploadAttemptRepository {
  constructor(private readonly db: Database) {}

  /**
   * Records an attempt if the user has made fewer than `limit` in the last `windowSeconds`, and
   * drops their attempts older than the window. One user's attempts are decided one at a time
   * (an advisory lock on the user), so parallel requests cannot all slip under the limit.
   */
  recordIfUnder(userId: string, limit: number, windowSeconds: number): Promise<AttemptDecision> {
    return this.db.transaction(async (tx) => {
      await tx.rows(`SELECT pg_advisory_xact_lock(hashtext('upload-attempts'), hashtext($1::text))`, [userId]);
      await tx.rows(`DELETE FROM upload_attempts WHERE user_id = $1 AND created_at <= now() - make_interval(secs => $2)`, [
        userId,
        windowSeconds,
      ]);
      const [row] = await tx.rows<{ attempts: number; retry_after: number | null }>(
        `SELECT count(*)::int AS attempts,
                extract(epoch FROM min(created_at) + make_interval(secs => $2) - now())::float AS retry_after
           FROM upload_attempts WHERE user_id = $1`,
        [userId, windowSeconds],
      );
      if (row && row.attempts >= limit) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(row.retry_after ?? windowSeconds)) };
      }
      await tx.rows(`INSERT INTO upload_attempts (user_id) VALUES ($1)`, [userId]);
      return { allowed: true };
    });
  }
}
