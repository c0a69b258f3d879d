import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI, { APIError, toFile } from 'openai';
import { signAccessToken } from '@server/auth/access-token.js';
import { HeldRequests } from '@server/events/held-requests.js';
import { apiClient, audioForm, makeWav } from './support/api.js';
import { FAKE_WHISPER, startRunner, type TestRunner } from './support/runners.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';
import { waitFor } from './support/wait.js';

// The OpenAI-compatible API, called with OpenAI's own npm client, against the real server and a
// runner with the stand-in whisper (text "w0 w1" per 2 s; "[translated]" before it with
// --translate; prompts recorded to FAKE_WHISPER_PROMPT_FILE; -ojf with one token per word).

/** 4 s of a quiet tone: two segments, "w0 w1" and "w2 w3". */
const WAV = makeWav(44 + 4 * 32000);

describe('OpenAI-compatible API (/v1) with the openai client', () => {
  let server: TestServer;
  let runner: TestRunner;
  let call: ReturnType<typeof apiClient>;
  let token: string;
  let client: OpenAI;
  let scratch: string;
  let promptFile: string;

  const audio = () => toFile(WAV, 'memo.wav', { type: 'audio/wav' });
  const count = async () => (await call('GET', '/api/transcriptions', { token })).body.total as number;
  /** The SDK's error for a call expected to fail. */
  const failure = async (request: Promise<unknown>): Promise<APIError> => {
    const error = await request.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(APIError);
    return error as APIError;
  };

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'ws-openai-'));
    promptFile = path.join(scratch, 'prompts.jsonl');
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0', OPENAI_WAIT_SECONDS: '60' });
    call = apiClient(server.url);
    token = await signAccessToken(server.config, { email: 'openai@example.com' });
    client = new OpenAI({ apiKey: token, baseURL: `${server.url}/v1`, maxRetries: 0 });
    runner = await startRunner(server.url, {
      RUNNER_ID: 'openai',
      WHISPER_CLI_PATH: FAKE_WHISPER,
      FAKE_WHISPER_PROMPT_FILE: promptFile,
    });
  }, 60_000);

  afterAll(async () => {
    await runner.stop();
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('json (the default): {text}, and the transcription is in the user list', async () => {
    const before = await count();
    const result = await client.audio.transcriptions.create({ file: await audio(), model: 'whisper-1' });
    expect(result).toEqual({ text: 'w0 w1 w2 w3' });
    const list = await call('GET', '/api/transcriptions', { token });
    expect(list.body.total).toBe(before + 1);
    expect(list.body.items[0]).toMatchObject({ file_name: 'memo.wav', status: 'completed', task: 'transcribe' });
  }, 60_000);

  it('text, srt and vtt: plain text bodies as OpenAI sends them', async () => {
    const text = await client.audio.transcriptions.create({ file: await audio(), model: 'whisper-1', response_format: 'text' });
    expect(text).toBe('w0 w1 w2 w3\n');
    const srt = await client.audio.transcriptions.create({ file: await audio(), model: 'whisper-1', response_format: 'srt' });
    expect(srt).toBe('1\n00:00:00,000 --> 00:00:02,000\nw0 w1\n\n2\n00:00:02,000 --> 00:00:04,000\nw2 w3\n');
    const vtt = await client.audio.transcriptions.create({ file: await audio(), model: 'whisper-1', response_format: 'vtt' });
    expect(vtt).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nw0 w1\n\n00:00:02.000 --> 00:00:04.000\nw2 w3\n');
  }, 60_000);

  it('verbose_json with segment and word granularities; the prompt and the temperature reach whisper', async () => {
    const result = await client.audio.transcriptions.create({
      file: await audio(),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['segment', 'word'],
      language: 'en',
      prompt: 'Acme Zyxx, Qwerty',
      temperature: 0.2,
    });
    expect(result).toMatchObject({ task: 'transcribe', language: 'english', duration: 4, text: 'w0 w1 w2 w3' });
    expect(result.segments).toEqual([
      expect.objectContaining({ id: 0, start: 0, end: 2, text: ' w0 w1', tokens: [], avg_logprob: 0, no_speech_prob: 0 }),
      expect.objectContaining({ id: 1, start: 2, end: 4, text: ' w2 w3' }),
    ]);
    expect(result.words).toEqual([
      { word: 'w0', start: 0, end: 1 },
      { word: 'w1', start: 1, end: 2 },
      { word: 'w2', start: 2, end: 3 },
      { word: 'w3', start: 3, end: 4 },
    ]);
    const runs = readFileSync(promptFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { prompt: string | null; full: boolean });
    expect(runs.at(-1)).toMatchObject({ prompt: 'Acme Zyxx, Qwerty', translate: false, full: true, temperature: 0.2 });
    expect((await call('GET', '/api/transcriptions', { token })).body.items[0]).toMatchObject({ temperature: 0.2 });

    // Only words asked for: no segments.
    const words = await client.audio.transcriptions.create({
      file: await audio(),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['word'],
    });
    expect(words.segments).toBeUndefined();
    expect(words.words).toHaveLength(4);
  }, 90_000);

  it('translations: whisper runs with --translate', async () => {
    const result = await client.audio.translations.create({ file: await audio(), model: 'whisper-1' });
    expect(result.text).toBe('[translated] w0 w1 [translated] w2 w3');
    const list = await call('GET', '/api/transcriptions', { token });
    expect(list.body.items[0]).toMatchObject({ task: 'translate' });
  }, 60_000);

  it("GET /v1/models lists whisper-1 and the runner's model (named from its file ggml-tiny.en.bin)", async () => {
    const models = await client.models.list();
    expect(models.data).toEqual([
      { id: 'whisper-1', object: 'model', created: expect.any(Number), owned_by: 'whisper-summarizer' },
      { id: 'tiny.en', object: 'model', created: expect.any(Number), owned_by: 'whisper-summarizer' },
    ]);
  });

  it('takes an API key as the OpenAI key: a transcribe key transcribes, a read key only lists models', async () => {
    const key = async (scope: string) => {
      const created = await call('POST', '/api/api-keys', { token, json: { name: `openai ${scope}`, scope } });
      expect(created.status).toBe(201);
      return new OpenAI({ apiKey: created.body.key as string, baseURL: `${server.url}/v1`, maxRetries: 0 });
    };
    const transcriber = await key('transcribe');
    expect(await transcriber.audio.transcriptions.create({ file: await audio(), model: 'whisper-1' })).toEqual({
      text: 'w0 w1 w2 w3',
    });
    const reader = await key('read');
    expect((await reader.models.list()).data.map((model) => model.id)).toEqual(['whisper-1', 'tiny.en']);
    const before = await count();
    const refused = await failure(reader.audio.transcriptions.create({ file: await audio(), model: 'whisper-1' }));
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('transcribe') });
    expect(await count()).toBe(before);
  }, 60_000);

  it("errors come in OpenAI's shape, and a refused request stores nothing", async () => {
    const before = await count();
    const badFormat = await failure(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a value the types refuse
      client.audio.transcriptions.create({ file: await audio(), model: 'whisper-1', response_format: 'xml' as any }),
    );
    expect(badFormat.status).toBe(400);
    expect(badFormat.message).toContain('response_format must be one of: json, text, srt, verbose_json, vtt');
    expect(badFormat.error).toMatchObject({ type: 'invalid_request_error', param: 'response_format' });

    const badModel = await failure(client.audio.transcriptions.create({ file: await audio(), model: 'gpt-4o-transcribe' }));
    expect(badModel.status).toBe(400);
    expect(badModel.code).toBe('model_not_found');
    expect(badModel.message).toContain('the model "gpt-4o-transcribe" does not exist here');

    const badTemperature = await failure(
      client.audio.transcriptions.create({ file: await audio(), model: 'whisper-1', temperature: 3 }),
    );
    expect(badTemperature.status).toBe(400);

    const noToken = new OpenAI({ apiKey: 'not-a-token', baseURL: `${server.url}/v1`, maxRetries: 0 });
    const unauthorized = await failure(noToken.audio.transcriptions.create({ file: await audio(), model: 'whisper-1' }));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.code).toBe('invalid_api_key');
    expect(unauthorized.error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringContaining('invalid access token'),
    });

    const form = new FormData();
    form.append('model', 'whisper-1');
    const noFile = await call('POST', '/v1/audio/transcriptions', { token, form });
    expect(noFile.status).toBe(400);
    expect(noFile.body).toEqual({
      error: {
        message: 'no file: send the audio in the multipart field "file"',
        type: 'invalid_request_error',
        code: null,
        param: null,
      },
    });

    const notAudio = await call('POST', '/v1/audio/transcriptions', {
      token,
      form: audioForm(Buffer.from('just some text, not audio at all '.repeat(20)), 'notes.txt', { model: 'whisper-1' }),
    });
    expect(notAudio.status).toBe(415);
    expect(notAudio.body.error).toMatchObject({ type: 'invalid_request_error', code: 'unsupported_file' });

    const unknownRoute = await call('GET', '/v1/nothing-here', { token });
    expect(unknownRoute.status).toBe(404);
    expect(await count()).toBe(before);
  }, 60_000);

  it('upload form: task, prompt, word_timestamps and temperature are stored, returned, carried to whisper; words in the JSON download', async () => {
    const refused: Record<string, string>[] = [
      { task: 'summarize' },
      { word_timestamps: 'yes' },
      { prompt: 'x'.repeat(1001) },
      { temperature: '1.5' },
      { temperature: 'warm' },
    ];
    const before = await count();
    for (const fields of refused) {
      const response = await call('POST', '/api/audio/upload', { token, form: audioForm(WAV, 'form.wav', fields) });
      expect(response.status).toBe(400);
    }
    expect(await count()).toBe(before);

    const prompt = '名字：张伟。'.repeat(100).slice(0, 1000); // 1,000 characters, 3,000 bytes
    const created = await call('POST', '/api/audio/upload', {
      token,
      form: audioForm(WAV, 'form.wav', { task: 'translate', prompt, word_timestamps: 'true', temperature: '0.4' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ task: 'translate', prompt, word_timestamps: true, temperature: 0.4 });
    const id = created.body.id as string;
    const done = await waitFor(
      async () => {
        const job = (await call('GET', `/api/transcriptions/${id}`, { token })).body;
        return job.status === 'completed' || job.status === 'failed' ? job : undefined;
      },
      60_000,
      200,
    );
    expect(done).toMatchObject({ status: 'completed', task: 'translate', prompt, word_timestamps: true });
    expect(done.segments[0]).toEqual({
      start: 0,
      end: 2,
      text: ' [translated] w0 w1',
      words: [
        { word: ' [translated]', start: 0, end: 0.667, probability: 0.9 },
        { word: ' w0', start: 0.667, end: 1.333, probability: 0.9 },
        { word: ' w1', start: 1.333, end: 2, probability: 0.9 },
      ],
    });
    const runs = readFileSync(promptFile, 'utf8').trim().split('\n');
    expect(JSON.parse(runs.at(-1)!)).toMatchObject({ prompt, translate: true, full: true, temperature: 0.4 });
    const download = await call('GET', `/api/transcriptions/${id}/download?format=json`, { token });
    expect(JSON.parse(download.bytes.toString('utf8')).segments[1].words).toHaveLength(3);
  }, 90_000);
});

