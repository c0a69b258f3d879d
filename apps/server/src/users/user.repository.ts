import { Injectable } from '@nestjs/common';
import { Database, type Queryable } from '../database/database.js';
import { toUser, type User, type UserRow } from './user.js';

export type NewUser = Pick<User, 'id' | 'email' | 'isAdmin' | 'isActive'>;

/** Serializes changes to who is an active admin, so two at once cannot remove the last one. */
const ADMIN_CHANGES_LOCK = 0x77_73_61_64; // "wsad"

/**
 * Statements on the users table. Methods that take a `tx` run inside a transaction the caller
 * opened (Database.transaction); without one they run on the pool.
 */
@Injectable()
export class UserRepository {
  constructor(private readonly db: Database) {}

  /** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findById(id: string, tx: Queryable = this.db): Promise<User | undefined> {
    const [row] = await tx.rows<UserRow>(`SELECT * FROM users WHERE id = $1`, [id]);
    return row && toUser(row);
  }

  /**
   * Inserts the user unless one with this id exists (a concurrent first request made it). An
   * e-mail address another user already has is still refused (unique violation, 23505).
   */
  async insertIfAbsent(user: NewUser): Promise<void> {
    await this.db.rows(
      `INSERT INTO users (id, email, is_admin, is_active, activated_at) VALUES ($1, $2, $3, $4, CASE WHEN $4 THEN now() END)
       ON CONFLICT (id) DO NOTHING`,
      [user.id, user.email, user.isAdmin, user.isActive],
    );
  }

  async list(): Promise<User[]> {
    return (await this.db.rows<UserRow>(`SELECT * FROM users ORDER BY created_at, id`)).map(toUser);
  }

  async count(): Promise<number> {
    const [row] = await this.db.rows<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
    return row!.n;
  }

  /** Waits for, then holds until `tx` ends, the lock that serializes admin changes. */
  async lockAdminChanges(tx: Queryable): Promise<void> {
    await tx.rows(`SELECT pg_advisory_xact_lock($1)`, [ADMIN_CHANGES_LOCK]);
  }

  async countActiveAdminsOtherThan(id: string, tx: Queryable): Promise<number> {
    const [row] = await tx.rows<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE is_admin AND is_active AND id <> $1`, [
      id,
    ]);
    return row!.n;
  }

  async update(id: string, flags: Partial<Pick<User, 'isActive' | 'isAdmin'>>, tx: Queryable): Promise<User> {
    const [row] = await tx.rows<UserRow>(
      `UPDATE users SET is_active = COALESCE($2, is_active), is_admin = COALESCE($3, is_admin), updated_at = now(),
              activated_at = CASE WHEN NOT is_active AND $2 THEN now() WHEN $2 = false THEN NULL ELSE activated_at END
        WHERE id = $1 RETURNING *`,
      [id, flags.isActive ?? null, flags.isAdmin ?? null],
    );
    return toUser(row!);
  }

  async setFullName(id: string, fullName: string | null): Promise<User | undefined> {
    const [row] = await this.db.rows<UserRow>(`UPDATE users SET full_name = $2, updated_at = now() WHERE id = $1 RETURNING *`, [
      id,
      fullName,
    ]);
    return row && toUser(row);
  }

  /** Deletes the user; their transcriptions and upload attempts go with them (ON DELETE CASCADE). */
  async delete(id: string, tx: Queryable): Promise<void> {
    await tx.rows(`DELETE FROM users WHERE id = $1`, [id]);
  }
}
