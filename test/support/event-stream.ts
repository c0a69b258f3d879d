export interface StreamEvent {
  id?: string;
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire, checked with expect()
  data: any;
}

export interface EventStreamClient {
  status: number;
  headers: Headers;
  /** Every event so far, in order (comments such as `: ping` are counted in `comments`). */
  events: StreamEvent[];
  comments: number;
  /** The first event (from the start of the stream) that matches; waits for it up to `timeoutMs`. */
  waitFor(match: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Whether the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Parses one server-sent event block ("id: …\nevent: …\ndata: …"); undefined for a comment-only block. */
function parseBlock(block: string): StreamEvent | 'comment' | undefined {
  const event: StreamEvent = { event: 'message', data: undefined };
  const data: string[] = [];
  let fields = 0;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    fields += 1;
    if (name === 'id') event.id = value;
    else if (name === 'event') event.event = value;
    else if (name === 'data') data.push(value);
  }
  if (fields === 0) return block.trim() ? 'comment' : undefined;
  if (data.length === 0) return undefined; // e.g. a lone "retry:"
  event.data = JSON.parse(data.join('\n')) as unknown;
  return event;
}

/** Opens a server-sent event stream with fetch (so it can send headers) and collects its events. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => boolean>();
  const client: EventStreamClient = {
    status: response.status,
    headers: response.headers,
    events,
    comments: 0,
    ended: Promise.resolve(),
    waitFor: (match, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () => abort.abort(),
  };
  if (!response.ok || !response.body) return client;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  client.ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const parsed = parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (parsed === 'comment') client.comments += 1;
          else if (parsed) events.push(parsed);
        }
        for (const waiter of [...waiters]) waiter();
      }
    } catch {
      // closed by us
    }
  })();
  return client;
}
