import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';

/** The audio_tickets table: hashed tickets to one transcription's audio, until they expire. */
@Injectable()
export class AudioTicketRepository {
  constructor(private readonly db: Database) {}

  /** Stores a ticket valid for `seconds` (below zero: already expired); returns when it expires. */
  async insert(ticketHash: string, userId: string, transcriptionId: string, seconds: number): Promise<Date> {
    const [row] = await this.db.rows<{ expires_at: Date }>(
      `INSERT INTO audio_tickets (ticket_hash, user_id, transcription_id, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       RETURNING expires_at`,
      [ticketHash, userId, transcriptionId, seconds],
    );
    return row!.expires_at;
  }

  /** The user of an unexpired ticket to this transcription's audio. Using it leaves it valid. */
  async userOf(ticketHash: string, transcriptionId: string): Promise<string | undefined> {
    const [row] = await this.db.rows<{ user_id: string }>(
      `SELECT user_id FROM audio_tickets WHERE ticket_hash = $1 AND transcription_id = $2 AND expires_at > now()`,
      [ticketHash, transcriptionId],
    );
    return row?.user_id;
  }

  /** Removes expired tickets; returns how many. */
  async deleteExpired(): Promise<number> {
    const rows = await this.db.rows(`DELETE FROM audio_tickets WHERE expires_at <= now() RETURNING 1`);
    return rows.length;
  }
}
