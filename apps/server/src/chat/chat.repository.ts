import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { type ChatMessage, type ChatMessageRow, type NewChatMessage, toChatMessage } from './chat-message.js';

/** Statements on the chat_messages table: one conversation per transcription and user. */
@Injectable()
export class ChatRepository {
  constructor(private readonly db: Database) {}

  /** A user's whole conversation about a transcription, oldest first (none for a null user). */
  async history(transcriptionId: string, userId: string | null): Promise<ChatMessage[]> {
    const rows = await this.db.rows<ChatMessageRow>(
      `SELECT * FROM chat_messages WHERE transcription_id = $1 AND user_id = $2 ORDER BY created_at, id`,
      [transcriptionId, userId],
    );
    return rows.map(toChatMessage);
  }

  /** The last `count` messages of a user's conversation, oldest first. */
  async recent(transcriptionId: string, userId: string, count: number): Promise<ChatMessage[]> {
    const rows = await this.db.rows<ChatMessageRow>(
      `SELECT * FROM (
         SELECT * FROM chat_messages WHERE transcription_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3
       ) AS latest ORDER BY created_at, id`,
      [transcriptionId, userId, count],
    );
    return rows.map(toChatMessage);
  }

  async add(message: NewChatMessage): Promise<ChatMessage> {
    const [row] = await this.db.rows<ChatMessageRow>(
      `INSERT INTO chat_messages (transcription_id, user_id, role, content) VALUES ($1, $2, $3, $4) RETURNING *`,
      [message.transcriptionId, message.userId, message.role, message.content],
    );
    return toChatMessage(row!);
  }
}
