import { Injectable } from '@nestjs/common';
import type { ApiKeyScope } from '@app/contracts';
import { Database } from '../database/database.js';
import type { UserRow } from '../users/user.js';
import { type ApiKey, type ApiKeyRow, toApiKey } from './api-key.js';

/** Every column of a key but its hash. */
const KEY_COLUMNS = 'k.id, k.user_id, k.name, k.prefix, k.scope, k.expires_at, k.last_used_at, k.created_at, k.revoked_at';

/** First key of the advisory locks that serialize one user's key creations (the second: their id's hash). */
const CREATION_LOCK = 0x77_73_61_6b; // "wsak"

/** A key not revoked and not expired. */
const LIVE = 'k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())';

export interface NewApiKey {
  name: string;
  keyHash: string;
  prefix: string;
  scope: ApiKeyScope;
  expiresAt: Date | null;
}

/** What a request's key check needs: the key's state and its user, in one row. */
export type ApiKeyCheckRow = UserRow & {
  key_id: string;
  key_scope: ApiKeyScope;
  key_expires_at: Date | null;
  key_revoked_at: Date | null;
};

/** Statements on api_keys. */
@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  /** Stores the key unless the user already has `limit` live ones (undefined then). */
  insertUnderLimit(userId: string, key: NewApiKey, limit: number): Promise<ApiKey | undefined> {
    return this.db.transaction(async (tx) => {
      // Two creations at once would otherwise both see room for one more.
      await tx.rows(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [CREATION_LOCK, userId]);
      const [row] = await tx.rows<ApiKeyRow>(
        `INSERT INTO api_keys AS k (user_id, name, key_hash, prefix, scope, expires_at)
         SELECT $1, $2, $3, $4, $5, $6 WHERE (SELECT count(*) FROM api_keys k WHERE k.user_id = $1 AND ${LIVE}) < $7
         RETURNING ${KEY_COLUMNS}`,
        [userId, key.name, key.keyHash, key.prefix, key.scope, key.expiresAt, limit],
      );
      return row && toApiKey(row);
    });
  }

  async listOf(userId: string): Promise<ApiKey[]> {
    const rows = await this.db.rows<ApiKeyRow>(
      `SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.user_id = $1 ORDER BY k.created_at DESC, k.id`,
      [userId],
    );
    return rows.map(toApiKey);
  }

  /** Everyone's keys, newest first, with their user's e-mail address. */
  async listAll(): Promise<ApiKey[]> {
    const rows = await this.db.rows<ApiKeyRow>(
      `SELECT ${KEY_COLUMNS}, u.email AS user_email FROM api_keys k JOIN users u ON u.id = k.user_id ORDER BY k.created_at DESC, k.id`,
    );
    return rows.map(toApiKey);
  }

  /**
   * Revokes the key (of `userId` when given); one revoked already keeps its time. The key's hash
   * (to forget it in the cache), or undefined when there is no such key.
   */
  async revoke(id: string, userId?: string): Promise<string | undefined> {
    const [row] = await this.db.rows<{ key_hash: string }>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) RETURNING key_hash`,
      [id, userId ?? null],
    );
    return row?.key_hash;
  }

  /** The one indexed lookup of a request's key check: the key and its user. */
  async findForCheck(keyHash: string): Promise<ApiKeyCheckRow | undefined> {
    const [row] = await this.db.rows<ApiKeyCheckRow>(
      `SELECT u.*, k.id AS key_id, k.scope AS key_scope, k.expires_at AS key_expires_at, k.revoked_at AS key_revoked_at
         FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.key_hash = $1`,
      [keyHash],
    );
    return row;
  }

  /** Records a use; a no-op when another replica did so in the last minute. */
  async touch(id: string): Promise<void> {
    await this.db.rows(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  /** Sets when the key expires (tests use it to put the time in the past). */
  async setExpiresAt(id: string, expiresAt: Date | null): Promise<void> {
    await this.db.rows(`UPDATE api_keys SET expires_at = $2 WHERE id = $1`, [id, expiresAt]);
  }
}
