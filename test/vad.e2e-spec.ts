import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signAccessToken } from '@server/auth/access-token.js';
import { apiClient, audioForm } from './support/api.js';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.js';
import { TestData } from './support/factories.js';
import { fixturePath } from './support/fixtures.js';
import { FAKE_WHISPER, startRunner, type TestRunner } from './support/runners.js';
import { startTestServer, type TestServer } from './support/server.js';
import { composeWav } from './support/speech-audio.js';

// Voice activity detection end to end: the server, and the built runner with the real Silero
// model and the stand-in whisper (which says "w0 w1" for every 2 s it hears).

const JFK = fixturePath('audio/jfk.wav');

describe('voice activity detection (server + runner with Silero, stand-in whisper)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let token: string;
  let dir: string;
  let pidDir: string;
  let llm: FakeLlm;
  let runner: TestRunner;

  const upload = async (file: string, fields: Record<string, string> = {}) => {
    const response = await call('POST', '/api/audio/upload', {
      token,
      form: audioForm(await readFile(file), path.basename(file), { language: 'en', ...fields }),
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; vad: boolean | null };
  };
  const finished = async (id: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const job = (await call('GET', `/api/transcriptions/${id}`, { token })).body;
      if (job.status === 'completed' || job.status === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`job ${id} is still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const whisperRuns = () => readdirSync(pidDir).length;

  beforeAll(async () => {
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0' });
    data = TestData.of(server);
    call = apiClient(server.url);
    token = await signAccessToken(server.config, { email: 'vad@example.com' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'vad-e2e-'));
    pidDir = path.join(dir, 'pids');
    await mkdir(pidDir);
    llm = await startFakeLlm();
    runner = await startRunner(server.url, {
      RUNNER_ID: 'vad',
      VAD_ENABLED: 'true',
      WHISPER_CLI_PATH: FAKE_WHISPER,
      FAKE_WHISPER_PID_DIR: pidDir,
      GLM_API_KEY: 'test-glm-key',
      GLM_BASE_URL: llm.url,
      REVIEW_LANGUAGE: 'en',
    });
  }, 60_000);

  afterEach(() => data.emptyQueue());

  afterAll(async () => {
    await runner.stop();
    await llm.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a silent upload completes at once with "no speech detected": no whisper, no summary', async () => {
    const silence = path.join(dir, 'silence.wav');
    await composeWav(silence, [{ silence: 45 }]);
    const created = await upload(silence);
    expect(created.vad).toBeNull();
    const done = await finished(created.id);
    expect(done).toMatchObject({
      status: 'completed',
      text: '',
      segments: [],
      summary: null,
      summaries: [],
      error_message: null,
      speech_seconds: 0,
      notice: 'no speech detected',
      duration_seconds: 45,
    });
    expect(whisperRuns()).toBe(0);
    expect(llm.requests).toHaveLength(0);
    const listed = (await call('GET', '/api/transcriptions', { token })).body;
    expect(listed.items.find((item: { id: string }) => item.id === created.id)).toMatchObject({ notice: 'no speech detected' });
  });

  it('speech between silences: whisper hears only the speech, subtitles line up with the audio', async () => {
    const padded = path.join(dir, 'padded.wav');
    const [placed] = await composeWav(padded, [{ silence: 20 }, { clip: JFK }, { silence: 15 }]);
    const created = await upload(padded);
    const done = await finished(created.id);
    expect(done).toMatchObject({ status: 'completed', notice: null, duration_seconds: 46 });
    expect(done.speech_seconds).toBeGreaterThan(9);
    expect(done.speech_seconds).toBeLessThan(12);
    expect(whisperRuns()).toBe(1);
    // The stand-in's first segment is at 0 s of the speech: where the speech starts in the file.
    expect(Math.abs(done.segments[0].start - (placed!.start + 0.32))).toBeLessThanOrEqual(0.6);
    expect(done.segments.at(-1).end).toBeLessThanOrEqual(placed!.end + 0.5);
    const srt = (await call('GET', `/api/transcriptions/${created.id}/download?format=srt`, { token })).body as string;
    expect(srt).toMatch(/^1\n00:00:(19|20),\d{3} --> /);
    expect(llm.requests.length).toBeGreaterThan(0);
  });

  it('vad=false: the job carries it, and whisper hears everything', async () => {
    const padded = path.join(dir, 'everything.wav');
    await composeWav(padded, [{ silence: 10 }, { clip: JFK }]);
    const created = await upload(padded, { vad: 'false' });
    expect(created.vad).toBe(false);
    const done = await finished(created.id);
    expect(done).toMatchObject({ status: 'completed', vad: false, speech_seconds: null, notice: null });
    expect(done.segments[0]).toMatchObject({ start: 0, end: 2 });
    expect(done.segments.at(-1).end).toBeCloseTo(21, 3);
  });

  it('vad must be true or false', async () => {
    const response = await call('POST', '/api/audio/upload', {
      token,
      form: audioForm(await readFile(JFK), 'jfk.wav', { vad: 'maybe' }),
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/vad must be true or false/);
  });
});
