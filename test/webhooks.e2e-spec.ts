import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { User } from '@server/users/user.js';
import { WebhookRepository } from '@server/webhooks/webhook.repository.js';
import { apiClient, audioForm, expectErrorShape, makeWav } from './support/api.js';
import { createTestDatabase } from './support/database.js';
import { TestData } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = /^whsec_[A-Za-z0-9_-]{43}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Quick workers for tests: a scan every 0.1 s, retries after 0.2 s, 0.6 s, 2.4 s, 12 s …, given up
 * 5 s after the event, 1 s per attempt.
 */
const QUICK = {
  SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
  UPLOAD_RATE_LIMIT: '0',
  WEBHOOK_SCAN_SECONDS: '0.1',
  WEBHOOK_RETRY_BASE_SECONDS: '0.2',
  WEBHOOK_RETRY_HOURS: String(5 / 3600),
  WEBHOOK_TIMEOUT_SECONDS: '1',
};
/** The receiver runs on 127.0.0.1: the servers that deliver to it must allow private addresses. */
const LOCAL = { ...QUICK, WEBHOOK_ALLOW_PRIVATE: 'true' };

type Player = User & { token: string };

/** The signature header checks out against `secret`, computed here from the raw body. */
function expectSigned(request: ReceivedWebhook, secret: string): void {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers['x-webhook-signature']));
  expect(match).not.toBeNull();
  const [, timestamp, mac] = match!;
  expect(mac).toBe(createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex'));
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
}

/** Reads until `done` says yes (or the time is up: then the last reading, for expect to explain). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}

/** A server (or two) with its own users and helpers. */
function harness(server: () => TestServer) {
  const call = (...args: Parameters<ReturnType<typeof apiClient>>) => apiClient(server().url)(...args);
  const data = () => TestData.of(server());
  return {
    call,
    player: async (): Promise<Player> => {
      const email = `${randomUUID()}@example.com`;
      const user = await data().user({ email });
      return { ...user, token: signToken({ sub: user.id, email }) };
    },
    register: async (as: Player, url: string): Promise<{ id: string; secret: string }> => {
      const created = await call('POST', '/api/webhooks', { token: as.token, json: { url } });
      expect(created.status).toBe(201);
      return created.body;
    },
    completed: async (owner: User, result: Parameters<TestData['complete']>[1] = {}): Promise<string> => {
      const { id } = await data().pending({ owner });
      await data().complete(id, result);
      return id;
    },
    deliveries: async (as: Player, query = ''): Promise<Record<string, unknown>[]> => {
      const page = await call('GET', `/api/webhooks/deliveries${query}`, { token: as.token });
      expect(page.status).toBe(200);
      return page.body.items;
    },
  };
}

