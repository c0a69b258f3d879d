import { authorizationHeader, errorFrom } from '../../api/http';
import { readEventStream } from '../../api/sse';

/** The model broke off mid-answer (its sentence, when it sent one); nothing of the answer was saved. */
export class ChatStreamError extends Error {
  constructor(readonly reason: string | null) {
    super(reason ?? 'the answer broke off');
    this.name = 'ChatStreamError';
  }
}

interface ChatStreamEvent {
  content?: string;
  done?: boolean;
  error?: string;
}

/**
 * Asks a question and hands each piece of the answer to `onPiece` as it arrives. Resolves once
 * the server says the answer is saved; a refusal rejects with an ApiError, a break-off with a
 * ChatStreamError.
 */
export async function streamChatAnswer(
  id: string,
  question: string,
  onPiece: (piece: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(`/api/transcriptions/${id}/chat/stream`, {
    method: 'POST',
    headers: { ...(await authorizationHeader()), 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ content: question }),
    signal,
  });
  if (!response.ok) throw await errorFrom(response);
  const end: { done: boolean; error: string | null } = { done: false, error: null };
  await readEventStream(response, (event) => {
    const data = JSON.parse(event.data) as ChatStreamEvent;
    if (typeof data.content === 'string') onPiece(data.content);
    if (data.done) end.done = true;
    if (typeof data.error === 'string') end.error = data.error;
  });
  if (!end.done) throw new ChatStreamError(end.error);
}
