import { randomUUID } from 'node:crypto';
import type { User } from '@server/users/user.js';
import { apiClient, expectErrorShape } from './support/api.js';
import { TestData } from './support/factories.js';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';

const SEGMENTS = [
  { start: 0, end: 2, text: '我们决定周五发步。' },
  { start: 2, end: 4, text: 'The lunch is on Friday.' },
];

// What the original app did not have: corrections per segment, summaries made again on request,
// Markdown export, and the NotebookLM guideline with and without a language model.
describe('editing, re-summarizing and exporting a transcript (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let llm: FakeLlm;
  let owner: User;
  let token: string;

  const completed = async (result: Parameters<TestData['complete']>[1] = {}) =>
    (
      await data.complete((await data.pending({ owner, fileName: 'standup.m4a' })).id, {
        text: '我们决定周五发步。The lunch is on Friday.',
        segments: SEGMENTS,
        summary: '- 周五发布',
        durationSeconds: 4,
        ...result,
      })
    ).id;
  const person = async () => {
    const email = `${randomUUID()}@example.com`;
    const user = await data.user({ email });
    return { user, token: signToken({ sub: user.id, email }) };
  };

  beforeAll(async () => {
    llm = await startFakeLlm({ answer: () => ['A guide ', 'for NotebookLM.'] });
    server = await startTestServer({
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      GLM_API_KEY: 'k',
      GLM_BASE_URL: llm.url,
      GLM_MODEL: 'glm-test',
    });
    data = TestData.of(server);
    call = apiClient(server.url);
    ({ user: owner, token } = await person());
  });
  afterAll(async () => {
    await server.close();
    await llm.close();
  });

  describe('segment edits', () => {
    it('corrects segments by index, rebuilds the text, keeps the runner’s original once, and the downloads follow', async () => {
      const id = await completed();
      const first = await call('PATCH', `/api/transcriptions/${id}/segments`, {
        token,
        json: { segments: [{ index: 0, text: '我们决定周五发布。' }] },
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        text: '我们决定周五发布。The lunch is on Friday.',
        segments: [{ start: 0, end: 2, text: '我们决定周五发布。' }, SEGMENTS[1]],
        original_segments: SEGMENTS,
        edited_at: expect.any(String),
      });
      const second = await call('PATCH', `/api/transcriptions/${id}/segments`, {
        token,
        json: { segments: [{ index: 1, text: 'The launch is on Friday.' }] },
      });
      expect(second.body.text).toBe('我们决定周五发布。The launch is on Friday.'); // no space after Chinese
      expect(second.body.original_segments).toEqual(SEGMENTS); // still the runner's, not the first edit
      const srt = await call('GET', `/api/transcriptions/${id}/download?format=srt`, { token });
      expect(srt.body).toContain('00:00:02,000 --> 00:00:04,000\nThe launch is on Friday.');
      const markdown = await call('GET', `/api/transcriptions/${id}/download?format=md`, { token });
      expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(markdown.body).toContain('# standup\n');
      expect(markdown.body).toContain('## Summary\n\n- 周五发布');
      expect(markdown.body).toContain('**[00:00:02]** The launch is on Friday.');
    });

    it('refuses a missing segment, an unfinished transcription, bad bodies and strangers, changing nothing', async () => {
      const id = await completed();
      const missing = await call('PATCH', `/api/transcriptions/${id}/segments`, {
        token,
        json: {
          segments: [
            { index: 0, text: 'ok' },
            { index: 2, text: 'no such' },
          ],
        },
      });
      expect(missing.status).toBe(409);
      expectErrorShape(missing.body, 409);
      expect(missing.body.message).toBe('there is no segment 2 (the transcript has 2)');
      for (const json of [
        { segments: [] },
        { segments: [{ index: -1, text: 'x' }] },
        { segments: [{ index: 0, text: 'x'.repeat(2001) }] },
        { segments: [{ index: 0 }] },
        { segments: [{ index: 0, text: 'x', start: 3 }] },
        {},
      ]) {
        const refused = await call('PATCH', `/api/transcriptions/${id}/segments`, { token, json });
        expect({ json, status: refused.status }).toEqual({ json, status: 400 });
      }
      const { id: pending } = await data.pending({ owner });
      expect(
        (await call('PATCH', `/api/transcriptions/${pending}/segments`, { token, json: { segments: [{ index: 0, text: 'x' }] } }))
          .status,
      ).toBe(409);
      const stranger = await person();
      expect(
        (
          await call('PATCH', `/api/transcriptions/${id}/segments`, {
            token: stranger.token,
            json: { segments: [{ index: 0, text: 'x' }] },
          })
        ).status,
      ).toBe(404);
      expect((await call('GET', `/api/transcriptions/${id}`, { token })).body).toMatchObject({
        segments: SEGMENTS,
        original_segments: null,
        edited_at: null,
      });
    });
  });

  describe('summarizing again', () => {
    it('queues a summary-only job for a completed transcription; refuses others and blank transcripts', async () => {
      const id = await completed();
      const queued = await call('POST', `/api/transcriptions/${id}/summarize`, { token, json: { instruction: '  ' } });
      expect(queued.status).toBe(202);
      expect(queued.body).toMatchObject({ status: 'pending', stage: 'uploading', kind: 'summarize', text: expect.any(String) });
      const job = await data.claim(id, 'runner-1');
      expect(job).toMatchObject({
        kind: 'summarize',
        summaryInstruction: null,
        transcript: '我们决定周五发步。The lunch is on Friday.',
      });
      // While it runs, a second request is refused, and the transcript stays readable and downloadable.
      expect((await call('POST', `/api/transcriptions/${id}/summarize`, { token })).status).toBe(409);
      expect((await call('GET', `/api/transcriptions/${id}/download?format=txt`, { token })).status).toBe(200);

      const silent = await completed({ text: '', segments: [], summary: null });
      const refused = await call('POST', `/api/transcriptions/${silent}/summarize`, { token });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toBe('the transcript is empty: there is nothing to summarize');
      const long = await call('POST', `/api/transcriptions/${silent}/summarize`, {
        token,
        json: { instruction: 'x'.repeat(2001) },
      });
      expect(long.status).toBe(400);
      await data.emptyQueue();
    });
  });

  describe('downloads', () => {
    it('the Word summary needs a summary (409 otherwise)', async () => {
      const id = await completed({ summary: null });
      const refused = await call('GET', `/api/transcriptions/${id}/download-docx`, { token });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toBe('this transcription has no summary (yet): nothing to put in a document');
    });

    it('the NotebookLM guideline: written by the model, kept, written again after an edit; the outline when the model fails', async () => {
      const id = await completed();
      const asked = () => llm.requests.filter((request) => request.messages[0]!.content.includes('NotebookLM')).length;
      const before = asked();
      const written = await call('GET', `/api/transcriptions/${id}/download-notebooklm`, { token });
      expect(written.headers.get('x-guideline-source')).toBe('language-model');
      expect(written.body).toBe(
        'A guide for NotebookLM.\n\n— Written by the language model glm-test from the transcript and summary.\n',
      );
      await call('GET', `/api/transcriptions/${id}/download-notebooklm`, { token });
      expect(asked()).toBe(before + 1);
      await call('PATCH', `/api/transcriptions/${id}/segments`, { token, json: { segments: [{ index: 0, text: '改了。' }] } });
      await call('GET', `/api/transcriptions/${id}/download-notebooklm`, { token });
      expect(asked()).toBe(before + 2);

      llm.behaviour.failWith = 500;
      try {
        const other = await completed();
        const outline = await call('GET', `/api/transcriptions/${other}/download-notebooklm`, { token });
        expect(outline.status).toBe(200);
        expect(outline.headers.get('x-guideline-source')).toBe('outline');
        expect(outline.body).toMatch(/^standup\n/);
        expect(outline.body).toContain('Summary\n- 周五发布');
        expect(outline.body).toMatch(/— Built without a language model \(the language model did not answer\)/);
      } finally {
        delete llm.behaviour.failWith;
      }
    });

    it('without a language model, the guideline is the outline and says so', async () => {
      const plain = await startTestServer({ SUPABASE_JWT_SECRET: TEST_JWT_SECRET });
      try {
        const plainData = TestData.of(plain);
        const email = `${randomUUID()}@example.com`;
        const someone = await plainData.user({ email });
        const id = (
          await plainData.complete((await plainData.pending({ owner: someone, fileName: 'talk.wav' })).id, { text: 'Hello.' })
        ).id;
        const outline = await apiClient(plain.url)('GET', `/api/transcriptions/${id}/download-notebooklm`, {
          token: signToken({ sub: someone.id, email }),
        });
        expect(outline.headers.get('x-guideline-source')).toBe('outline');
        expect(outline.body).toContain('— Built without a language model (no language model is configured (GLM_API_KEY))');
      } finally {
        await plain.close();
      }
    });
  });
});