describe('webhooks (HTTP, real PostgreSQL, a stand-in receiver)', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  const { call, player, register, completed, deliveries } = harness(() => server);
  const data = () => TestData.of(server);
  /** The owner's deliveries, once `done` says they are as expected. */
  const deliveriesWhen = (as: Player, done: (items: Record<string, unknown>[]) => boolean, query = '') =>
    eventually(() => deliveries(as, query), done);

  beforeAll(async () => {
    server = await startTestServer(LOCAL);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(() => receiver.close());

  describe('registration', () => {
    it('registers, lists, reads, changes, rotates and deletes; the secret is shown only when it is made', async () => {
      const owner = await player();
      const created = await call('POST', '/api/webhooks', {
        token: owner.token,
        json: { url: `${receiver.url}/hooks`, description: '  CRM sync ' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(UUID),
        url: `${receiver.url}/hooks`,
        description: 'CRM sync',
        enabled: true,
        created_at: expect.stringMatching(ISO_DATE),
        updated_at: expect.stringMatching(ISO_DATE),
        secret: expect.stringMatching(SECRET),
      });
      const { id, secret } = created.body;
      const { secret: _shownOnce, ...listed } = created.body;
      expect((await call('GET', '/api/webhooks', { token: owner.token })).body).toEqual([listed]);
      expect((await call('GET', `/api/webhooks/${id}`, { token: owner.token })).body).toEqual(listed);

      const changed = await call('PATCH', `/api/webhooks/${id}`, {
        token: owner.token,
        json: { url: `${receiver.url}/v2`, description: ' ', enabled: false },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ id, url: `${receiver.url}/v2`, description: null, enabled: false });
      expect(changed.body.secret).toBeUndefined();
      expect((await call('PATCH', `/api/webhooks/${id}`, { token: owner.token, json: { enabled: true } })).body).toMatchObject({
        url: `${receiver.url}/v2`,
        enabled: true,
      });

      const rotated = await call('POST', `/api/webhooks/${id}/rotate-secret`, { token: owner.token });
      expect(rotated.status).toBe(200);
      expect(rotated.body).toMatchObject({ id, secret: expect.stringMatching(SECRET) });
      expect(rotated.body.secret).not.toBe(secret);

      expect((await call('DELETE', `/api/webhooks/${id}`, { token: owner.token })).status).toBe(204);
      expect((await call('GET', `/api/webhooks/${id}`, { token: owner.token })).status).toBe(404);
      expect((await call('DELETE', `/api/webhooks/${id}`, { token: owner.token })).status).toBe(404);
      expect((await call('GET', '/api/webhooks', { token: owner.token })).body).toEqual([]);
    });

    it('refuses bad bodies, ids and URLs with a sentence, and strangers with 401', async () => {
      const owner = await player();
      const { id } = await register(owner, receiver.url);
      for (const json of [
        {},
        { url: '' },
        { url: 42 },
        { url: 'not a url' },
        { url: 'ftp://example.com/hook' },
        { url: 'file:///etc/passwd' },
        { url: `${receiver.url}/${'x'.repeat(2048)}` },
        { url: receiver.url, secret: 'mine' },
      ]) {
        const refused = await call('POST', '/api/webhooks', { token: owner.token, json });
        expect({ json, status: refused.status }).toEqual({ json, status: 400 });
        expectErrorShape(refused.body, 400);
      }
      expect((await call('POST', '/api/webhooks', { token: owner.token, json: { url: 'ftp://x.io/' } })).body.message).toBe(
        'url: the URL must start with http:// or https:// (not ftp://)',
      );
      expect((await call('PATCH', `/api/webhooks/${id}`, { token: owner.token, json: { url: null } })).status).toBe(400);
      expect((await call('PATCH', `/api/webhooks/${id}`, { token: owner.token, json: { enabled: 'yes' } })).status).toBe(400);
      expect((await call('GET', '/api/webhooks/not-an-id', { token: owner.token })).status).toBe(400);
      expect((await call('GET', '/api/webhooks/deliveries?transcription_id=nope', { token: owner.token })).status).toBe(400);
      expect((await call('GET', '/api/webhooks')).status).toBe(401);
      expect((await call('POST', '/api/webhooks', { json: { url: receiver.url } })).status).toBe(401);
    });

    it("answers 404 for another user's webhooks and deliveries, and lists only one's own", async () => {
      const owner = await player();
      const stranger = await player();
      const { id } = await register(owner, receiver.url);
      const job = await completed(owner);
      const [delivery] = await deliveriesWhen(owner, (items) => items[0]?.status === 'delivered');
      expect(delivery).toMatchObject({ transcription_id: job, webhook_id: id });

      for (const [method, route] of [
        ['GET', `/api/webhooks/${id}`],
        ['PATCH', `/api/webhooks/${id}`],
        ['DELETE', `/api/webhooks/${id}`],
        ['POST', `/api/webhooks/${id}/rotate-secret`],
        ['POST', `/api/webhooks/deliveries/${String(delivery!.id)}/retry`],
      ] as const) {
        const refused = await call(method, route, {
          token: stranger.token,
          json: method === 'PATCH' ? { enabled: false } : undefined,
        });
        expect({ method, route, status: refused.status }).toEqual({ method, route, status: 404 });
      }
      expect((await call('GET', '/api/webhooks', { token: stranger.token })).body).toEqual([]);
      expect(await deliveries(stranger)).toEqual([]);
      expect(await deliveries(stranger, `?transcription_id=${job}`)).toEqual([]);
      expect(await deliveries(stranger, `?webhook_id=${id}`)).toEqual([]);
      // Nothing changed for the owner.
      expect((await call('GET', `/api/webhooks/${id}`, { token: owner.token })).body.enabled).toBe(true);
    });

    it('keeps each user to 20 webhooks, even when they register several at once (409 beyond)', async () => {
      const owner = await player();
      for (let n = 0; n < 18; n++) await register(owner, `${receiver.url}/${n}`);
      const racing = await Promise.all(
        [18, 19, 20].map((n) => call('POST', '/api/webhooks', { token: owner.token, json: { url: `${receiver.url}/${n}` } })),
      );
      expect(racing.map((answer) => answer.status).sort()).toEqual([201, 201, 409]);
      const refused = racing.find((answer) => answer.status === 409)!;
      expectErrorShape(refused.body, 409);
      expect(refused.body.message).toBe('you already have 20 webhooks, the most one may have; delete one first');
      expect((await call('GET', '/api/webhooks', { token: owner.token })).body).toHaveLength(20);
    });
  });

  describe('events', () => {
    it('POSTs completed, failed and cancelled events, signed with the secret, to every enabled webhook', async () => {
      const owner = await player();
      const { secret } = await register(owner, `${receiver.url}/on`);
      const off = await register(owner, `${receiver.url}/off`);
      await call('PATCH', `/api/webhooks/${off.id}`, { token: owner.token, json: { enabled: false } });

      const done = await completed(owner, { text: 'Hello there.', summary: '- greeting', language: 'en', durationSeconds: 4 });
      const [request] = await receiver.waitFor(1);
      expect(request).toMatchObject({ method: 'POST', path: '/on' });
      expect(request!.headers['content-type']).toBe('application/json');
      expect(request!.headers['x-webhook-event']).toBe('transcription.completed');
      expectSigned(request!, secret);
      const event = JSON.parse(request!.body);
      expect(request!.headers['x-webhook-id']).toBe(event.id);
      const transcription = await data().transcription(done);
      expect(event).toEqual({
        id: expect.stringMatching(UUID),
        type: 'transcription.completed',
        created_at: expect.stringMatching(ISO_DATE),
        data: {
          id: done,
          file_name: transcription.fileName,
          status: 'completed',
          language: 'en',
          duration_seconds: 4,
          text: 'Hello there.',
          summary: '- greeting',
          error_message: null,
          created_at: transcription.createdAt.toISOString(),
          completed_at: transcription.completedAt!.toISOString(),
        },
      });
      // The field order is fixed too.
      expect(Object.keys(event.data)).toEqual([
        'id',
        'file_name',
        'status',
        'language',
        'duration_seconds',
        'text',
        'summary',
        'error_message',
        'created_at',
        'completed_at',
      ]);

      const failed = (await data().fail((await data().pending({ owner })).id, 'whisper crashed')).id;
      const cancelled = (await data().pending({ owner })).id;
      expect((await call('POST', `/api/transcriptions/${cancelled}/cancel`, { token: owner.token })).status).toBe(200);
      // A summary made again completes the transcription again: a second completed event, with the new summary.
      expect((await call('POST', `/api/transcriptions/${done}/summarize`, { token: owner.token, json: {} })).status).toBe(202);
      await data().complete(done, { text: 'Hello there.', summary: '- a second summary' });

      const requests = await receiver.waitFor(4);
      // Sent side by side: they may arrive in any order.
      const events = requests
        .map((received) => {
          expectSigned(received, secret);
          return JSON.parse(received.body);
        })
        .sort((a, b) => a.created_at.localeCompare(b.created_at));
      expect(events.map((e) => [e.type, e.data.id, e.data.status])).toEqual([
        ['transcription.completed', done, 'completed'],
        ['transcription.failed', failed, 'failed'],
        ['transcription.cancelled', cancelled, 'cancelled'],
        ['transcription.completed', done, 'completed'],
      ]);
      expect(events[1].data.error_message).toBe('whisper crashed');
      expect(events[3].data.summary).toBe('- a second summary');
      expect(new Set(events.map((e) => e.id)).size).toBe(4);
      expect(requests.some((received) => received.path === '/off')).toBe(false);

      const listed = await deliveriesWhen(owner, (items) => items.length === 4 && items.every((d) => d.status === 'delivered'));
      expect(listed[0]).toEqual({
        id: events[3].id,
        webhook_id: expect.stringMatching(UUID),
        transcription_id: done,
        event_type: 'transcription.completed',
        url: `${receiver.url}/on`,
        status: 'delivered',
        attempts: 1,
        last_status_code: 204,
        last_error: null,
        next_attempt_at: null,
        delivered_at: expect.stringMatching(ISO_DATE),
        created_at: expect.stringMatching(ISO_DATE),
      });
      expect((await deliveries(owner, `?transcription_id=${done}`)).map((d) => d.id)).toEqual([events[3].id, events[0].id]);
      const page = await call('GET', '/api/webhooks/deliveries?page=2&page_size=3', { token: owner.token });
      expect(page.body).toMatchObject({ total: 4, page: 2, page_size: 3, total_pages: 2 });
      expect(page.body.data).toEqual(page.body.items);
    });

    it("sends an upload's events to its callback_url, signed with the callback_secret of the 201 answer", async () => {
      const owner = await player();
      const uploaded = await call('POST', '/api/audio/upload', {
        token: owner.token,
        form: audioForm(makeWav(4000), 'memo.wav', { callback_url: `${receiver.url}/callback?job=memo` }),
      });
      expect(uploaded.status).toBe(201);
      expect(uploaded.body.callback_secret).toMatch(SECRET);
      const plain = await call('POST', '/api/audio/upload', { token: owner.token, form: audioForm(makeWav(4000), 'plain.wav') });
      expect(plain.status).toBe(201);
      expect(plain.body).not.toHaveProperty('callback_secret');

      await data().complete(uploaded.body.id, { text: 'A memo.' });
      await data().complete(plain.body.id);
      const [request] = await receiver.waitFor(1);
      expect(request!.path).toBe('/callback?job=memo');
      expectSigned(request!, uploaded.body.callback_secret);
      expect(JSON.parse(request!.body)).toMatchObject({
        type: 'transcription.completed',
        data: { id: uploaded.body.id, file_name: 'memo.wav', text: 'A memo.' },
      });
      const [delivery] = await deliveriesWhen(owner, (items) => items[0]?.status === 'delivered');
      expect(delivery).toMatchObject({ webhook_id: null, url: `${receiver.url}/callback?job=memo`, attempts: 1 });
      await sleep(300);
      expect(receiver.requests).toHaveLength(1); // the upload without a callback_url sent nothing

      for (const callbackUrl of ['ftp://example.com/x', 'nonsense']) {
        const refused = await call('POST', '/api/audio/upload', {
          token: owner.token,
          form: audioForm(makeWav(4000), 'bad.wav', { callback_url: callbackUrl }),
        });
        expect(refused.status).toBe(400);
        expect(refused.body.message).toMatch(/^callback_url: /);
      }
      expect((await call('GET', '/api/transcriptions', { token: owner.token })).body.total).toBe(2); // nothing kept
    });
  });

  describe('retries', () => {
    it('a receiver that fails twice gets the same delivery a third time, which delivers it', async () => {
      const owner = await player();
      await register(owner, receiver.url);
      receiver.failNext(2);
      await completed(owner);
      const requests = await receiver.waitFor(3);
      expect(requests.map((r) => r.answeredWith)).toEqual([500, 500, 204]);
      expect(new Set(requests.map((r) => r.headers['x-webhook-id'])).size).toBe(1);
      expect(new Set(requests.map((r) => r.body)).size).toBe(1);
      const [delivery] = await deliveriesWhen(owner, (items) => items[0]?.status === 'delivered');
      expect(delivery).toMatchObject({ attempts: 3, last_status_code: 204, last_error: null, next_attempt_at: null });
      await sleep(500);
      expect(receiver.requests).toHaveLength(3);
    });

    it('gives up on an attempt after WEBHOOK_TIMEOUT_SECONDS without an answer, and tries again', async () => {
      const owner = await player();
      await register(owner, receiver.url);
      receiver.hangNext(1);
      await completed(owner);
      const requests = await receiver.waitFor(2);
      expect(requests.map((r) => r.answeredWith)).toEqual([null, 204]);
      const [delivery] = await deliveriesWhen(owner, (items) => items[0]?.status === 'delivered');
      expect(delivery).toMatchObject({ attempts: 2, last_status_code: 204 });
    });

    it('marks a delivery failed once WEBHOOK_RETRY_HOURS have passed; its owner can send it again', async () => {
      const owner = await player();
      await register(owner, receiver.url);
      receiver.failNext(1000, 503);
      await completed(owner);
      const [failed] = await deliveriesWhen(owner, (items) => items[0]?.status === 'failed');
      // Tried at 0, 0.2, 0.8 and 3.2 s (and a scan's wait each); the next one (15 s) would be past the 5 s window.
      expect(failed).toMatchObject({
        status: 'failed',
        attempts: 4,
        last_status_code: 503,
        last_error: 'the receiver answered 503',
        next_attempt_at: null,
        delivered_at: null,
      });

      receiver.failNext(0);
      const retried = await call('POST', `/api/webhooks/deliveries/${String(failed!.id)}/retry`, { token: owner.token });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: failed!.id, status: 'pending' });
      const [delivered] = await deliveriesWhen(owner, (items) => items[0]?.status === 'delivered');
      expect(delivered).toMatchObject({ attempts: 5, last_status_code: 204 });
      expect(receiver.requests).toHaveLength(5);
      expect(receiver.requests.at(-1)!.headers['x-webhook-id']).toBe(failed!.id);
    });
  });
});

