import { randomUUID } from 'node:crypto';
import type { Segment } from '@app/contracts';
import type { User } from '@server/users/user.js';
import { apiClient, expectErrorShape } from './support/api.js';
import { TestData } from './support/factories.js';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ANSWER = ['The launch ', 'is on ', 'Friday.'];
const CONTEXT_CHARS = 2000;

type Player = User & { token: string };

/** A stream's events, as the original web app reads them: split on blank lines, each `data: ` line JSON. */
const eventsOf = (body: string) =>
  body
    .split('\n\n')
    .filter(Boolean)
    .map((event) => JSON.parse(event.replace(/^data: /, '')));

// The chat of the original web app's transcription page: its history, a question answered whole,
// and a question answered as server-sent events, against a stand-in OpenAI-compatible model.
describe('chat about a transcription (HTTP, real PostgreSQL, stand-in language model)', () => {
  let llm: FakeLlm;
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;

  /** An active user of their own (admin if asked), with a token. */
  const player = async (options: { admin?: boolean } = {}): Promise<Player> => {
    const email = `${randomUUID()}@example.com`;
    const user = await data.user({ email, admin: options.admin });
    return { ...user, token: signToken({ sub: user.id, email }) };
  };
  const completed = async (owner: User, result: Parameters<TestData['complete']>[1] = {}) =>
    (await data.complete((await data.pending({ owner })).id, { text: 'We launch the zeppelin on Friday.', ...result })).id;
  const history = async (as: Player, id: string) => {
    const response = await call('GET', `/api/transcriptions/${id}/chat`, { token: as.token });
    expect(response.status).toBe(200);
    return (response.body.messages as { role: string; content: string }[]).map((m) => `${m.role}: ${m.content}`);
  };
  const ask = (as: Player, id: string, json: unknown) =>
    call('POST', `/api/transcriptions/${id}/chat`, { token: as.token, json });
  const stream = (as: Player, id: string, json: unknown, signal?: AbortSignal) =>
    fetch(`${server.url}/api/transcriptions/${id}/chat/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(json),
      signal,
    });
  const lastRequest = () => llm.requests.at(-1)!;

  beforeAll(async () => {
    llm = await startFakeLlm();
    server = await startTestServer({
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      GLM_API_KEY: 'test-glm-key',
      GLM_BASE_URL: llm.url,
      GLM_MODEL: 'glm-chat-test',
      CHAT_CONTEXT_CHARS: String(CONTEXT_CHARS),
    });
    call = apiClient(server.url);
    data = TestData.of(server);
  });
  afterAll(async () => {
    await server.close();
    await llm.close();
  });
  beforeEach(() => {
    Object.assign(llm.behaviour, {
      answer: () => ANSWER,
      cutAfterChunks: undefined,
      chunkDelayMs: undefined,
      failWith: undefined,
    });
  });

  it('answers a question whole, keeping both in the history, oldest first', async () => {
    const owner = await player();
    const id = await completed(owner, { summary: 'A launch planning call.' });
    expect(await call('GET', `/api/transcriptions/${id}/chat`, { token: owner.token })).toMatchObject({
      status: 200,
      body: { messages: [] },
    });

    const answer = await ask(owner, id, { content: '  When is the launch?  ' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: expect.stringMatching(UUID),
      role: 'assistant',
      content: 'The launch is on Friday.',
      created_at: expect.stringMatching(ISO_DATE),
    });

    const listed = await call('GET', `/api/transcriptions/${id}/chat`, { token: owner.token });
    expect(listed.body.messages).toEqual([
      {
        id: expect.stringMatching(UUID),
        role: 'user',
        content: 'When is the launch?',
        created_at: expect.stringMatching(ISO_DATE),
      },
      answer.body,
    ]);

    // The model got the server's settings, the whole (short) transcript with its summary, and the question.
    const request = lastRequest();
    expect(request).toMatchObject({ model: 'glm-chat-test', authorization: 'Bearer test-glm-key' });
    expect(request.stream).toBeFalsy();
    expect(request.messages[0]!.role).toBe('system');
    expect(request.messages[0]!.content).toContain('Summary of the recording:\nA launch planning call.');
    expect(request.messages[0]!.content).toContain('The transcript:\nWe launch the zeppelin on Friday.');
    expect(request.messages.slice(1)).toEqual([{ role: 'user', content: 'When is the launch?' }]);
  });

  it('streams an answer as the web app reads it, saves it once whole, and sends it back with the next question', async () => {
    const owner = await player();
    const id = await completed(owner);
    const response = await stream(owner, id, { content: 'When is the launch?' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await response.text()).toBe(
      'data: {"content":"The launch "}\n\n' +
        'data: {"content":"is on "}\n\n' +
        'data: {"content":"Friday."}\n\n' +
        'data: {"done":true}\n\n',
    );
    expect(lastRequest().stream).toBe(true);
    expect(await history(owner, id)).toEqual(['user: When is the launch?', 'assistant: The launch is on Friday.']);

    await (await stream(owner, id, { content: 'And where?' })).text();
    expect(lastRequest().messages.slice(1)).toEqual([
      { role: 'user', content: 'When is the launch?' },
      { role: 'assistant', content: 'The launch is on Friday.' },
      { role: 'user', content: 'And where?' },
    ]);
  });

  it('ends a stream that breaks off with an error event, and keeps the question without a half answer', async () => {
    const owner = await player();
    const id = await completed(owner);
    Object.assign(llm.behaviour, { cutAfterChunks: 2, chunkDelayMs: 50 });
    const response = await stream(owner, id, { content: 'When is the launch?' });
    expect(response.status).toBe(200);
    const events = eventsOf(await response.text());
    expect(events).toEqual([
      { content: 'The launch ' },
      { content: 'is on ' },
      { error: expect.stringMatching(/stopped in the middle of its answer.*not saved/) },
    ]);
    expect(await history(owner, id)).toEqual(['user: When is the launch?']);

    // The next question goes without the unanswered one.
    Object.assign(llm.behaviour, { cutAfterChunks: undefined, chunkDelayMs: undefined });
    expect((await ask(owner, id, { content: 'Again: when?' })).status).toBe(200);
    expect(lastRequest().messages.slice(1)).toEqual([{ role: 'user', content: 'Again: when?' }]);
  });

  it('stops the model when the caller leaves, and saves no answer', async () => {
    const owner = await player();
    const id = await completed(owner);
    Object.assign(llm.behaviour, { answer: () => ['one ', 'two ', 'three ', 'four ', 'five'], chunkDelayMs: 300 });
    const leave = new AbortController();
    const response = await stream(owner, id, { content: 'Count for me' }, leave.signal);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: {"content":"one "}\n\n');
    leave.abort();
    const request = lastRequest();
    for (let waited = 0; !request.abandoned && waited < 5000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(request.abandoned).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the rest of the answer would have come by now
    expect(await history(owner, id)).toEqual(['user: Count for me']);
  });

  it('gives the model the passages of a long transcript that answer the question, not its first characters', async () => {
    const owner = await player();
    const filler = (i: number) => `Marta went over routine item ${i} of the agenda.`;
    const segments: Segment[] = Array.from({ length: 400 }, (_, i) => ({ start: i * 5, end: i * 5 + 5, text: filler(i) }));
    segments[300] = { start: 1500, end: 1505, text: 'Marta said the zeppelin launch code is seven four one.' };
    segments[395] = { start: 1975, end: 1980, text: 'The cafeteria serves mushroom soup on Fridays.' };
    const text = segments.map((segment) => segment.text).join(' ');
    expect(text.indexOf('zeppelin')).toBeGreaterThan(5 * CONTEXT_CHARS);
    const id = await completed(owner, { text, segments, summary: 'Marta ran through the agenda.' });

    expect((await ask(owner, id, { content: 'What is the launch code of the zeppelin?' })).status).toBe(200);
    const system = lastRequest().messages[0]!.content;
    expect(system).toContain('only excerpts');
    expect(system).toContain('Summary of the recording:\nMarta ran through the agenda.');
    expect(system).toMatch(/\[00:2[45]:\d\d\] [^[]*Marta said the zeppelin launch code is seven four one\./); // said at 00:25:00
    expect(system).not.toContain('mushroom');
    expect(system.length).toBeLessThan(CONTEXT_CHARS + 1500); // the budget, and the instructions
  });

  it('refuses an empty, blank, too long, mistyped or padded question with 400', async () => {
    const owner = await player();
    const id = await completed(owner);
    for (const body of [
      {},
      { content: '' },
      { content: '   ' },
      { content: 'x'.repeat(4001) },
      { content: 42 },
      { content: 'hi', extra: 1 },
    ]) {
      const response = await ask(owner, id, body);
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 400);
      const streamed = await stream(owner, id, body);
      expect(streamed.status).toBe(400);
      expectErrorShape(await streamed.json(), 400);
    }
    expect((await ask(owner, id, { content: ' x'.repeat(2000) + '   ' })).status).toBe(200); // 3999 characters once trimmed
    expect(
      await call('POST', `/api/transcriptions/not-a-uuid/chat`, { token: owner.token, json: { content: 'hi' } }),
    ).toMatchObject({
      status: 400,
    });
  });

  it("answers 404 for someone else's transcription and 409 for one not completed, in JSON, saving nothing", async () => {
    const owner = await player();
    const stranger = await player();
    const id = await completed(owner);
    for (const [as, target] of [
      [stranger, id],
      [owner, randomUUID()],
    ] as const) {
      for (const response of [
        await call('GET', `/api/transcriptions/${target}/chat`, { token: as.token }),
        await ask(as, target, { content: 'hi' }),
        await stream(as, target, { content: 'hi' }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ]) {
        expect(response.status).toBe(404);
        expectErrorShape(response.body, 404);
      }
    }
    const pending = (await data.pending({ owner })).id;
    for (const response of [
      await ask(owner, pending, { content: 'hi' }),
      await stream(owner, pending, { content: 'hi' }).then(async (r) => ({ status: r.status, body: await r.json() })),
    ]) {
      expect(response.status).toBe(409);
      expectErrorShape(response.body, 409);
    }
    expect(await history(owner, pending)).toEqual([]);
    expect(await history(owner, id)).toEqual([]);
  });

  it('answers 502 when the model fails before answering, keeping the question', async () => {
    const owner = await player();
    const id = await completed(owner);
    llm.behaviour.failWith = 500;
    const response = await ask(owner, id, { content: 'hi' });
    expect(response.status).toBe(502);
    expectErrorShape(response.body, 502);
    const streamed = await stream(owner, id, { content: 'again' });
    expect(streamed.status).toBe(502);
    expectErrorShape(await streamed.json(), 502);
    expect(await history(owner, id)).toEqual(['user: hi', 'user: again']);
  });

  it("lets the members of a transcription's channel chat, each in a conversation of their own", async () => {
    const admin = await player({ admin: true });
    const owner = await player();
    const member = await player();
    const id = await completed(owner);
    const channel = await call('POST', '/api/admin/channels', { token: admin.token, json: { name: `Chat ${randomUUID()}` } });
    expect(channel.status).toBe(201);
    const added = await call('POST', `/api/admin/channels/${channel.body.id}/members`, {
      token: admin.token,
      json: { user_id: member.id },
    });
    expect(added.status).toBe(201);
    const assigned = await call('POST', `/api/admin/audio/${id}/channels`, {
      token: admin.token,
      json: { channel_ids: [channel.body.id] },
    });
    expect(assigned.status).toBe(200);

    expect((await ask(owner, id, { content: 'Owner asks' })).status).toBe(200);
    expect((await stream(member, id, { content: 'Member asks' })).status).toBe(200);
    expect(await history(owner, id)).toEqual(['user: Owner asks', 'assistant: The launch is on Friday.']);
    expect(await history(member, id)).toEqual(['user: Member asks', 'assistant: The launch is on Friday.']);
    // The member's question went without the owner's conversation.
    expect(lastRequest().messages.slice(1)).toEqual([{ role: 'user', content: 'Member asks' }]);
  });
});

describe('chat without a language model', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    server = await startTestServer({ SUPABASE_JWT_SECRET: TEST_JWT_SECRET });
    call = apiClient(server.url);
    data = TestData.of(server);
  });
  afterAll(() => server.close());

  it('answers 503 saying what to set, after 404 and 409 (nothing leaks), and still shows the history', async () => {
    const email = `${randomUUID()}@example.com`;
    const owner = await data.user({ email });
    const token = signToken({ sub: owner.id, email });
    const strangerEmail = `${randomUUID()}@example.com`;
    const stranger = signToken({ sub: (await data.user({ email: strangerEmail })).id, email: strangerEmail });
    const id = (await data.complete((await data.pending({ owner })).id)).id;
    const pending = (await data.pending({ owner })).id;

    for (const route of ['chat', 'chat/stream']) {
      const refused = await call('POST', `/api/transcriptions/${id}/${route}`, { token, json: { content: 'hi' } });
      expect(refused.status).toBe(503);
      expectErrorShape(refused.body, 503);
      expect(refused.body.message).toMatch(/GLM_API_KEY/);
      expect(refused.headers.get('retry-after')).toBeNull(); // waiting will not turn chat on
      expect(
        (await call('POST', `/api/transcriptions/${id}/${route}`, { token: stranger, json: { content: 'hi' } })).status,
      ).toBe(404);
      expect((await call('POST', `/api/transcriptions/${pending}/${route}`, { token, json: { content: 'hi' } })).status).toBe(
        409,
      );
    }
    expect(await call('GET', `/api/transcriptions/${id}/chat`, { token })).toMatchObject({ status: 200, body: { messages: [] } });
  });
});
