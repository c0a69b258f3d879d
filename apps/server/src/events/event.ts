/** The NOTIFY channel the database's triggers announce events on (migration Events1764374300000). */
export const EVENTS_CHANNEL = 'whisper_events';

export type EventTopic = 'transcription' | 'runner';

/** A job or runner change, as the triggers record it (payload fields in snake_case, as stored). */
export interface BusEvent {
  id: number;
  topic: EventTopic;
  /** The owner of the transcription (null for runner events). */
  userId: string | null;
  payload: Record<string, unknown>;
}

export interface EventRow {
  /** bigint: a string. */
  id: string;
  topic: EventTopic;
  user_id: string | null;
  payload: Record<string, unknown>;
}

export function toBusEvent(row: EventRow): BusEvent {
  return { id: Number(row.id), topic: row.topic, userId: row.user_id, payload: row.payload };
}

/** A notification's text, as publish_event() writes it; undefined when it is not one. */
export function parseNotification(text: string): BusEvent | undefined {
  try {
    const {
      id,
      topic,
      user_id: userId,
      payload,
    } = JSON.parse(text) as {
      id?: unknown;
      topic?: unknown;
      user_id?: unknown;
      payload?: unknown;
    };
    if (typeof id !== 'number' || (topic !== 'transcription' && topic !== 'runner')) return undefined;
    if (typeof payload !== 'object' || payload === null) return undefined;
    return { id, topic, userId: typeof userId === 'string' ? userId : null, payload: payload as Record<string, unknown> };
  } catch {
    return undefined;
  }
}