describe('webhook addresses without WEBHOOK_ALLOW_PRIVATE (SSRF)', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  const { call, player, completed, deliveries } = harness(() => server);

  beforeAll(async () => {
    server = await startTestServer(QUICK);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  it('refuses URLs that are or resolve to loopback, link-local or private addresses, at registration and upload', async () => {
    const owner = await player();
    const port = new URL(receiver.url).port;
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      'http://0.0.0.0/',
      'http://10.0.0.5/hook',
      'http://172.20.1.1/hook',
      'http://192.168.1.10/hook',
      'http://100.64.0.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://[fe80::1]/hook',
    ]) {
      const refused = await call('POST', '/api/webhooks', { token: owner.token, json: { url } });
      expect({ url, status: refused.status }).toEqual({ url, status: 400 });
      expectErrorShape(refused.body, 400);
      expect(refused.body.message).toMatch(/loopback, link-local or private address/);
    }
    // A public address is taken (a literal: no DNS needed), and cannot be changed to a private one.
    const allowed = await call('POST', '/api/webhooks', { token: owner.token, json: { url: 'http://93.184.215.14/hook' } });
    expect(allowed.status).toBe(201);
    const moved = await call('PATCH', `/api/webhooks/${allowed.body.id}`, {
      token: owner.token,
      json: { url: 'http://169.254.169.254/' },
    });
    expect(moved.status).toBe(400);
    expect((await call('GET', `/api/webhooks/${allowed.body.id}`, { token: owner.token })).body.url).toBe(
      'http://93.184.215.14/hook',
    );

    const upload = await call('POST', '/api/audio/upload', {
      token: owner.token,
      form: audioForm(makeWav(4000), 'a.wav', { callback_url: `http://127.0.0.1:${port}/callback` }),
    });
    expect(upload.status).toBe(400);
    expect(upload.body.message).toMatch(/^callback_url: .*private address/);
    expect((await call('GET', '/api/transcriptions', { token: owner.token })).body.total).toBe(0);
    expect(receiver.requests).toEqual([]);
  });

  it('checks the address connected to at every attempt: a webhook that points at one now gets nothing', async () => {
    const owner = await player();
    // As if registered while allowed, or through a host name that now resolves elsewhere.
    const webhooks = server.app.get(WebhookRepository);
    const port = new URL(receiver.url).port;
    for (const url of [`${receiver.url}/literal`, `http://localhost:${port}/by-name`]) {
      await webhooks.insertUnderLimit(owner.id, { url, description: null, secret: 'whsec_test' }, 20);
    }
    await completed(owner);
    const tried = await eventually(
      () => deliveries(owner),
      (items) => items.length === 2 && items.every((d) => (d.attempts as number) >= 2),
    );
    for (const delivery of tried) {
      expect(delivery).toMatchObject({
        last_status_code: null,
        last_error: 'the host resolves to a loopback, link-local or private address',
      });
    }
    expect(receiver.requests).toEqual([]);
  });
});

