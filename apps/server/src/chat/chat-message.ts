import type { ChatMessageDto, ChatRole } from '@app/contracts';

/** A question or an answer in one user's conversation about one transcription. */
export interface ChatMessage {
  id: string;
  transcriptionId: string;
  /** Null once the user is deleted. */
  userId: string | null;
  role: ChatRole;
  content: string;
  createdAt: Date;
}

export type NewChatMessage = Pick<ChatMessage, 'transcriptionId' | 'userId' | 'role' | 'content'>;

export interface ChatMessageRow {
  id: string;
  transcription_id: string;
  user_id: string | null;
  role: ChatRole;
  content: string;
  created_at: Date;
}

export function toChatMessage(row: ChatMessageRow): ChatMessage {
  return {
    id: row.id,
    transcriptionId: row.transcription_id,
    userId: row.user_id,
    role: row.role,
    content: row.content,
    createdAt: row.created_at,
  };
}

export function toChatMessageDto(message: ChatMessage): ChatMessageDto {
  return { id: message.id, role: message.role, content: message.content, created_at: message.createdAt.toISOString() };
}