describe('OpenAI-compatible API: waiting for the job', () => {
  let server: TestServer;
  let call: ReturnType<typeof apiClient>;
  let token: string;
  let client: OpenAI;

  beforeAll(async () => {
    // No runner: jobs stay queued.
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0', OPENAI_WAIT_SECONDS: '2' });
    call = apiClient(server.url);
    token = await signAccessToken(server.config, { email: 'openai-wait@example.com' });
    client = new OpenAI({ apiKey: token, baseURL: `${server.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('answers 504 with the job id when the job is not done in OPENAI_WAIT_SECONDS; the job stays queued', async () => {
    const started = Date.now();
    const error = await client.audio.transcriptions.create({ file: await toFile(WAV, 'slow.wav'), model: 'whisper-1' }).then(
      () => undefined,
      (thrown: unknown) => thrown as APIError,
    );
    expect(error).toBeInstanceOf(APIError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(error!.status).toBe(504);
    const body = error!.error as { job_id: string; type: string; message: string };
    expect(body.type).toBe('timeout');
    expect(body.message).toBe(
      `the transcription ${body.job_id} is still queued; fetch it later at GET /api/transcriptions/${body.job_id}`,
    );
    const job = await call('GET', `/api/transcriptions/${body.job_id}`, { token });
    expect(job.body).toMatchObject({ status: 'pending', file_name: 'slow.wav' });
  }, 30_000);

  it('a job cancelled while the request waits answers 409', async () => {
    const pending = client.audio.transcriptions.create({ file: await toFile(WAV, 'cancel-me.wav'), model: 'whisper-1' }).then(
      () => undefined,
      (thrown: unknown) => thrown as APIError,
    );
    const id = await waitFor(async () => {
      const list = await call('GET', '/api/transcriptions?q=cancel-me', { token });
      return (list.body.items[0]?.id as string | undefined) ?? undefined;
    });
    expect((await call('POST', `/api/transcriptions/${id}/cancel`, { token })).status).toBe(200);
    const error = await pending;
    expect(error?.status).toBe(409);
    expect(error?.message).toContain(`the transcription ${id} was cancelled`);
  }, 30_000);

  it("a job that fails while the request waits answers 502 with the runner's message", async () => {
    const pending = client.audio.transcriptions.create({ file: await toFile(WAV, 'doomed.wav'), model: 'whisper-1' }).then(
      () => undefined,
      (thrown: unknown) => thrown as APIError,
    );
    const runner = { authorization: `Bearer ${TEST_RUNNER_KEY}` };
    interface Claimed {
      id: string;
      lease_id: string;
      file_name: string;
    }
    // Claim everything queued; give back what is not ours (earlier tests' jobs stay queued).
    const job = await waitFor(async () => {
      const claimed = await call('POST', '/api/runner/jobs/claim', { headers: runner, json: { runner_id: 'manual', limit: 50 } });
      for (const other of (claimed.body as Claimed[]).filter((each) => each.file_name !== 'doomed.wav')) {
        const json = { runner_id: 'manual', lease_id: other.lease_id, error_message: 'not this one', released: true };
        await call('POST', `/api/runner/jobs/${other.id}/fail`, { headers: runner, json });
      }
      return (claimed.body as Claimed[]).find((each) => each.file_name === 'doomed.wav');
    });
    const failed = await call('POST', `/api/runner/jobs/${job.id}/fail`, {
      headers: runner,
      json: { runner_id: 'manual', lease_id: job.lease_id, error_message: 'ffmpeg could not decode the file' },
    });
    expect(failed.body.status).toBe('failed');
    const error = await pending;
    expect(error?.status).toBe(502);
    expect(error?.message).toContain('the transcription failed: ffmpeg could not decode the file');
    expect(error?.error).toMatchObject({ type: 'server_error', job_id: job.id });
  }, 30_000);

  it('a client that hangs up stops the wait; the job stays queued', async () => {
    const held = server.app.get(HeldRequests);
    const abort = new AbortController();
    const pending = client.audio.transcriptions
      .create({ file: await toFile(WAV, 'hang-up.wav'), model: 'whisper-1' }, { signal: abort.signal })
      .catch((thrown: unknown) => thrown);
    const id = await waitFor(async () => {
      const list = await call('GET', '/api/transcriptions?q=hang-up', { token });
      return (list.body.items[0]?.id as string | undefined) ?? undefined;
    });
    await waitFor(() => (held.count > 0 ? true : undefined));
    abort.abort();
    await pending;
    await waitFor(() => (held.count === 0 ? true : undefined), 1000); // well before OPENAI_WAIT_SECONDS (2 s)
    expect((await call('GET', `/api/transcriptions/${id}`, { token })).body.status).toBe('pending');
  }, 30_000);
});

describe('OpenAI-compatible API: limits in OpenAI shape', () => {
  let server: TestServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '1', MAX_UPLOAD_MB: '1', OPENAI_WAIT_SECONDS: '1' });
    const token = await signAccessToken(server.config, { email: 'openai-limits@example.com' });
    client = new OpenAI({ apiKey: token, baseURL: `${server.url}/v1`, maxRetries: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('413 over MAX_UPLOAD_MB (not counted), then 429 over UPLOAD_RATE_LIMIT', async () => {
    const big = makeWav(2 * 1024 * 1024);
    const tooLarge = await client.audio.transcriptions.create({ file: await toFile(big, 'big.wav'), model: 'whisper-1' }).then(
      () => undefined,
      (thrown: unknown) => thrown as APIError,
    );
    expect(tooLarge?.status).toBe(413);
    expect(tooLarge?.error).toMatchObject({ type: 'invalid_request_error', code: 'file_too_large' });
    expect(tooLarge?.message).toContain('larger than the 1 MB limit');

    const attempt = async () =>
      client.audio.transcriptions.create({ file: await toFile(WAV, 'one.wav'), model: 'whisper-1' }).then(
        () => undefined,
        (thrown: unknown) => thrown as APIError,
      );
    expect((await attempt())?.status).toBe(504); // the one upload allowed (no runner here)
    const limited = await attempt();
    expect(limited?.status).toBe(429);
    expect(limited?.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(limited?.headers?.get('retry-after')).toMatch(/^\d+$/);
  }, 30_000);
});

describe('OpenAI-compatible API: word timestamps of chunked audio', () => {
  let server: TestServer;
  let runner: TestRunner;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0', OPENAI_WAIT_SECONDS: '60' });
    const token = await signAccessToken(server.config, { email: 'openai-chunks@example.com' });
    client = new OpenAI({ apiKey: token, baseURL: `${server.url}/v1`, maxRetries: 0 });
    // 6 s chunks with 2 s of overlap, cut by time: 24 s of audio is 4 chunks, each transcribed from 0.
    runner = await startRunner(server.url, {
      RUNNER_ID: 'chunks',
      WHISPER_CLI_PATH: FAKE_WHISPER,
      CHUNK_SIZE_MINUTES: '0.1',
      CHUNK_OVERLAP_SECONDS: '2',
      USE_VAD_SPLIT: 'false',
    });
  }, 60_000);

  afterAll(async () => {
    await runner.stop();
    await server.close();
  });

  it('shifts word times with their chunk: one timeline from 0 to the end, in order, nothing doubled', async () => {
    const result = await client.audio.transcriptions.create({
      file: await toFile(makeWav(44 + 24 * 32000), 'long.wav'),
      model: 'whisper-1',
      response_format: 'verbose_json',
      timestamp_granularities: ['word'],
    });
    const words = result.words!;
    expect(result.duration).toBe(24);
    expect(words[0]!.start).toBe(0);
    expect(words.at(-1)!.end).toBe(24);
    expect(words.length).toBe(24); // one word a second
    for (let i = 1; i < words.length; i++) expect(words[i]!.start).toBeGreaterThanOrEqual(words[i - 1]!.end - 1e-6);
  }, 60_000);
});
