import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLlm {
  /** The base URL to give as GLM_BASE_URL. */
  url: string;
  requests: { model: string; messages: { role: string; content: string }[]; authorization?: string }[];
  close(): Promise<void>;
}

/**
 * A small OpenAI-compatible chat completions server. It answers "SUMMARY(<n> chars): <start of the
 * user message>"; the first `failures` requests get `failStatus` (429 by default) to exercise retries.
 */
export async function startFakeLlm(options: { failures?: number; failStatus?: number } = {}): Promise<FakeLlm> {
  const requests: FakeLlm['requests'] = [];
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
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.statusCode = options.failStatus ?? 429;
        response.setHeader('retry-after-ms', '10');
        response.end(JSON.stringify({ error: { message: 'slow down' } }));
        return;
      }
      const parsed = JSON.parse(body) as { model: string; messages: { role: string; content: string }[] };
      requests.push({ ...parsed, authorization: request.headers.authorization });
      const user = parsed.messages.find((message) => message.role === 'user')?.content ?? '';
      response.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: parsed.model,
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: `SUMMARY(${user.length} chars): ${user.slice(0, 40)}` },
            },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