describe('webhook delivery across restarts and replicas', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(() => receiver.close());

  /** A database and data directory that outlive the servers started on them. */
  async function sharedStorage() {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-webhooks-'));
    return {
      existing: { database, dataDir },
      async drop() {
        await database.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }

  it('delivers once, with the same X-Webhook-Id, after a server restart in the middle of the retry schedule', async () => {
    const storage = await sharedStorage();
    // The first retry waits 4 s: the server is stopped before it comes.
    const env = { ...LOCAL, WEBHOOK_RETRY_BASE_SECONDS: '4', WEBHOOK_RETRY_HOURS: '1' };
    let server = await startTestServer(env, storage.existing);
    const h = harness(() => server);
    try {
      const owner = await h.player();
      const { secret } = await h.register(owner, receiver.url);
      receiver.failNext(1);
      const job = await h.completed(owner);
      await receiver.waitFor(1);
      await eventually(
        () => h.deliveries(owner),
        ([delivery]) => delivery?.last_status_code === 500,
      );
      await server.close();
      expect(receiver.requests).toHaveLength(1); // the retry was not made before the server stopped

      // While no server runs, another job finishes (its event is recorded in the same transaction).
      const offline = await TestData.open(storage.existing.database.url);
      const second = (await offline.pending({ owner })).id;
      await offline.complete(second);
      await offline.close();

      server = await startTestServer(env, storage.existing);
      const requests = await receiver.waitFor(3);
      await sleep(1000);
      expect(receiver.requests).toHaveLength(3);
      const byJob = (id: string) => requests.filter((r) => JSON.parse(r.body).data.id === id);
      expect(byJob(job).map((r) => r.answeredWith)).toEqual([500, 204]);
      expect(new Set(byJob(job).map((r) => r.headers['x-webhook-id'])).size).toBe(1);
      expect(byJob(second).map((r) => r.answeredWith)).toEqual([204]);
      for (const request of requests) expectSigned(request, secret);
      const listed = await h.deliveries(owner);
      expect(listed.map((d) => [d.transcription_id, d.status, d.attempts])).toEqual([
        [second, 'delivered', 1],
        [job, 'delivered', 2],
      ]);
    } finally {
      await server.close();
      await storage.drop();
    }
  });

  it('two replicas on one database deliver each event exactly once', async () => {
    const storage = await sharedStorage();
    const env = { ...LOCAL, WEBHOOK_SCAN_SECONDS: '0.05' };
    // One after the other: the first migrates the database.
    const first = await startTestServer(env, storage.existing);
    const replicas = [first, await startTestServer(env, storage.existing)];
    const h = harness(() => first);
    try {
      const owner = await h.player();
      await h.register(owner, receiver.url);
      const jobs = await Promise.all(Array.from({ length: 20 }, () => h.completed(owner)));
      const requests = await receiver.waitFor(20);
      await sleep(1000);
      expect(receiver.requests).toHaveLength(20);
      expect(new Set(requests.map((r) => r.headers['x-webhook-id'])).size).toBe(20);
      expect(new Set(requests.map((r) => JSON.parse(r.body).data.id))).toEqual(new Set(jobs));
      const listed = await h.deliveries(owner, '?page_size=100');
      expect(listed.map((d) => [d.status, d.attempts])).toEqual(Array(20).fill(['delivered', 1]));
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
      await storage.drop();
    }
  });
});
