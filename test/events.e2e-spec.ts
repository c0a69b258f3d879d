import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDatabase } from '@server/database/embedded-postgres.js';
import { EventRepository } from '@server/events/event.repository.js';
import { JobWaiters } from '@server/runner-queue/job-waiters.js';
import { apiClient, audioForm, makeWav } from './support/api.js';
import { openEventStream } from './support/event-stream.js';
import { TestData } from './support/factories.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';
import { until } from './support/wait.js';

const RUNNER = { authorization: `Bearer ${TEST_RUNNER_KEY}` };
const ENV = { SUPABASE_JWT_SECRET: TEST_JWT_SECRET, UPLOAD_RATE_LIMIT: '0', EVENT_HEARTBEAT_SECONDS: '1' };

// Job events on PostgreSQL (triggers + LISTEN/NOTIFY): runners' long-poll claims, users' event
// streams, and what happens when the database or the server goes away under them.
describe('events: long-poll claims and event streams (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;

  const person = async (options: { admin?: boolean } = {}) => {
    const email = `${randomUUID()}@example.com`;
    const user = await data.user({ email, admin: options.admin });
    return { user, token: signToken({ sub: user.id, email }) };
  };
  const upload = async (token: string, name = 'clip.wav') => {
    const response = await call('POST', '/api/audio/upload', { token, form: audioForm(makeWav(2000), name) });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const claim = (runnerId: string, waitSeconds: number, signal?: AbortSignal) =>
    fetch(`${server.url}/api/runner/jobs/claim`, {
      method: 'POST',
      headers: { ...RUNNER, 'content-type': 'application/json' },
      body: JSON.stringify({ runner_id: runnerId, limit: 1, wait_seconds: waitSeconds }),
      signal,
    }).then(async (response) => ({ status: response.status, jobs: (await response.json()) as { id: string }[] }));
  const streamUrl = (query = '') => `${server.url}/api/events${query}`;

  beforeAll(async () => {
    server = await startTestServer(ENV);
    data = TestData.of(server);
    call = apiClient(server.url);
  });
  afterAll(() => server.close());
  beforeEach(() => data.emptyQueue());

  describe('long-poll claims', () => {
    it('a waiting claim receives a job uploaded after it started waiting, within milliseconds', async () => {
      const { token } = await person();
      const waiting = claim('waiter', 10);
      await until(() => server.app.get(JobWaiters).count === 1);
      const uploadedAt = Date.now();
      const id = await upload(token);
      const { status, jobs } = await waiting;
      expect(status).toBe(200);
      expect(jobs.map((job) => job.id)).toEqual([id]);
      expect(Date.now() - uploadedAt).toBeLessThan(1000);
      expect((await data.transcription(id)).runnerId).toBe('waiter');
    });

    it('two waiting runners and one upload: exactly one gets it, the other gets [] when its wait ends', async () => {
      const { token } = await person();
      const first = claim('runner-a', 2);
      const second = claim('runner-b', 2);
      await until(() => server.app.get(JobWaiters).count === 2);
      const id = await upload(token);
      const answers = await Promise.all([first, second]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers.flatMap((answer) => answer.jobs.map((job) => job.id))).toEqual([id]);
      expect((await data.transcription(id)).attempts).toBe(1);
    });

    it('with nothing arriving, answers [] after the wait; wait_seconds beyond 30 is refused', async () => {
      const started = Date.now();
      expect(await claim('idle', 1)).toEqual({ status: 200, jobs: [] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect((await claim('idle', 31)).status).toBe(400);
      expect(server.app.get(JobWaiters).count).toBe(0);
    });

    it('a runner that disconnects while waiting leaves no waiter behind, and the next job still goes to a waiting runner', async () => {
      const { token } = await person();
      const leaving = new AbortController();
      const gone = claim('leaver', 20, leaving.signal).catch(() => 'aborted');
      await until(() => server.app.get(JobWaiters).count === 1);
      leaving.abort();
      expect(await gone).toBe('aborted');
      await until(() => server.app.get(JobWaiters).count === 0);
      const staying = claim('stayer', 10);
      await until(() => server.app.get(JobWaiters).count === 1);
      const id = await upload(token);
      expect((await staying).jobs.map((job) => job.id)).toEqual([id]);
      expect((await data.transcription(id)).runnerId).toBe('stayer');
    });

    it('a requeued job (failed, then retried) wakes a waiting claim too', async () => {
      const { user, token } = await person();
      const failed = await data.fail((await data.pending({ owner: user, audio: makeWav(1000) })).id);
      const waiting = claim('requeue-waiter', 10);
      await until(() => server.app.get(JobWaiters).count === 1);
      expect((await call('POST', `/api/transcriptions/${failed.id}/retry`, { token })).status).toBe(200);
      expect((await waiting).jobs.map((job) => job.id)).toEqual([failed.id]);
    });
  });

  describe('event streams', () => {
    it('streams your own jobs’ changes as they happen, and never another user’s', async () => {
      const alice = await person();
      const bob = await person();
      const stream = await openEventStream(streamUrl(), { authorization: `Bearer ${alice.token}` });
      const bobs = await openEventStream(streamUrl(), { authorization: `Bearer ${bob.token}` });
      try {
        expect(stream.status).toBe(200);
        expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        await stream.waitFor((event) => event.event === 'ready');
        await bobs.waitFor((event) => event.event === 'ready');
        const id = await upload(alice.token, 'alice.wav');
        const created = await stream.waitFor((event) => event.event === 'transcription' && event.data.id === id);
        expect(created.data).toEqual({
          change: 'created',
          id,
          file_name: 'alice.wav',
          status: 'pending',
          stage: 'uploading',
          runner_stage: null,
          progress: 0,
          kind: 'transcribe',
          error_message: null,
          audio_available: true,
          updated_at: expect.any(String),
        });
        expect(Number(created.id)).toBeGreaterThan(0);
        const job = await data.claim(id, 'runner-1');
        await data.progress(job, 'runner-1', 40);
        await stream.waitFor((event) => event.data?.id === id && event.data.progress === 40);
        await call('DELETE', `/api/transcriptions/${id}`, { token: alice.token });
        await stream.waitFor((event) => event.data?.id === id && event.data.change === 'deleted');
        const changes = stream.events
          .filter((event) => event.data?.id === id)
          .map((event) => `${event.data.status}/${event.data.stage}`);
        expect(changes).toEqual([
          'pending/uploading',
          'processing/transcribing',
          'processing/transcribing',
          'processing/transcribing',
        ]);
        // Bob's stream heard of none of it.
        await upload(bob.token, 'bob.wav');
        await bobs.waitFor((event) => event.data?.file_name === 'bob.wav');
        expect(bobs.events.some((event) => event.data?.id === id)).toBe(false);
        expect(stream.events.some((event) => event.data?.file_name === 'bob.wav')).toBe(false);
      } finally {
        stream.close();
        bobs.close();
      }
    });

    it('an admin may watch everyone’s jobs and the runners (scope=all); others get 403; no credentials 401', async () => {
      const admin = await person({ admin: true });
      const someone = await person();
      expect((await openEventStream(streamUrl('?scope=all'), { authorization: `Bearer ${someone.token}` })).status).toBe(403);
      expect((await openEventStream(streamUrl())).status).toBe(401);
      const all = await openEventStream(streamUrl('?scope=all'), { authorization: `Bearer ${admin.token}` });
      try {
        await all.waitFor((event) => event.event === 'ready');
        const id = await upload(someone.token);
        const seen = await all.waitFor((event) => event.data?.id === id);
        expect(seen.data.user_id).toBe(someone.user.id);
        await call('POST', '/api/runner/heartbeat', {
          headers: RUNNER,
          json: { runner_id: 'gpu-events', current_jobs: 0, max_concurrent_jobs: 2, job_ids: [] },
        });
        const runner = await all.waitFor((event) => event.event === 'runner' && event.data.id === 'gpu-events');
        expect(runner.data).toMatchObject({ change: 'created', current_jobs: 0, max_concurrent_jobs: 2 });
      } finally {
        all.close();
      }
    });

    it('EventSource: a ticket opens one stream, once, and only for 60 s', async () => {
      const alice = await person();
      const issued = await call('POST', '/api/events/ticket', { token: alice.token });
      expect(issued.status).toBe(201);
      expect(issued.body).toEqual({
        ticket: expect.any(String),
        expires_at: expect.any(String),
        url: `/api/events?ticket=${issued.body.ticket}`,
      });
      expect(Date.parse(issued.body.expires_at) - Date.now()).toBeLessThanOrEqual(60_000);
      const stream = await openEventStream(`${server.url}${issued.body.url}`);
      try {
        expect(stream.status).toBe(200);
        await stream.waitFor((event) => event.event === 'ready');
        const id = await upload(alice.token);
        await stream.waitFor((event) => event.data?.id === id);
      } finally {
        stream.close();
      }
      const again = await openEventStream(`${server.url}${issued.body.url}`);
      expect(again.status).toBe(401);
      expect((await openEventStream(streamUrl('?ticket=made-up'))).status).toBe(401);
      expect((await call('POST', '/api/events/ticket')).status).toBe(401);
    });

    it('Last-Event-ID replays what was missed; from too long ago, it says resync', async () => {
      const alice = await person();
      const first = await openEventStream(streamUrl(), { authorization: `Bearer ${alice.token}` });
      const ready = await first.waitFor((event) => event.event === 'ready');
      first.close();
      const missed = [await upload(alice.token, 'one.wav'), await upload(alice.token, 'two.wav')];
      const resumed = await openEventStream(streamUrl(), { authorization: `Bearer ${alice.token}`, 'last-event-id': ready.id! });
      try {
        await resumed.waitFor((event) => event.event === 'ready');
        expect(resumed.events.filter((event) => event.event === 'transcription').map((event) => event.data.id)).toEqual(missed);
        expect(resumed.events.some((event) => event.event === 'resync')).toBe(false);
      } finally {
        resumed.close();
      }
      await server.app.get(EventRepository).prune(0); // everything is now older than the window
      const late = await openEventStream(streamUrl(`?last_event_id=${ready.id}`), { authorization: `Bearer ${alice.token}` });
      try {
        await late.waitFor((event) => event.event === 'resync');
      } finally {
        late.close();
      }
    });

    it('a quiet stream gets a `: ping` comment every EVENT_HEARTBEAT_SECONDS, and no events', async () => {
      const { token } = await person();
      const stream = await openEventStream(streamUrl(), { authorization: `Bearer ${token}` });
      try {
        await stream.waitFor((event) => event.event === 'ready');
        const started = Date.now();
        await until(() => stream.comments >= 2, 5_000);
        expect(Date.now() - started).toBeGreaterThanOrEqual(900);
        expect(stream.events.map((event) => event.event)).toEqual(['ready']);
      } finally {
        stream.close();
      }
    });

    it('counts open streams and waiting claims in /metrics', async () => {
      const { token } = await person();
      const subscribers = async () => {
        const text = await (await fetch(`${server.url}/metrics`)).text();
        const count = (kind: string) =>
          Number(new RegExp(`^whisper_server_event_subscribers\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
        return { sse: count('sse'), claim_wait: count('claim_wait') };
      };
      const before = await subscribers();
      const stream = await openEventStream(streamUrl(), { authorization: `Bearer ${token}` });
      await stream.waitFor((event) => event.event === 'ready');
      const leaving = new AbortController();
      const waiting = claim('counted', 20, leaving.signal).catch(() => undefined);
      await until(() => server.app.get(JobWaiters).count === 1);
      expect(await subscribers()).toEqual({ sse: before.sse + 1, claim_wait: before.claim_wait + 1 });
      stream.close();
      leaving.abort();
      await waiting;
      await until(async () => (await subscribers()).sse === before.sse && (await subscribers()).claim_wait === before.claim_wait);
    });

    it('server shutdown ends streams and waiting claims at once', async () => {
      const own = await startTestServer(ENV, { database: server.database, dataDir: server.dataDir });
      const { token } = await person();
      const stream = await openEventStream(`${own.url}/api/events`, { authorization: `Bearer ${token}` });
      await stream.waitFor((event) => event.event === 'ready');
      const waiting = fetch(`${own.url}/api/runner/jobs/claim`, {
        method: 'POST',
        headers: { ...RUNNER, 'content-type': 'application/json' },
        body: JSON.stringify({ runner_id: 'shutdown-waiter', wait_seconds: 30 }),
      });
      await until(() => own.app.get(JobWaiters).count === 1);
      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(5000);
      const answer = await waiting;
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual([]);
      await stream.ended;
    });
  });
});

describe('events: the database restarts under a live event stream', () => {
  let dataDir: string;
  let database: EmbeddedDatabase;
  let server: TestServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-events-'));
    await chmod(dataDir, 0o755);
    database = new EmbeddedDatabase(path.join(dataDir, 'db'));
    const url = await database.start();
    server = await startTestServer(ENV, { database: { url, drop: () => Promise.resolve() }, dataDir });
  }, 90_000);
  afterAll(async () => {
    await server.close();
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the stream stays open, and changes made while the server was not listening reach it once it is', async () => {
    const data = TestData.of(server);
    const email = `${randomUUID()}@example.com`;
    const user = await data.user({ email });
    const token = signToken({ sub: user.id, email });
    const stream = await openEventStream(`${server.url}/api/events`, { authorization: `Bearer ${token}` });
    try {
      await stream.waitFor((event) => event.event === 'ready');
      await database.stop();
      await database.start();
      // Straight away, before the server's listener has reconnected (it backs off).
      const upload = async () => {
        const response = await apiClient(server.url)('POST', '/api/audio/upload', {
          token,
          form: audioForm(makeWav(2000), 'after.wav'),
        });
        return response.status === 201 ? (response.body.id as string) : undefined;
      };
      let id: string | undefined;
      await until(async () => (id = await upload()) !== undefined, 30_000);
      const created = await stream.waitFor((event) => event.data?.id === id, 30_000);
      expect(created.data).toMatchObject({ change: 'created', status: 'pending', file_name: 'after.wav' });
      await data.claim(id!, 'runner-1');
      await stream.waitFor((event) => event.data?.id === id && event.data.status === 'processing', 15_000);
      expect(stream.events.filter((event) => event.data?.id === id && event.data.change === 'created')).toHaveLength(1);
    } finally {
      stream.close();
    }
  }, 90_000);
});
