import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLlmRequest {
  model: string;
  messages: { role: string; content: string }[];
  authorization?: string;
  /** Asked for a streamed answer. */
  stream?: boolean;
  /** The caller hung up before the answer was over. */
  abandoned?: boolean;
}

/** How it answers; tests may change it between requests. */
export interface FakeLlmBehaviour {
  /** The pieces of the answer (one chunk each when streamed); by default "SUMMARY(<n> chars): …", a word a piece. */
  answer: (request: FakeLlmRequest) => string[];
  /** Streams: the connection is destroyed after this many chunks (a model that breaks off mid-answer). */
  cutAfterChunks?: number;
  /** Streams: a pause before each chunk (a slow model). */
  chunkDelayMs?: number;
  /** Every request gets this HTTP status (a model that is down). */
  failWith?: number;
}

export interface FakeLlm {
  /** The base URL to give as GLM_BASE_URL. */
  url: string;
  requests: FakeLlmRequest[];
  behaviour: FakeLlmBehaviour;
  close(): Promise<void>;
}

/** "SUMMARY(<n> chars): <start of the first user message>", in pieces that end after a space. */
function summaryAnswer(request: FakeLlmRequest): string[] {
  const user = request.messages.find((message) => message.role === 'user')?.content ?? '';
  return `SUMMARY(${user.length} chars): ${user.slice(0, 40)}`.split(/(?<= )/);
}

/**
 * A small OpenAI-compatible chat completions server, plain or streamed (server-sent chunks, then
 * `data: [DONE]`). It answers as `behaviour` says; the first `failures` requests get `failStatus`
 * (429 by default) to exercise retries.
 */
export async function startFakeLlm(
  options: { failures?: number; failStatus?: number } & Partial<FakeLlmBehaviour> = {},
): Promise<FakeLlm> {
  const requests: FakeLlmRequest[] = [];
  const behaviour: FakeLlmBehaviour = { answer: summaryAnswer, ...options };
  let failuresLeft = options.failures ?? 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.setHeader('Content-Type', 'application/json');
      if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
        response.statusCode = 404;
        response.end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      if (behaviour.failWith || failuresLeft > 0) {
        if (!behaviour.failWith) failuresLeft -= 1;
        response.statusCode = behaviour.failWith ?? options.failStatus ?? 429;
        response.setHeader('retry-after-ms', '10');
        response.end(JSON.stringify({ error: { message: 'slow down' } }));
        return;
      }
      const parsed = JSON.parse(body) as FakeLlmRequest;
      const recorded: FakeLlmRequest = { ...parsed, authorization: request.headers.authorization };
      requests.push(recorded);
      const id = `chatcmpl-${requests.length}`;
      const created = Math.floor(Date.now() / 1000);
      const pieces = behaviour.answer(recorded);
      if (parsed.stream) {
        void streamAnswer(response, recorded, pieces, { id, object: 'chat.completion.chunk', created, model: parsed.model });
        return;
      }
      response.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: parsed.model,
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: pieces.join('') } }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });

  async function streamAnswer(response: http.ServerResponse, recorded: FakeLlmRequest, pieces: string[], header: object) {
    let cut = false;
    response.on('close', () => {
      if (!response.writableFinished && !cut) recorded.abandoned = true;
    });
    response.setHeader('Content-Type', 'text/event-stream');
    response.flushHeaders();
    const send = (delta: object, finishReason: string | null) =>
      response.write(`data: ${JSON.stringify({ ...header, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`);
    for (const [index, content] of pieces.entries()) {
      if (behaviour.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.chunkDelayMs));
      if (index === behaviour.cutAfterChunks) {
        cut = true;
        response.destroy();
        return;
      }
      if (response.destroyed) return;
      send(index === 0 ? { role: 'assistant', content } : { content }, null);
    }
    send({}, 'stop');
    response.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    behaviour,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
