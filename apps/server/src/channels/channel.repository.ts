import { Injectable } from '@nestjs/common';
import { Database, type Queryable } from '../database/database.js';
import { toUser, type User, type UserRow } from '../users/user.js';
import { type Channel, type ChannelRow, type Membership, type MembershipRow, toChannel, toMembership } from './channel.js';

/** A channel row `c` with its member count. */
const CHANNEL_COLUMNS = `c.id, c.name, c.description, c.created_by, c.created_at, c.updated_at,
  (SELECT count(*)::int FROM channel_members m WHERE m.channel_id = c.id) AS member_count`;

/** First key of the advisory locks that serialize changes to one transcription's channels (the second: its id's hash). */
const ASSIGNMENT_LOCK = 0x77_73_63_68; // "wsch"

export interface ChannelChanges {
  name?: string;
  /** Null clears it; absent leaves it. */
  description?: string | null;
}

/** A channel an assignment names, and whether the one assigning is in it. */
export interface AssignableChannel {
  id: string;
  name: string;
  isMember: boolean;
}

/**
 * Statements on channels, their members and the assignment of transcriptions to them. A name
 * another channel has (whatever the case) is refused by the unique index (23505), so two admins
 * creating the same name at once get one channel. Methods that take a `tx` run inside a
 * transaction the caller opened.
 */
@Injectable()
export class ChannelRepository {
  constructor(private readonly db: Database) {}

  /** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async list(): Promise<Channel[]> {
    const rows = await this.db.rows<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels c ORDER BY lower(c.name), c.id`);
    return rows.map(toChannel);
  }

  async find(id: string): Promise<Channel | undefined> {
    const [row] = await this.db.rows<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels c WHERE c.id = $1`, [id]);
    return row && toChannel(row);
  }

  async insert(channel: { name: string; description: string | null; createdBy: string }): Promise<Channel> {
    const [row] = await this.db.rows<ChannelRow>(
      `INSERT INTO channels AS c (name, description, created_by) VALUES ($1, $2, $3) RETURNING ${CHANNEL_COLUMNS}`,
      [channel.name, channel.description, channel.createdBy],
    );
    return toChannel(row!);
  }

  async update(id: string, changes: ChannelChanges): Promise<Channel | undefined> {
    const [row] = await this.db.rows<ChannelRow>(
      `UPDATE channels c SET name = COALESCE($2, c.name), description = CASE WHEN $3 THEN $4 ELSE c.description END,
              updated_at = now()
        WHERE c.id = $1 RETURNING ${CHANNEL_COLUMNS}`,
      [id, changes.name ?? null, changes.description !== undefined, changes.description ?? null],
    );
    return row && toChannel(row);
  }

  /** Deletes the channel, its memberships and its assignments (ON DELETE CASCADE); false if there was none. */
  async delete(id: string): Promise<boolean> {
    return (await this.db.rows(`DELETE FROM channels WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  /** The channel's members, by e-mail address. */
  async members(channelId: string): Promise<User[]> {
    const rows = await this.db.rows<UserRow>(
      `SELECT u.* FROM channel_members m JOIN users u ON u.id = m.user_id WHERE m.channel_id = $1
        ORDER BY u.email NULLS LAST, u.id`,
      [channelId],
    );
    return rows.map(toUser);
  }

  /** Adds the member if the channel and the user exist and they are not one yet; undefined otherwise. */
  async addMember(channelId: string, userId: string, assignedBy: string): Promise<Membership | undefined> {
    const [row] = await this.db.rows<MembershipRow>(
      `INSERT INTO channel_members (channel_id, user_id, assigned_by)
       SELECT c.id, u.id, $3 FROM channels c JOIN users u ON u.id = $2 WHERE c.id = $1
       ON CONFLICT (channel_id, user_id) DO NOTHING
       RETURNING *`,
      [channelId, userId, assignedBy],
    );
    return row && toMembership(row);
  }

  async membership(channelId: string, userId: string): Promise<Membership | undefined> {
    const [row] = await this.db.rows<MembershipRow>(`SELECT * FROM channel_members WHERE channel_id = $1 AND user_id = $2`, [
      channelId,
      userId,
    ]);
    return row && toMembership(row);
  }

  /** False if they were not a member. */
  async removeMember(channelId: string, userId: string): Promise<boolean> {
    const rows = await this.db.rows(`DELETE FROM channel_members WHERE channel_id = $1 AND user_id = $2 RETURNING user_id`, [
      channelId,
      userId,
    ]);
    return rows.length > 0;
  }

  /** The e-mail addresses of these users (a user deleted meanwhile is absent). */
  async emailsOf(userIds: string[]): Promise<Map<string, string | null>> {
    const rows = await this.db.rows<{ id: string; email: string | null }>(
      `SELECT id, email FROM users WHERE id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.id, row.email]));
  }

  // --- assignments, inside one transaction (see ChannelsService.assign) -------------------------

  /**
   * Waits for, then holds until `tx` ends, the lock on this transcription's assignments: two
   * replacements at once would otherwise merge their sets, or collide on the same channel. Then
   * holds the transcription against deletion; false when it no longer exists.
   */
  async lockAssignments(transcriptionId: string, tx: Queryable): Promise<boolean> {
    await tx.rows(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [ASSIGNMENT_LOCK, transcriptionId]);
    return (await tx.rows(`SELECT 1 FROM transcriptions WHERE id = $1 FOR KEY SHARE`, [transcriptionId])).length > 0;
  }

  /**
   * Of `ids`, the channels that exist, held against deletion until `tx` ends, and whether
   * `userId` is a member of each (none for no user).
   */
  async assignable(ids: string[], userId: string | null, tx: Queryable): Promise<AssignableChannel[]> {
    const rows = await tx.rows<{ id: string; name: string; is_member: boolean }>(
      `SELECT c.id, c.name, EXISTS (SELECT 1 FROM channel_members m WHERE m.channel_id = c.id AND m.user_id = $2::uuid) AS is_member
         FROM channels c WHERE c.id = ANY($1::uuid[])
          FOR KEY SHARE`,
      [ids, userId],
    );
    return rows.map((row) => ({ id: row.id, name: row.name, isMember: row.is_member }));
  }

  /** Makes `channelIds` the transcription's channels; those it stays in keep who assigned them and when. */
  async replaceAssignments(transcriptionId: string, channelIds: string[], assignedBy: string, tx: Queryable): Promise<void> {
    await tx.rows(`DELETE FROM transcription_channels WHERE transcription_id = $1 AND channel_id <> ALL($2::uuid[])`, [
      transcriptionId,
      channelIds,
    ]);
    await tx.rows(
      `INSERT INTO transcription_channels (transcription_id, channel_id, assigned_by)
       SELECT $1, unnest($2::uuid[]), $3
       ON CONFLICT (transcription_id, channel_id) DO NOTHING`,
      [transcriptionId, channelIds, assignedBy],
    );
  }
}
