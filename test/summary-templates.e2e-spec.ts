import { randomUUID } from 'node:crypto';
import type { User } from '@server/users/user.js';
import { apiClient, audioForm, expectErrorShape, makeWav } from './support/api.js';
import { startFakeLlm } from './support/fake-llm.js';
import { TestData } from './support/factories.js';
import { FAKE_WHISPER, startRunner, type TestRunner } from './support/runners.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Player = User & { token: string };
interface Claimed {
  id: string;
  lease_id: string;
  file_name: string;
  summary_instruction: string | null;
}

// Summary templates: admins manage them, users pick one (or write their own instruction) at
// upload or for a new summary; the job copies the instruction and the runner follows it.
describe('summary templates (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let admin: Player;
  let user: Player;
  const runners: TestRunner[] = [];
  const runnerHeaders = { authorization: `Bearer ${TEST_RUNNER_KEY}` };

  const player = async (options: { admin?: boolean } = {}): Promise<Player> => {
    const email = `${randomUUID()}@example.com`;
    const created = await data.user({ email, admin: options.admin });
    return { ...created, token: signToken({ sub: created.id, email }) };
  };
  const createTemplate = async (body: { name?: string; instruction?: string } = {}) => {
    const response = await call('POST', '/api/admin/summary-templates', {
      token: admin.token,
      json: { name: `Template ${randomUUID()}`, instruction: 'List the action items', ...body },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; name: string; instruction: string };
  };
  const upload = (fields: Record<string, string>, token = user.token) =>
    call('POST', '/api/audio/upload', { token, form: audioForm(makeWav(44 + 32000 * 4), 'talk.wav', fields) });
  /** Claims every pending job as a runner would; hands them back untouched. */
  const claimAll = async (): Promise<Claimed[]> => {
    const claimed = await call('POST', '/api/runner/jobs/claim', {
      headers: runnerHeaders,
      json: { runner_id: 'manual', limit: 50 },
    });
    expect(claimed.status).toBe(200);
    const jobs = claimed.body as Claimed[];
    for (const job of jobs) {
      const json = { runner_id: 'manual', lease_id: job.lease_id, error_message: 'looked only', released: true };
      expect((await call('POST', `/api/runner/jobs/${job.id}/fail`, { headers: runnerHeaders, json })).status).toBe(200);
    }
    return jobs;
  };

  beforeAll(async () => {
    server = await startTestServer({ UPLOAD_RATE_LIMIT: '0', SUPABASE_JWT_SECRET: TEST_JWT_SECRET });
    data = TestData.of(server);
    call = apiClient(server.url);
    admin = await player({ admin: true });
    user = await player();
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((started) => started.stop()));
    await data.emptyQueue();
  });

  afterAll(async () => {
    await server.close();
  });

  it('admins create, list, rename and delete templates; users list them; names are unique whatever their case', async () => {
    const created = await call('POST', '/api/admin/summary-templates', {
      token: admin.token,
      json: { name: '  Meeting minutes ', instruction: ' Decisions first, then action items with owners ' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Meeting minutes',
      instruction: 'Decisions first, then action items with owners',
      created_by: admin.id,
      created_at: expect.stringMatching(ISO_DATE),
      updated_at: expect.stringMatching(ISO_DATE),
    });
    const id = created.body.id as string;

    const duplicate = await call('POST', '/api/admin/summary-templates', {
      token: admin.token,
      json: { name: 'MEETING MINUTES', instruction: 'other' },
    });
    expect(duplicate.status).toBe(409);
    expectErrorShape(duplicate.body, 409);
    expect(duplicate.body.message).toContain('already exists');

    for (const body of [
      { name: ' ', instruction: 'x' },
      { name: 'x', instruction: '' },
      { name: 'x'.repeat(101), instruction: 'x' },
      { name: 'y', instruction: 'x'.repeat(2001) },
    ]) {
      expect((await call('POST', '/api/admin/summary-templates', { token: admin.token, json: body })).status).toBe(400);
    }

    const other = await createTemplate({ name: 'Action items' });
    const renamedToTaken = await call('PUT', `/api/admin/summary-templates/${other.id}`, {
      token: admin.token,
      json: { name: 'meeting minutes' },
    });
    expect(renamedToTaken.status).toBe(409);

    const edited = await call('PUT', `/api/admin/summary-templates/${id}`, {
      token: admin.token,
      json: { instruction: 'Decisions only' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id, name: 'Meeting minutes', instruction: 'Decisions only' });

    const listed = await call('GET', '/api/admin/summary-templates', { token: admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.map((template: { name: string }) => template.name)).toEqual(['Action items', 'Meeting minutes']);

    const seen = await call('GET', '/api/summary-templates', { token: user.token });
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual([
      { id: other.id, name: 'Action items', instruction: 'List the action items' },
      { id, name: 'Meeting minutes', instruction: 'Decisions only' },
    ]);

    expect((await call('DELETE', `/api/admin/summary-templates/${id}`, { token: admin.token })).status).toBe(204);
    expect((await call('DELETE', `/api/admin/summary-templates/${id}`, { token: admin.token })).status).toBe(404);
    expect((await call('PUT', `/api/admin/summary-templates/${id}`, { token: admin.token, json: { name: 'z' } })).status).toBe(
      404,
    );
    expect((await call('GET', '/api/summary-templates', { token: user.token })).body).toHaveLength(1);
    await call('DELETE', `/api/admin/summary-templates/${other.id}`, { token: admin.token });
  });

  it('only admins manage templates (403), and nobody unsigned sees them (401)', async () => {
    const template = await createTemplate();
    expect((await call('GET', '/api/admin/summary-templates', { token: user.token })).status).toBe(403);
    expect(
      (await call('POST', '/api/admin/summary-templates', { token: user.token, json: { name: 'a', instruction: 'b' } })).status,
    ).toBe(403);
    expect(
      (await call('PUT', `/api/admin/summary-templates/${template.id}`, { token: user.token, json: { name: 'a' } })).status,
    ).toBe(403);
    expect((await call('DELETE', `/api/admin/summary-templates/${template.id}`, { token: user.token })).status).toBe(403);
    expect((await call('GET', '/api/admin/summary-templates')).status).toBe(401);
    expect((await call('GET', '/api/summary-templates')).status).toBe(401);
    await call('DELETE', `/api/admin/summary-templates/${template.id}`, { token: admin.token });
  });

  it("an upload's template or instruction is copied onto the job and carried in the claim answer; deleting the template changes nothing", async () => {
    const template = await createTemplate({ instruction: 'Only the decisions, as a list' });
    const byTemplate = await upload({ summary_template_id: template.id });
    expect(byTemplate.status).toBe(201);
    expect(byTemplate.body.summary_instruction).toBe('Only the decisions, as a list');
    const byInstruction = await upload({ summary_instruction: '  Three bullet points  ' });
    expect(byInstruction.status).toBe(201);
    expect(byInstruction.body.summary_instruction).toBe('Three bullet points');
    const plain = await upload({});
    expect(plain.body.summary_instruction).toBeNull();

    expect((await call('DELETE', `/api/admin/summary-templates/${template.id}`, { token: admin.token })).status).toBe(204);
    const fetched = await call('GET', `/api/transcriptions/${byTemplate.body.id}`, { token: user.token });
    expect(fetched.body.summary_instruction).toBe('Only the decisions, as a list');

    const claimed = new Map((await claimAll()).map((job) => [job.id, job.summary_instruction]));
    expect(claimed.get(byTemplate.body.id)).toBe('Only the decisions, as a list');
    expect(claimed.get(byInstruction.body.id)).toBe('Three bullet points');
    expect(claimed.get(plain.body.id)).toBeNull();
  });

  it('refuses an unknown template, both summary fields, and an instruction over 2,000 characters (400, nothing kept)', async () => {
    const template = await createTemplate();
    const refused: Record<string, string>[] = [
      { summary_template_id: randomUUID() },
      { summary_template_id: 'not-a-uuid' },
      { summary_template_id: template.id, summary_instruction: 'also this' },
      { summary_instruction: 'x'.repeat(2001) },
    ];
    for (const fields of refused) {
      const response = await upload(fields);
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 400);
    }
    expect((await upload({ summary_instruction: '写'.repeat(2000) })).status).toBe(201);
    expect(await claimAll()).toHaveLength(1);
    await call('DELETE', `/api/admin/summary-templates/${template.id}`, { token: admin.token });
  });

  it("a failed or cancelled job keeps its upload's instruction for a retry", async () => {
    const failing = await upload({ summary_instruction: 'Keep me' });
    const claimed = await call('POST', '/api/runner/jobs/claim', {
      headers: runnerHeaders,
      json: { runner_id: 'manual', limit: 1 },
    });
    const [job] = claimed.body as Claimed[];
    expect(job).toMatchObject({ id: failing.body.id, summary_instruction: 'Keep me' });
    const failed = await call('POST', `/api/runner/jobs/${job!.id}/fail`, {
      headers: runnerHeaders,
      json: { runner_id: 'manual', lease_id: job!.lease_id, error_message: 'broken', retryable: false },
    });
    expect(failed.body).toMatchObject({ status: 'failed' });
    const cancelled = await upload({ summary_instruction: 'Me too' });
    expect((await call('POST', `/api/transcriptions/${cancelled.body.id}/cancel`, { token: user.token })).status).toBe(200);
    for (const id of [failing.body.id, cancelled.body.id]) {
      expect((await call('POST', `/api/transcriptions/${id}/retry`, { token: user.token })).status).toBe(200);
    }
    const retried = new Map((await claimAll()).map((each) => [each.id, each.summary_instruction]));
    expect(retried.get(failing.body.id)).toBe('Keep me');
    expect(retried.get(cancelled.body.id)).toBe('Me too');
  });

  it('a new summary may name a template instead of an instruction', async () => {
    const template = await createTemplate({ instruction: 'Name the speakers' });
    const done = await data.complete((await data.pending({ owner: user })).id);
    const both = await call('POST', `/api/transcriptions/${done.id}/summarize`, {
      token: user.token,
      json: { template_id: template.id, instruction: 'x' },
    });
    expect(both.status).toBe(400);
    const unknown = await call('POST', `/api/transcriptions/${done.id}/summarize`, {
      token: user.token,
      json: { template_id: randomUUID() },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('template_id');
    const queued = await call('POST', `/api/transcriptions/${done.id}/summarize`, {
      token: user.token,
      json: { template_id: template.id },
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ kind: 'summarize', summary_instruction: 'Name the speakers' });
    const [claimed] = await claimAll();
    expect(claimed).toMatchObject({ id: done.id, summary_instruction: 'Name the speakers' });
    await call('DELETE', `/api/admin/summary-templates/${template.id}`, { token: admin.token });
  });

  it("a runner's first summary follows the upload's template (stand-in whisper, local LLM)", async () => {
    const llm = await startFakeLlm();
    try {
      const template = await createTemplate({ instruction: 'Write it as a haiku' });
      runners.push(
        await startRunner(server.url, {
          RUNNER_ID: 'templated',
          WHISPER_CLI_PATH: FAKE_WHISPER,
          GLM_API_KEY: 'test-glm-key',
          GLM_BASE_URL: llm.url,
          GLM_MODEL: 'glm-test',
          REVIEW_LANGUAGE: 'en',
        }),
      );
      const created = await upload({ summary_template_id: template.id, language: 'en' });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const deadline = Date.now() + 60_000;
      let done = (await call('GET', `/api/transcriptions/${id}`, { token: user.token })).body;
      while (!['completed', 'failed'].includes(done.status)) {
        if (Date.now() > deadline) throw new Error(`job ${id} is still ${done.status}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        done = (await call('GET', `/api/transcriptions/${id}`, { token: user.token })).body;
      }
      expect(done).toMatchObject({ status: 'completed', summary_instruction: null });
      expect(done.summary).toMatch(/^SUMMARY/);
      expect(done.summaries).toEqual([
        expect.objectContaining({ summary_text: done.summary, instruction: 'Write it as a haiku' }),
      ]);
      expect(llm.requests.length).toBeGreaterThan(0);
      expect(llm.requests.every((request) => request.messages[0]!.content.includes('Write it as a haiku'))).toBe(true);
    } finally {
      await llm.close();
    }
  }, 90_000);
});
