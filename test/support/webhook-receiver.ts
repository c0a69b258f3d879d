import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as it came (what the signature covers). */
  body: string;
  /** What it was answered: a status, or null when it was left hanging. */
  answeredWith: number | null;
}

export interface WebhookReceiver {
  /** The base URL, on 127.0.0.1. */
  url: string;
  /** Every request, in the order they came, answered or not. */
  requests: ReceivedWebhook[];
  /** The next `count` requests are answered with `status`. */
  failNext(count: number, status?: number): void;
  /** The next `count` requests get no answer (until the receiver closes). */
  hangNext(count: number): void;
  /** Resolves with the requests once at least `count` have come; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/**
 * A stand-in for the receiving end of webhooks: records each request with its headers and raw
 * body and answers 204, or — as a test tells it — fails or hangs the next few.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const waiters: { count: number; done: () => void }[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let hangs = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let answeredWith: number | null = 204;
      if (hangs > 0) {
        hangs -= 1;
        answeredWith = null;
      } else if (failures.count > 0) {
        failures.count -= 1;
        answeredWith = failures.status;
      }
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answeredWith,
      });
      if (answeredWith !== null) {
        response.statusCode = answeredWith;
        response.end(answeredWith === 204 ? undefined : 'not now');
      }
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.done();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext(count, status = 500) {
      failures = { count, status };
    },
    hangNext(count) {
      hangs = count;
    },
    waitFor(count, timeoutMs = 15_000) {
      if (requests.length >= count) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} webhook requests within ${timeoutMs} ms, got ${requests.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          done: () => {
            clearTimeout(timer);
            resolve(requests);
          },
        });
      });
    },
    close() {
      server.closeAllConnections(); // hanging requests too
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
