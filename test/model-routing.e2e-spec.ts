import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI, { APIError, toFile } from 'openai';
import { TranscriptionStatus } from '@app/contracts';
import { signAccessToken } from '@server/auth/access-token.js';
import { apiClient, audioForm, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { TEST_MODEL } from './support/fixtures.js';
import { FAKE_WHISPER, startRunner, type TestRunner } from './support/runners.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';
import { until, waitFor } from './support/wait.js';

// Routing by whisper model: runners announce the models they have (the stand-in whisper with one
// test model file, announced under WHISPER_MODEL_NAME), and a job naming a model goes only to a
// runner that has it.

/** 2 s of a quiet tone: one segment. */
const WAV = makeWav(44 + 2 * 32000);

describe('routing jobs by whisper model (two runners, HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let token: string;
  let adminToken: string;
  const runners = new Map<string, TestRunner>();

  const startModelRunner = async (id: string, model: string) => {
    runners.set(id, await startRunner(server.url, { RUNNER_ID: id, WHISPER_CLI_PATH: FAKE_WHISPER, WHISPER_MODEL_NAME: model }));
  };
  const stopRunner = async (id: string) => {
    await runners.get(id)?.stop();
    runners.delete(id);
  };
  const upload = async (fields: Record<string, string> = {}) => {
    const response = await call('POST', '/api/audio/upload', { token, form: audioForm(WAV, 'memo.wav', fields) });
    expect(response.status).toBe(201);
    return response.body as { id: string; model: string | null };
  };
  const job = async (id: string) => (await call('GET', `/api/transcriptions/${id}`, { token })).body;
  const finished = (id: string) =>
    waitFor(
      async () => {
        const current = await job(id);
        return current.status === TranscriptionStatus.Completed ? current : undefined;
      },
      30_000,
      100,
    );
  const stats = async () => (await call('GET', '/api/admin/stats', { token: adminToken })).body;
  const modelIds = async () => {
    const models = await call('GET', '/v1/models', { token });
    return (models.body.data as { id: string }[]).map((model) => model.id);
  };

  beforeAll(async () => {
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0', OPENAI_WAIT_SECONDS: '60' });
    data = TestData.of(server);
    call = apiClient(server.url);
    await data.user({ email: 'routing-admin@example.com', admin: true });
    adminToken = await signAccessToken(server.config, { email: 'routing-admin@example.com' });
    token = await signAccessToken(server.config, { email: 'routing@example.com' });
    await startModelRunner('runner-a', 'model-a');
    await startModelRunner('runner-b', 'model-b');
    await until(async () => (await modelIds()).length === 3, 15_000);
  }, 90_000);

  afterAll(async () => {
    for (const id of [...runners.keys()]) await stopRunner(id);
    await server.close();
  });

  it('GET /v1/models lists whisper-1 and every model an online runner announced; admin runners show them', async () => {
    const models = await call('GET', '/v1/models', { token });
    expect(models.body).toEqual({
      object: 'list',
      data: ['whisper-1', 'model-a', 'model-b'].map((id) => ({
        id,
        object: 'model',
        created: expect.any(Number),
        owned_by: 'whisper-summarizer',
      })),
    });
    const listed = await call('GET', '/api/admin/runners', { token: adminToken });
    expect(listed.status).toBe(200);
    const byId = Object.fromEntries((listed.body as { id: string; models: string[] }[]).map((runner) => [runner.id, runner]));
    expect(byId['runner-a']).toMatchObject({ models: ['model-a'], is_active: true });
    expect(byId['runner-b']).toMatchObject({ models: ['model-b'], is_active: true });
  });

  it('a job naming model A goes only to runner A, model B only to B, no model to either', async () => {
    const forA = await Promise.all([1, 2, 3].map(() => upload({ model: 'model-a' })));
    const forB = await Promise.all([1, 2, 3].map(() => upload({ model: 'model-b' })));
    const forAny = await Promise.all(
      ([{}, {}, { model: 'whisper-1' }, { model: ' ' }] as Record<string, string>[]).map((fields) => upload(fields)),
    );
    expect(forA[0]!.model).toBe('model-a');
    for (const created of forAny) expect(created.model).toBeNull(); // blank and whisper-1 name none
    for (const created of forA) expect(await finished(created.id)).toMatchObject({ runner_id: 'runner-a', model: 'model-a' });
    for (const created of forB) expect(await finished(created.id)).toMatchObject({ runner_id: 'runner-b', model: 'model-b' });
    for (const created of forAny) expect(['runner-a', 'runner-b']).toContain((await finished(created.id)).runner_id);
  }, 90_000);

  it('refuses a model name that is not one (400), storing nothing', async () => {
    const refused = await call('POST', '/api/audio/upload', {
      token,
      form: audioForm(WAV, 'memo.wav', { model: 'no such/model' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('model');
  });

  it('the openai client with model B gets runner B; an unknown model is model_not_found with the available ones', async () => {
    const client = new OpenAI({ apiKey: token, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const result = await client.audio.transcriptions.create({
      file: await toFile(WAV, 'memo.wav', { type: 'audio/wav' }),
      model: 'model-b',
    });
    expect(result.text).toBe('w0 w1');
    const latest = (await call('GET', '/api/transcriptions', { token })).body.items[0];
    expect(latest).toMatchObject({ status: 'completed', model: 'model-b', runner_id: 'runner-b' });

    const refused = await client.audio.transcriptions
      .create({ file: await toFile(WAV, 'memo.wav', { type: 'audio/wav' }), model: 'model-z' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(APIError);
    expect((refused as APIError).status).toBe(400);
    expect((refused as APIError).code).toBe('model_not_found');
    expect((refused as APIError).message).toContain('"whisper-1", "model-a", "model-b"');
  }, 60_000);

  it('a job naming a model no runner has stays pending, counted in stats unroutable, until a runner with it comes online', async () => {
    expect((await stats()).unroutable).toEqual([]);
    const created = await upload({ model: 'model-c' });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // both runners poll every 0.3 s
    expect((await job(created.id)).status).toBe(TranscriptionStatus.Pending);
    expect((await stats()).unroutable).toEqual([{ model: 'model-c', pending_jobs: 1 }]);

    await startModelRunner('runner-c', 'model-c');
    expect(await finished(created.id)).toMatchObject({ runner_id: 'runner-c' });
    expect((await stats()).unroutable).toEqual([]);
    expect(await modelIds()).toEqual(['whisper-1', 'model-a', 'model-b', 'model-c']);
  }, 60_000);

  it('a runner with WHISPER_EXTRA_MODELS announces them and runs a job naming one with that model file', async () => {
    const models = await mkdtemp(path.join(os.tmpdir(), 'ws-models-'));
    const runs = path.join(models, 'runs.jsonl');
    try {
      await copyFile(TEST_MODEL, path.join(models, 'ggml-model-e.bin'));
      runners.set(
        'runner-de',
        await startRunner(server.url, {
          RUNNER_ID: 'runner-de',
          WHISPER_CLI_PATH: FAKE_WHISPER,
          WHISPER_MODEL_NAME: 'model-d',
          WHISPER_EXTRA_MODELS: 'model-e',
          WHISPER_MODEL_DIR: models,
          FAKE_WHISPER_PROMPT_FILE: runs,
        }),
      );
      await until(async () => (await modelIds()).includes('model-e'), 15_000);
      const listed = (await call('GET', '/api/admin/runners', { token: adminToken })).body as { id: string; models: string[] }[];
      expect(listed.find((runner) => runner.id === 'runner-de')?.models).toEqual(['model-d', 'model-e']);

      const forE = await upload({ model: 'model-e' });
      const forD = await upload({ model: 'model-d' });
      expect(await finished(forE.id)).toMatchObject({ runner_id: 'runner-de', model: 'model-e' });
      expect(await finished(forD.id)).toMatchObject({ runner_id: 'runner-de', model: 'model-d' });
      const used = (await readFile(runs, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { model: string }).model);
      expect(used.sort()).toEqual(['ggml-model-e.bin', path.basename(TEST_MODEL)].sort());
    } finally {
      await stopRunner('runner-de');
      await rm(models, { recursive: true, force: true });
    }
  }, 60_000);

  it('start (list, then take one job) refuses a job whose model the runner did not announce', async () => {
    for (const id of [...runners.keys()]) await stopRunner(id);
    const pending = await data.pending({ model: 'model-a' });
    const auth = { authorization: `Bearer ${TEST_RUNNER_KEY}` };
    const wrong = await call('POST', `/api/runner/jobs/${pending.id}/start`, {
      headers: auth,
      json: { runner_id: 'manual', models: ['model-b'] },
    });
    expect(wrong.status).toBe(409);
    const right = await call('POST', `/api/runner/jobs/${pending.id}/start`, {
      headers: auth,
      json: { runner_id: 'manual', models: ['model-a'] },
    });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ status: 'started', model: 'model-a' });
  }, 60_000);

  it('concurrent claims with mixed models take every job exactly once, each by a runner that has its model', async () => {
    expect(runners.size).toBe(0);
    await data.emptyQueue();
    const modelOf = new Map<string, string | null>();
    const owner = await data.user();
    for (let n = 0; n < 60; n++) {
      const model = [null, 'model-a', 'model-b'][n % 3]!;
      modelOf.set((await data.pending({ owner, ...(model ? { model } : {}) })).id, model);
    }
    const sets = [['model-a'], ['model-b'], [], ['model-a', 'model-b'], ['model-b', 'model-a']];
    const taken: { id: string; models: string[] }[] = [];

    // Straight on the repository: many statements at once, each with its own model set.
    const direct = await Promise.all(
      Array.from({ length: 12 }, (_, n) => {
        const models = sets[n % sets.length]!;
        return data.transcriptions
          .claimSlots(['r1', 'r2'], 60, models)
          .then((claimed) => [...claimed.values()].map((claimedJob) => ({ id: claimedJob.id, models })));
      }),
    );
    taken.push(...direct.flat());

    // Through HTTP: the service batches claims with the same models into one statement.
    const auth = { authorization: `Bearer ${TEST_RUNNER_KEY}` };
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, async (_, n) => {
          const models = sets[n % sets.length]!;
          const response = await call('POST', '/api/runner/jobs/claim', {
            headers: auth,
            json: { runner_id: `claimer-${n}`, limit: 2, models },
          });
          expect(response.status).toBe(200);
          return (response.body as { id: string; model: string | null }[]).map((claimedJob) => ({ id: claimedJob.id, models }));
        }),
      );
      taken.push(...answers.flat());
    }

    const ids = taken.map((claim) => claim.id);
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    expect(new Set(ids)).toEqual(new Set(modelOf.keys())); // everything once
    for (const claim of taken) {
      const model = modelOf.get(claim.id);
      if (model) expect(claim.models).toContain(model);
    }
  }, 60_000);
});
