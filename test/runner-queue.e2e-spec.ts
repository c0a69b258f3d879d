import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { signAccessToken } from '@server/auth/access-token.js';
import { QueueSweeper } from '@server/runner-queue/queue-sweeper.js';
import { StorageSweeper } from '@server/storage/storage-sweeper.js';
import { TranscriptionStatus } from '@app/contracts';
import { apiClient, audioForm, expectErrorShape, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';
import { waitFor } from './support/wait.js';

const RUNNER = { authorization: `Bearer ${TEST_RUNNER_KEY}` };

/** A runner's calls, over HTTP with the runner key. */
function runnerApi(server: TestServer) {
  const call = apiClient(server.url);
  return {
    call,
    claim: (runnerId: string, limit = 1) =>
      call('POST', '/api/runner/jobs/claim', { headers: RUNNER, json: { runner_id: runnerId, limit } }),
    start: (id: string, runnerId: string) =>
      call('POST', `/api/runner/jobs/${id}/start`, { headers: RUNNER, json: { runner_id: runnerId } }),
    progress: (id: string, runnerId: string, leaseId: string, progress = 50, stage = 'transcribing') =>
      call('POST', `/api/runner/jobs/${id}/progress`, {
        headers: RUNNER,
        json: { runner_id: runnerId, lease_id: leaseId, progress, stage },
      }),
    complete: (id: string, runnerId: string, leaseId: string, text = 'hello world') =>
      call('POST', `/api/runner/jobs/${id}/complete`, {
        headers: RUNNER,
        json: {
          runner_id: runnerId,
          lease_id: leaseId,
          text,
          segments: [{ start: 0, end: 1.5, text }],
          language: 'en',
          duration_seconds: 1.5,
          processing_time_seconds: 0.25,
        },
      }),
    fail: (id: string, runnerId: string, leaseId: string, extra: Record<string, unknown> = {}) =>
      call('POST', `/api/runner/jobs/${id}/fail`, {
        headers: RUNNER,
        json: { runner_id: runnerId, lease_id: leaseId, error_message: 'it broke', ...extra },
      }),
    heartbeat: (runnerId: string, jobIds: string[]) =>
      call('POST', '/api/runner/heartbeat', {
        headers: RUNNER,
        json: { runner_id: runnerId, current_jobs: jobIds.length, max_concurrent_jobs: 2, job_ids: jobIds },
      }),
  };
}

describe('runner queue API (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let api: ReturnType<typeof runnerApi>;
  let userToken: string;

  const status = (id: string) => data.transcription(id);
  const uploadAudio = async (bytes: Buffer) =>
    (await api.call('POST', '/api/audio/upload', { token: userToken, form: audioForm(bytes, 'a.wav') })).body.id as string;

  beforeAll(async () => {
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0' });
    data = TestData.of(server);
    api = runnerApi(server);
    userToken = await signAccessToken(server.config, { email: 'owner@example.com' });
  });
  afterAll(() => server.close());

  beforeEach(async () => {
    // Every test starts with an empty queue.
    await data.emptyQueue();
  });

  it('opens only with the runner key: 401 for no key, a wrong key and a user token', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/runner/jobs'],
      ['POST', '/api/runner/jobs/claim', { runner_id: 'r' }],
      ['POST', `/api/runner/jobs/${randomUUID()}/start`, { runner_id: 'r' }],
      ['GET', `/api/runner/audio/${randomUUID()}`],
      ['GET', `/api/runner/audio/${randomUUID()}/download`],
      ['POST', `/api/runner/jobs/${randomUUID()}/progress`, {}],
      ['POST', `/api/runner/jobs/${randomUUID()}/complete`, {}],
      ['POST', `/api/runner/jobs/${randomUUID()}/fail`, {}],
      ['POST', '/api/runner/heartbeat', {}],
    ];
    for (const [method, route, json] of routes) {
      for (const headers of [
        {},
        { authorization: `Bearer ${TEST_RUNNER_KEY}x` },
        { authorization: `Bearer ${userToken}` },
      ] as Record<string, string>[]) {
        const response = await api.call(method, route, { headers, json });
        expect({ route, status: response.status }).toEqual({ route, status: 401 });
        expectErrorShape(response.body, 401);
      }
    }
    // And the runner key opens none of the user API.
    expect((await api.call('GET', '/api/transcriptions', { headers: RUNNER })).status).toBe(401);
  });

  it('validates bodies: 400 and nothing claimed', async () => {
    await data.pendingJobs(1);
    for (const json of [
      {},
      { runner_id: 'has spaces' },
      { runner_id: 'r', limit: 0 },
      { runner_id: 'r', limit: 500 },
      { runner_id: 'r', extra: 1 },
    ]) {
      expect((await api.call('POST', '/api/runner/jobs/claim', { headers: RUNNER, json })).status).toBe(400);
    }
    expect((await api.call('GET', '/api/runner/jobs?status=nope', { headers: RUNNER })).status).toBe(400);
    expect(await data.allIn(TranscriptionStatus.Processing)).toEqual([]);
  });

  it('lists pending jobs oldest first without claiming them', async () => {
    const ids = await data.pendingJobs(3);
    const listed = await api.call('GET', '/api/runner/jobs?status=pending&limit=2', { headers: RUNNER });
    expect(listed.status).toBe(200);
    expect(listed.body.map((job: { id: string }) => job.id)).toEqual(ids.slice(0, 2));
    expect(listed.body[0]).toEqual({
      id: ids[0],
      file_name: 'job-1.wav',
      language: null,
      content_type: null,
      file_size: 1000,
      created_at: expect.any(String),
    });
    expect((await status(ids[0]!)).status).toBe('pending');
  });

  it('race: 20 concurrent runners drain 500 jobs through claim → complete, each job exactly once, no 5xx', async () => {
    const ids = await data.pendingJobs(500);
    const claimed: string[] = [];
    const statuses: number[] = [];
    let completions = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const runnerId = `racer-${n}`;
        for (;;) {
          const claim = await api.claim(runnerId, 1 + (n % 3));
          statuses.push(claim.status);
          if (claim.status !== 200 || claim.body.length === 0) return;
          for (const job of claim.body as { id: string; lease_id: string; attempt: number }[]) {
            claimed.push(job.id);
            expect(job.attempt).toBe(1);
            const done = await api.complete(job.id, runnerId, job.lease_id);
            statuses.push(done.status);
            if (done.status === 200) completions += 1;
          }
        }
      }),
    );
    expect(statuses.every((code) => code === 200)).toBe(true);
    expect(claimed).toHaveLength(500);
    expect(new Set(claimed).size).toBe(500);
    expect(completions).toBe(500);
    const rows = await Promise.all(ids.map((id) => data.transcription(id)));
    expect(rows.every((row) => row.status === TranscriptionStatus.Completed && row.attempts === 1)).toBe(true);
  });

  it('race: 20 concurrent starts of one job, exactly one 200, the rest 409', async () => {
    const [id] = await data.pendingJobs(1);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => api.start(id!, `starter-${n}`)));
    const codes = answers.map((answer) => answer.status).sort();
    expect(codes.filter((code) => code === 200)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(19);
    const winner = answers.find((answer) => answer.status === 200)!;
    expect(winner.body).toMatchObject({ status: 'started', id, lease_id: expect.any(String), attempt: 1 });
    expect((await status(id!)).leaseId).toBe(winner.body.lease_id);
    expect((await api.start(randomUUID(), 'x')).status).toBe(404);
  });

  it('fences by lease: progress renews it; a stale lease gets 409 and changes nothing', async () => {
    const [id] = await data.pendingJobs(1);
    const [job] = (await api.claim('fence-runner')).body;
    const before = (await status(id!)).leaseExpiresAt!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const progress = await api.progress(id!, 'fence-runner', job.lease_id, 42.4, 'transcribing');
    expect(progress.status).toBe(200);
    expect(progress.body).toEqual({ cancelled: false });
    const row = await status(id!);
    expect(row).toMatchObject({ progress: 42, stage: 'transcribing' });
    expect(row.leaseExpiresAt!.getTime()).toBeGreaterThan(before.getTime());

    const wrongLease = randomUUID();
    for (const response of [
      await api.progress(id!, 'fence-runner', wrongLease),
      await api.complete(id!, 'fence-runner', wrongLease),
      await api.fail(id!, 'fence-runner', wrongLease),
      await api.complete(id!, 'other-runner', job.lease_id),
    ]) {
      expect(response.status).toBe(409);
      expectErrorShape(response.body, 409);
    }
    expect(await status(id!)).toMatchObject({ status: 'processing', leaseId: job.lease_id });
    expect((await api.progress(id!, 'fence-runner', job.lease_id, 101)).status).toBe(400);
  });

  it('complete is idempotent: the same call again is 200 and changes nothing', async () => {
    const [id] = await data.pendingJobs(1);
    const [job] = (await api.claim('idem-runner')).body;
    expect((await api.complete(id!, 'idem-runner', job.lease_id, 'first')).status).toBe(200);
    const again = await api.complete(id!, 'idem-runner', job.lease_id, 'second');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id, status: 'completed' });
    expect(await status(id!)).toMatchObject({ text: 'first', progress: 100, stage: 'done', filePath: null });
  });

  it('streams audio with Range (a download resumed from the middle is byte-exact) and deletes it on completion', async () => {
    const audio = makeWav(100_001);
    const id = await uploadAudio(audio);
    const info = await api.call('GET', `/api/runner/audio/${id}`, { headers: RUNNER });
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      file_size: audio.length,
      content_type: 'audio/wav',
      sha256: createHash('sha256').update(audio).digest('hex'),
      download_url: `/api/runner/audio/${id}/download`,
    });
    const firstHalf = await api.call('GET', `/api/runner/audio/${id}/download`, {
      headers: { ...RUNNER, range: 'bytes=0-50000' },
    });
    expect(firstHalf.status).toBe(206);
    const rest = await api.call('GET', `/api/runner/audio/${id}/download`, { headers: { ...RUNNER, range: 'bytes=50001-' } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes 50001-${audio.length - 1}/${audio.length}`);
    expect(Buffer.concat([firstHalf.bytes, rest.bytes]).equals(audio)).toBe(true);

    const [job] = (await api.claim('audio-runner')).body;
    expect(job).toMatchObject({ id, sha256: info.body.sha256, content_type: 'audio/wav' });
    expect(existsSync(path.join(server.config.storageDir, id))).toBe(true);
    expect((await api.complete(id, 'audio-runner', job.lease_id)).status).toBe(200);
    expect(existsSync(path.join(server.config.storageDir, id))).toBe(false);
    expect((await api.call('GET', `/api/runner/audio/${id}`, { headers: RUNNER })).status).toBe(404);
    expect((await api.call('GET', `/api/runner/audio/${id}/download`, { headers: RUNNER })).status).toBe(404);
    // The owner sees the result.
    const result = await api.call('GET', `/api/transcriptions/${id}`, { token: userToken });
    expect(result.body).toMatchObject({
      status: 'completed',
      text: 'hello world',
      segments: [{ start: 0, end: 1.5, text: 'hello world' }],
      language: 'en',
      duration_seconds: 1.5,
      processing_time_seconds: 0.25,
      progress: 100,
      runner_id: 'audio-runner',
      audio_available: false,
    });
  });

  it('fail: retryable → pending while attempts last, else failed with the audio kept; released does not count', async () => {
    const id = await uploadAudio(makeWav(2000));
    let [job] = (await api.claim('fail-runner')).body;
    expect((await api.fail(id, 'fail-runner', job.lease_id, { retryable: true })).body).toEqual({ id, status: 'pending' });
    expect(await status(id)).toMatchObject({ status: 'pending', attempts: 1, leaseId: null, errorMessage: 'it broke' });

    [job] = (await api.claim('fail-runner')).body;
    expect(job.attempt).toBe(2);
    expect(
      (await api.fail(id, 'fail-runner', job.lease_id, { released: true, error_message: 'runner shutting down' })).body.status,
    ).toBe('pending');
    expect((await status(id)).attempts).toBe(1);

    [job] = (await api.claim('fail-runner')).body;
    const failed = await api.fail(id, 'fail-runner', job.lease_id, { error_message: 'ffmpeg: invalid data' });
    expect(failed.body).toEqual({ id, status: 'failed' });
    expect((await api.fail(id, 'fail-runner', job.lease_id, { error_message: 'again' })).status).toBe(200);
    expect(await status(id)).toMatchObject({ status: 'failed', errorMessage: 'ffmpeg: invalid data' });
    expect(existsSync(path.join(server.config.storageDir, id))).toBe(true);
    // Kept audio means the owner can retry.
    expect((await api.call('POST', `/api/transcriptions/${id}/retry`, { token: userToken })).status).toBe(200);
  });

  it('cancel reaches the runner through progress and heartbeat; heartbeat renews leases and records the runner', async () => {
    const owner = await data.user({ email: 'owner@example.com' });
    const ids = await data.pendingJobs(2, { owner });
    const jobs = (await api.claim('beat-runner', 2)).body as { id: string; lease_id: string }[];
    const beat = await api.heartbeat('beat-runner', ids);
    expect(beat.body).toEqual({ cancelled_job_ids: [] });

    expect((await api.call('POST', `/api/transcriptions/${ids[0]}/cancel`, { token: userToken })).status).toBe(200);
    const cancelledJob = jobs.find((job) => job.id === ids[0])!;
    expect((await api.progress(ids[0]!, 'beat-runner', cancelledJob.lease_id)).body).toEqual({ cancelled: true });
    expect((await api.heartbeat('beat-runner', ids)).body).toEqual({ cancelled_job_ids: [ids[0]] });
    expect((await api.complete(ids[0]!, 'beat-runner', cancelledJob.lease_id)).status).toBe(409);
    expect((await status(ids[0]!)).status).toBe('cancelled');

    const runners = await data.runners.list(120);
    expect(runners.find((runner) => runner.id === 'beat-runner')).toMatchObject({ currentJobs: 2, maxConcurrentJobs: 2 });
    // A job deleted while processing: progress says 404, heartbeat lists it to stop.
    expect((await api.call('DELETE', `/api/transcriptions/${ids[1]}`, { token: userToken })).status).toBe(204);
    const deletedJob = jobs.find((job) => job.id === ids[1])!;
    expect((await api.progress(ids[1]!, 'beat-runner', deletedJob.lease_id)).status).toBe(404);
    expect((await api.heartbeat('beat-runner', [ids[1]!])).body).toEqual({ cancelled_job_ids: [ids[1]] });
  });
});

describe('leases and sweeps (short LEASE_SECONDS, two servers on one database)', () => {
  let server: TestServer;
  let second: TestServer;
  let data: TestData;
  let api: ReturnType<typeof runnerApi>;

  beforeAll(async () => {
    server = await startTestServer({ LEASE_SECONDS: '1', MAX_ATTEMPTS: '2' });
    second = await startTestServer(
      { LEASE_SECONDS: '1', MAX_ATTEMPTS: '2' },
      { database: server.database, dataDir: server.dataDir },
    );
    data = TestData.of(server);
    api = runnerApi(server);
  });
  afterAll(async () => {
    await second.close();
    await server.close();
  });
  beforeEach(() => data.emptyQueue());

  it('an expired lease returns the job to pending; the old lease is refused; MAX_ATTEMPTS → failed with its reason', async () => {
    const [id] = await data.pendingJobs(1);
    const [first] = (await api.claim('dies-1')).body;
    // The sweep runs on its own (@nestjs/schedule): wait for the job to come back.
    await waitFor(async () => ((await data.transcription(id!)).status === TranscriptionStatus.Pending ? true : undefined));
    const [secondClaim] = (await api.claim('dies-2')).body;
    expect(secondClaim).toMatchObject({ id, attempt: 2 });
    expect((await api.complete(id!, 'dies-1', first.lease_id)).status).toBe(409);
    expect((await api.progress(id!, 'dies-1', first.lease_id)).status).toBe(409);
    const failed = await waitFor(async () => {
      const row = await data.transcription(id!);
      return row.status === TranscriptionStatus.Failed ? row : undefined;
    });
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 2,
      errorMessage: 'failed after 2 attempts: runner dies-2 stopped reporting and its lease expired',
    });
    expect((await api.complete(id!, 'dies-2', secondClaim.lease_id)).status).toBe(409);
  });

  it('two server replicas sweeping at the same moment requeue each expired job exactly once', async () => {
    // 50 jobs of a runner that is gone: claimed together, with leases that expired a minute ago.
    const ids = await data.claimedAtOnce('gone', 50, -60);
    const results = await Promise.all([
      server.app.get(QueueSweeper).sweepExpiredLeases(),
      second.app.get(QueueSweeper).sweepExpiredLeases(),
      server.app.get(QueueSweeper).sweepExpiredLeases(),
      second.app.get(QueueSweeper).sweepExpiredLeases(),
    ]);
    const requeued = results.flatMap((result) => result.requeued).filter((id) => ids.includes(id));
    expect(requeued).toHaveLength(50);
    expect(new Set(requeued).size).toBe(50);
    const rows = await Promise.all(ids.map((id) => data.transcription(id)));
    expect(rows.every((row) => row.status === TranscriptionStatus.Pending && row.attempts === 1)).toBe(true);
  });

  it('storage sweep: deletes old orphan files, keeps young ones, fails pending jobs whose audio vanished', async () => {
    const storage = server.config.storageDir;
    const oldOrphan = randomUUID();
    const youngOrphan = randomUUID();
    await writeFile(path.join(storage, oldOrphan), 'x');
    await writeFile(path.join(storage, youngOrphan), 'x');
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(path.join(storage, oldOrphan), hourAgo, hourAgo);
    const [vanished] = await data.pendingJobs(1); // its row says there is a file; there is none
    const kept = (await data.pending({ audio: Buffer.from('x') })).id; // a failed job keeps its audio for a retry
    await data.fail(kept);
    await utimes(path.join(storage, kept), hourAgo, hourAgo);

    const result = await server.app.get(StorageSweeper).sweep();
    expect(result.orphanFilesDeleted).toEqual([oldOrphan]);
    expect(result.jobsFailedForMissingAudio).toEqual([vanished]);
    expect(existsSync(path.join(storage, oldOrphan))).toBe(false);
    expect(existsSync(path.join(storage, youngOrphan))).toBe(true);
    expect(existsSync(path.join(storage, kept))).toBe(true);
    expect(await data.transcription(vanished!)).toMatchObject({
      status: 'failed',
      errorMessage: 'the audio file is missing from storage; upload it again',
      filePath: null,
    });
  });

  it('admin runners view: a runner silent for longer than a lease is inactive', async () => {
    await api.heartbeat('gpu-silent', []);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await api.heartbeat('gpu-live', []);
    const admin = await signAccessToken(server.config, { email: 'queue-admin@example.com', admin: true });
    const runners = await api.call('GET', '/api/admin/runners', { token: admin });
    expect(runners.status).toBe(200);
    expect(runners.body.filter((runner: { id: string }) => runner.id.startsWith('gpu-'))).toEqual([
      expect.objectContaining({ id: 'gpu-live', is_active: true, current_jobs: 0, max_concurrent_jobs: 2 }),
      expect.objectContaining({ id: 'gpu-silent', is_active: false }),
    ]);
  });
});

describe('runner API without RUNNER_API_KEY', () => {
  it('refuses everything with 401', async () => {
    const server = await startTestServer({ RUNNER_API_KEY: '' });
    try {
      const response = await apiClient(server.url)('POST', '/api/runner/jobs/claim', {
        headers: RUNNER,
        json: { runner_id: 'r' },
      });
      expect(response.status).toBe(401);
      expect(response.body.message).toContain('RUNNER_API_KEY');
    } finally {
      await server.close();
    }
  });
});
