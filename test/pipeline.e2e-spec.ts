import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signAccessToken } from '@server/auth/access-token.js';
import { closeServerApp } from '@server/bootstrap.js';
import { apiClient, audioForm, makeWav } from './support/api.js';
import { startFakeLlm } from './support/fake-llm.js';
import { fixturePath } from './support/fixtures.js';
import { TestData } from './support/factories.js';
import { isRunning } from './support/processes.js';
import { FAKE_WHISPER, startRunner, stubWhisperPid, type TestRunner } from './support/runners.js';
import { startTestServer, type TestServer } from './support/server.js';

// End to end: the real server (in-process, real PostgreSQL) and the built runner as processes.
// "Real whisper" tests run the real whisper-cli with the for-tests model (empty transcripts);
// tests that need transcript text use the stand-in test/support/fake-whisper-cli.mjs and say so.

const JFK = fixturePath('audio/jfk.wav');
const JFK_MP3 = fixturePath('audio/jfk.mp3');
const LDC = fixturePath('audio/LDC93S1.wav');

describe('runner pipeline (server + runner processes, real PostgreSQL, ffmpeg, whisper-cli)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let token: string;
  const runners: TestRunner[] = [];

  const upload = async (bytes: Buffer, name: string, language = 'auto') => {
    const response = await call('POST', '/api/audio/upload', { token, form: audioForm(bytes, name, { language }) });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const job = async (id: string) => (await call('GET', `/api/transcriptions/${id}`, { token })).body;
  const waitForStatus = async (id: string, statuses: string[], timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await job(id);
      if (statuses.includes(current.status)) return current;
      if (Date.now() > deadline)
        throw new Error(`job ${id} is ${current.status} (${current.error_message}), not ${statuses.join('/')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const runner = async (env: Record<string, string> = {}) => {
    const started = await startRunner(server.url, env);
    runners.push(started);
    return started;
  };

  beforeAll(async () => {
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0', LEASE_SECONDS: '3', MAX_ATTEMPTS: '3' });
    data = TestData.of(server);
    call = apiClient(server.url);
    token = await signAccessToken(server.config, { email: 'pipeline@example.com' });
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((started) => started.stop()));
    await data.emptyQueue();
  });

  afterAll(async () => {
    await server.close();
  });

  it('real whisper-cli: WAV and MP3 clips complete with an empty transcript, timings recorded, audio deleted', async () => {
    await runner({ RUNNER_ID: 'real-whisper' });
    const ids = [
      await upload(readFileSync(JFK), 'jfk.wav', 'en'),
      await upload(readFileSync(JFK_MP3), 'jfk.mp3'),
      await upload(readFileSync(LDC), 'ldc.wav'),
    ];
    for (const [index, id] of ids.entries()) {
      const done = await waitForStatus(id, ['completed', 'failed'], 120_000);
      expect(done).toMatchObject({
        status: 'completed',
        text: '',
        segments: [],
        summary: null,
        runner_id: 'real-whisper',
        attempts: 1,
        progress: 100,
      });
      expect(done.processing_time_seconds).toBeGreaterThan(0);
      expect(done.duration_seconds).toBeCloseTo(index === 2 ? 2.92 : 11, 0);
      expect(existsSync(path.join(server.config.storageDir, id))).toBe(false);
      expect((await call('GET', `/api/audio/${id}`, { token })).status).toBe(404);
      // An empty transcript still downloads cleanly.
      expect((await call('GET', `/api/transcriptions/${id}/download?format=vtt`, { token })).body).toBe('WEBVTT\n');
    }
    expect((await job(ids[0]!)).language).toBe('en');
  }, 180_000);

  it('corrupt audio fails once with a readable message and is not retried', async () => {
    await runner({ RUNNER_ID: 'corrupt' });
    const garbage = Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(5000, 7)]);
    const id = await upload(garbage, 'broken.flac');
    const failed = await waitForStatus(id, ['failed', 'completed']);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.error_message).toMatch(/ffmpeg could not decode the audio/);
    // The owner reads no path of the runner's machine.
    expect(failed.error_message).not.toContain(runners[0]!.workDir);
    expect(failed.error_message).not.toMatch(/(^|\s)\/\w/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(readdirSync(path.join(runners[0]!.workDir, 'corrupt'))).toEqual([]); // temp files removed
  });

  it('stand-in whisper + local LLM: transcript, segments and a summary (in parts, with 429 retries), SRT download', async () => {
    const llm = await startFakeLlm({ failures: 2 });
    try {
      await runner({
        RUNNER_ID: 'summarizer',
        WHISPER_CLI_PATH: FAKE_WHISPER,
        GLM_API_KEY: 'test-glm-key',
        GLM_BASE_URL: llm.url,
        GLM_MODEL: 'glm-test',
        REVIEW_LANGUAGE: 'en',
        SUMMARY_CHUNK_CHARS: '500',
      });
      const id = await upload(makeWav(44 + 32000 * 240), 'four-minutes.wav', 'en');
      const done = await waitForStatus(id, ['completed', 'failed'], 60_000);
      expect(done.status).toBe('completed');
      expect(done.segments).toHaveLength(120);
      expect(done.segments[1]).toEqual({ start: 2, end: 4, text: ' w2 w3' });
      expect(done.text.split(' ')).toHaveLength(240);
      // 240 words are more than 500 characters: parts, then one combining call.
      expect(llm.requests.length).toBeGreaterThan(2);
      expect(
        llm.requests.every((request) => request.model === 'glm-test' && request.authorization === 'Bearer test-glm-key'),
      ).toBe(true);
      expect(llm.requests.at(-1)!.messages[0]!.content).toContain('Combine them');
      expect(done.summary).toMatch(/^SUMMARY\(\d+ chars\): \[1\]/);
      const srt = await call('GET', `/api/transcriptions/${id}/download?format=srt`, { token });
      expect(srt.body.startsWith('1\n00:00:00,000 --> 00:00:02,000\nw0 w1\n\n2\n00:00:02,000 --> 00:00:04,000\nw2 w3\n')).toBe(
        true,
      );
      expect(done).toMatchObject({ stage: 'completed', summaries: [{ summary_text: done.summary, model_name: 'glm-test' }] });

      // Summarized again with an instruction: a summary-only job through the same queue and runner.
      const asked = llm.requests.length;
      const queued = await call('POST', `/api/transcriptions/${id}/summarize`, {
        token,
        json: { instruction: 'List the action items only' },
      });
      expect(queued.status).toBe(202);
      expect(queued.body).toMatchObject({ status: 'pending', kind: 'summarize', text: done.text, summary: done.summary });
      const again = await waitForStatus(id, ['completed', 'failed'], 60_000);
      expect(again).toMatchObject({ status: 'completed', kind: 'transcribe', text: done.text, segments: done.segments });
      expect(again.summaries).toHaveLength(2);
      expect(again.summaries[0]).toMatchObject({ summary_text: again.summary, instruction: 'List the action items only' });
      expect(again.summaries[1]).toEqual(done.summaries[0]);
      const resummarizing = llm.requests.slice(asked);
      expect(resummarizing.length).toBeGreaterThan(0);
      expect(resummarizing.every((request) => request.messages[0]!.content.includes('List the action items only'))).toBe(true);
    } finally {
      await llm.close();
    }
  }, 90_000);

  it('stand-in whisper: a summary failure is recorded and the transcript is kept', async () => {
    const llm = await startFakeLlm({ failures: 100, failStatus: 500 });
    try {
      await runner({ RUNNER_ID: 'no-summary', WHISPER_CLI_PATH: FAKE_WHISPER, GLM_API_KEY: 'k', GLM_BASE_URL: llm.url });
      const id = await upload(makeWav(44 + 32000 * 4), 'short.wav');
      const done = await waitForStatus(id, ['completed', 'failed'], 90_000);
      expect(done).toMatchObject({ status: 'completed', text: 'w0 w1 w2 w3', summary: null });
      expect(done.error_message).toMatch(/^summary failed/);
    } finally {
      await llm.close();
    }
  }, 120_000);

  it('two runners share 20 jobs, each done exactly once', async () => {
    await runner({ RUNNER_ID: 'pair-a', WHISPER_CLI_PATH: FAKE_WHISPER, FAKE_WHISPER_DELAY_MS: '100' });
    await runner({ RUNNER_ID: 'pair-b', WHISPER_CLI_PATH: FAKE_WHISPER, FAKE_WHISPER_DELAY_MS: '100' });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await upload(makeWav(44 + 32000 * 2), `job-${i}.wav`));
    const done = await Promise.all(ids.map((id) => waitForStatus(id, ['completed', 'failed'], 120_000)));
    expect(done.every((result) => result.status === 'completed' && result.attempts === 1)).toBe(true);
    const byRunner = new Set(done.map((result) => result.runner_id));
    expect([...byRunner].sort()).toEqual(['pair-a', 'pair-b']);
  }, 150_000);

  it('cancel mid-transcription kills the whisper process and cleans up', async () => {
    const pidDir = await mkdtemp(path.join(os.tmpdir(), 'ws-pids-'));
    try {
      const slow = await runner({
        RUNNER_ID: 'cancel',
        WHISPER_CLI_PATH: FAKE_WHISPER,
        FAKE_WHISPER_DELAY_MS: '60000',
        FAKE_WHISPER_PID_DIR: pidDir,
      });
      const id = await upload(makeWav(44 + 32000 * 4), 'cancel-me.wav');
      await waitForStatus(id, ['processing']);
      const pid = await stubWhisperPid(pidDir);
      expect(isRunning(pid)).toBe(true);
      expect((await call('POST', `/api/transcriptions/${id}/cancel`, { token })).status).toBe(200);
      const killedBy = Date.now() + 10_000;
      while (isRunning(pid) && Date.now() < killedBy) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(isRunning(pid)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(readdirSync(path.join(slow.workDir, 'cancel'))).toEqual([]);
      expect(await job(id)).toMatchObject({ status: 'cancelled' });
      const health = (await (await fetch(`http://127.0.0.1:${slow.port}/health`)).json()) as { active_jobs: string[] };
      expect(health.active_jobs).toEqual([]);
    } finally {
      await rm(pidDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a runner killed (SIGKILL) mid-job: restarted, it stops the whisper it left running, clears its scratch, and finishes the job once the lease expires', async () => {
    const pidDir = await mkdtemp(path.join(os.tmpdir(), 'ws-pids-'));
    try {
      const doomed = await runner({
        RUNNER_ID: 'doomed',
        WHISPER_CLI_PATH: FAKE_WHISPER,
        FAKE_WHISPER_DELAY_MS: '60000',
        FAKE_WHISPER_PID_DIR: pidDir,
      });
      const id = await upload(makeWav(44 + 32000 * 4), 'survivor.wav');
      await waitForStatus(id, ['processing']);
      expect((await job(id)).runner_id).toBe('doomed');
      const orphan = await stubWhisperPid(pidDir);
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      // whisper runs in its own process group: it outlives the runner, and so does the scratch.
      expect(isRunning(orphan)).toBe(true);
      expect(readdirSync(path.join(doomed.workDir, 'doomed'))).toHaveLength(1);
      await runner({ RUNNER_ID: 'doomed', WORK_DIR: doomed.workDir, WHISPER_CLI_PATH: FAKE_WHISPER });
      const stoppedBy = Date.now() + 5000;
      while (isRunning(orphan) && Date.now() < stoppedBy) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(isRunning(orphan)).toBe(false);
      const done = await waitForStatus(id, ['completed', 'failed'], 60_000);
      expect(done).toMatchObject({ status: 'completed', runner_id: 'doomed', attempts: 2, text: 'w0 w1 w2 w3' });
      expect(readdirSync(path.join(doomed.workDir, 'doomed'))).toEqual([]);
    } finally {
      await rm(pidDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('SIGTERM hands an unfinished job back at once (released, attempt not counted)', async () => {
    const leaving = await runner({
      RUNNER_ID: 'leaving',
      WHISPER_CLI_PATH: FAKE_WHISPER,
      FAKE_WHISPER_DELAY_MS: '60000',
      SHUTDOWN_GRACE_SECONDS: '1',
    });
    const id = await upload(makeWav(44 + 32000 * 4), 'handed-back.wav');
    await waitForStatus(id, ['processing']);
    leaving.child.kill('SIGTERM');
    expect(await leaving.exited).toBe(0);
    // Back in the queue right away, not after the lease.
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 0, error_message: expect.stringContaining('shut down') });
  }, 60_000);
});

describe('runner and an unreachable server', () => {
  it('server down for 30 s: the runner backs off, keeps its job, and delivers the result when it is back', async () => {
    const first = await startTestServer({ UPLOAD_RATE_LIMIT: '0' });
    const port = Number(new URL(first.url).port);
    const call = apiClient(first.url);
    const token = await signAccessToken(first.config, { email: 'downtime@example.com' });
    const worker = await startRunner(first.url, {
      RUNNER_ID: 'patient',
      WHISPER_CLI_PATH: FAKE_WHISPER,
      FAKE_WHISPER_DELAY_MS: '3000',
    });
    let second: TestServer | undefined;
    try {
      const id = (await call('POST', '/api/audio/upload', { token, form: audioForm(makeWav(44 + 32000 * 4), 'a.wav') })).body
        .id as string;
      const deadline = Date.now() + 20_000;
      // Once the runner has the audio (a long-polling runner claims it within milliseconds of the upload).
      while (
        (await call('GET', `/api/transcriptions/${id}`, { token })).body.runner_stage !== 'transcribing' &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The server goes away while the job is being transcribed, and comes back 30 s later.
      await closeServerApp(first.app, 2000);
      await new Promise((resolve) => setTimeout(resolve, 30_000));
      expect(worker.child.exitCode).toBeNull();
      expect(worker.output()).toMatch(/unavailable/);
      second = await startTestServer({ UPLOAD_RATE_LIMIT: '0' }, { database: first.database, dataDir: first.dataDir, port });
      const again = apiClient(second.url);
      const doneBy = Date.now() + 90_000;
      let result = (await again('GET', `/api/transcriptions/${id}`, { token })).body;
      while (result.status !== 'completed' && Date.now() < doneBy) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        result = (await again('GET', `/api/transcriptions/${id}`, { token })).body;
      }
      if (result.status !== 'completed') console.error(`runner output:\n${worker.output().slice(-6000)}`);
      expect(result).toMatchObject({ status: 'completed', runner_id: 'patient', attempts: 1, text: 'w0 w1 w2 w3' });
      // And it goes on taking new work.
      const next = (await again('POST', '/api/audio/upload', { token, form: audioForm(makeWav(44 + 32000 * 2), 'b.wav') })).body
        .id as string;
      const nextBy = Date.now() + 90_000;
      while ((await again('GET', `/api/transcriptions/${next}`, { token })).body.status !== 'completed' && Date.now() < nextBy) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect((await again('GET', `/api/transcriptions/${next}`, { token })).body.status).toBe('completed');
    } finally {
      await worker.stop();
      if (second) await second.close();
      else await closeServerApp(first.app, 2000).catch(() => undefined);
      await first.database.drop().catch(() => undefined);
      await rm(first.dataDir, { recursive: true, force: true });
    }
  }, 270_000);
});
