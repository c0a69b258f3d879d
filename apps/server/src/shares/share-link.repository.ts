import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { type ShareLink, type ShareLinkRow, toShareLink } from './share-link.js';

/** Statements on share_links. A link is live while it is neither revoked nor expired. */
@Injectable()
export class ShareLinkRepository {
  constructor(private readonly db: Database) {}

  async insert(transcriptionId: string, tokenHash: string, createdBy: string, expiresInDays: number | null): Promise<ShareLink> {
    const [row] = await this.db.rows<ShareLinkRow>(
      `INSERT INTO share_links (transcription_id, token_hash, created_by, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4::int))
       RETURNING *`,
      [transcriptionId, tokenHash, createdBy, expiresInDays],
    );
    return toShareLink(row!);
  }

  /** A transcription's links, newest first, live or not. */
  async listFor(transcriptionId: string): Promise<ShareLink[]> {
    const rows = await this.db.rows<ShareLinkRow>(
      `SELECT * FROM share_links WHERE transcription_id = $1 ORDER BY created_at DESC, id DESC`,
      [transcriptionId],
    );
    return rows.map(toShareLink);
  }

  /** Revokes the link (once: a second revoke keeps the first time); undefined when the transcription has no such link. */
  async revoke(transcriptionId: string, id: string): Promise<ShareLink | undefined> {
    const [row] = await this.db.rows<ShareLinkRow>(
      `UPDATE share_links SET revoked_at = COALESCE(revoked_at, now())
        WHERE id = $1 AND transcription_id = $2
        RETURNING *`,
      [id, transcriptionId],
    );
    return row && toShareLink(row);
  }

  /** The live link with this token hash, counting the visit when `visit` says so. */
  async findLive(tokenHash: string, visit: boolean): Promise<ShareLink | undefined> {
    const live = `token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;
    const [row] = visit
      ? await this.db.rows<ShareLinkRow>(
          `UPDATE share_links SET access_count = access_count + 1, last_accessed_at = now() WHERE ${live} RETURNING *`,
          [tokenHash],
        )
      : await this.db.rows<ShareLinkRow>(`SELECT * FROM share_links WHERE ${live}`, [tokenHash]);
    return row && toShareLink(row);
  }
}
