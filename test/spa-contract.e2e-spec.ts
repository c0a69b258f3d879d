import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { audioForm, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { type FakeLlm, startFakeLlm } from './support/fake-llm.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';

// The original web app's calls (its services/api.ts and hooks/useAuth.ts), one test each: the
// method, path and body exactly as it sends them (axios with its base URL "/api"; fetch for the
// chat stream; no token for shared links) and the fields it then reads. docs/api.md lists them.

interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire, checked with expect()
  data: any;
  bytes: Buffer;
}

const STAGES = ['uploading', 'transcribing', 'summarizing', 'completed', 'failed'];

describe("the original web app's calls (HTTP, real PostgreSQL, Supabase tokens, stand-in model)", () => {
  let server: TestServer;
  let llm: FakeLlm;
  let data: TestData;
  let admin: { id: string; token: string };
  let owner: { id: string; token: string };
  let member: { id: string; token: string };
  let outsider: { id: string; token: string };

  /** An axios call as the SPA's apiClient makes it: JSON bodies as JSON, none at all when it passes none. */
  const request = async (
    method: string,
    route: string,
    options: { token?: string; json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) body = options.form;
    const response = await fetch(`${server.url}/api${route}`, { method, headers, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const isJson = response.headers.get('content-type')?.startsWith('application/json') && bytes.length > 0;
    return {
      status: response.status,
      headers: response.headers,
      data: isJson ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8'),
      bytes,
    };
  };
  const person = async (options: { admin?: boolean } = {}) => {
    const email = `${randomUUID()}@example.com`;
    const user = await data.user({ email, admin: options.admin });
    return { id: user.id, token: signToken({ sub: user.id, email }) };
  };
  const ownerUser = async () => (await data.users.findById(owner.id))!;
  /** A completed transcription of the owner's, with a summary and timed segments. */
  const completed = async (options: { audio?: Buffer } = {}) => {
    const { id } = await data.pending({ owner: await ownerUser(), fileName: '周会 2026-03.m4a', ...options });
    await data.complete(id, {
      text: '我们决定周五发布。The launch is on Friday.',
      segments: [
        { start: 0, end: 2.5, text: '我们决定周五发布。' },
        { start: 2.5, end: 5, text: 'The launch is on Friday.' },
      ],
      summary: '## 决定\n- 周五发布 (launch on **Friday**)',
      language: 'zh',
      durationSeconds: 5,
    });
    return id;
  };
  const createChannel = async (name: string) =>
    (await request('POST', '/admin/channels', { token: admin.token, json: { name, description: `${name} team` } })).data
      .id as string;

  beforeAll(async () => {
    llm = await startFakeLlm({ answer: () => ['周五', '发布。'] });
    server = await startTestServer({
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      GLM_API_KEY: 'test-glm-key',
      GLM_BASE_URL: llm.url,
      GLM_MODEL: 'glm-test',
      AUDIO_RETENTION_HOURS: '1',
      TRANSCRIPT_RETENTION_DAYS: '30',
      UPLOAD_RATE_LIMIT: '0',
    });
    data = TestData.of(server);
    admin = await person({ admin: true });
    owner = await person();
    member = await person();
    outsider = await person();
  });
  afterAll(async () => {
    await server.close();
    await llm.close();
  });

  describe('signing in (useAuth)', () => {
    it('fetchUserData: GET /api/users/me gives is_active and is_admin, also for an inactive account', async () => {
      const me = await request('GET', '/users/me', { token: owner.token });
      expect(me.status).toBe(200);
      expect(me.data).toMatchObject({ id: owner.id, is_active: true, is_admin: false, activated_at: expect.any(String) });
      const newcomer = signToken({ sub: randomUUID(), email: `${randomUUID()}@example.com` });
      expect((await request('GET', '/users/me', { token: newcomer })).data).toMatchObject({ is_active: false, is_admin: false });
    });
  });

  describe('transcriptions (list and detail pages)', () => {
    it('uploadAudio: POST /api/audio/upload with the file as "file" answers the id it navigates to', async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(makeWav(2000))], { type: 'audio/wav' }), 'memo.wav');
      const uploaded = await request('POST', '/audio/upload', { token: owner.token, form });
      expect(uploaded.status).toBe(201);
      expect(uploaded.data.id).toMatch(/^[0-9a-f-]{36}$/);
      const detail = await request('GET', `/transcriptions/${uploaded.data.id}`, { token: owner.token });
      expect(detail.data).toMatchObject({ stage: 'uploading', file_name: 'memo.wav' });
    });

    it('getTranscriptions: GET /api/transcriptions?page=1 gives data, total and total_pages, items with the fields the list shows', async () => {
      const id = await completed();
      const page = await request('GET', '/transcriptions?page=1', { token: owner.token });
      expect(page.status).toBe(200);
      expect(page.data).toMatchObject({ page: 1, page_size: 20, total: expect.any(Number), total_pages: expect.any(Number) });
      expect(page.data.total_pages).toBe(Math.ceil(page.data.total / 20));
      const item = page.data.data.find((entry: { id: string }) => entry.id === id);
      expect(item).toMatchObject({
        id,
        file_name: '周会 2026-03.m4a',
        stage: 'completed',
        is_personal: true,
        channels: [],
        retry_count: 1,
        duration_seconds: 5,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        completed_at: expect.any(String),
      });
      expect(item.time_remaining).toBeGreaterThan(29 * 86400);
      expect(page.data.items).toEqual(page.data.data);
      for (const entry of page.data.data) expect(STAGES).toContain(entry.stage);
      // With page_size, as the pager passes it.
      expect((await request('GET', '/transcriptions?page=1&page_size=1', { token: owner.token })).data.data).toHaveLength(1);
    });

    it('getTranscription: GET /api/transcriptions/{id} reads stage, text, summaries[0].summary_text, channels and is_personal', async () => {
      const id = await completed();
      const detail = await request('GET', `/transcriptions/${id}`, { token: owner.token });
      expect(detail.data).toMatchObject({
        id,
        stage: 'completed',
        text: '我们决定周五发布。The launch is on Friday.',
        language: 'zh',
        duration_seconds: 5,
        channels: [],
        is_personal: true,
        error_message: null,
      });
      expect(detail.data.summaries[0]).toMatchObject({
        id: expect.any(String),
        transcription_id: id,
        summary_text: '## 决定\n- 周五发布 (launch on **Friday**)',
        model_name: 'test-model',
        created_at: expect.any(String),
      });
      // While it works the page polls; these are the stages it waits through.
      const { id: waiting } = await data.pending({ owner: await ownerUser() });
      expect((await request('GET', `/transcriptions/${waiting}`, { token: owner.token })).data.stage).toBe('uploading');
      await data.claim(waiting, 'runner-1');
      expect((await request('GET', `/transcriptions/${waiting}`, { token: owner.token })).data.stage).toBe('transcribing');
      const { id: broken } = await data.pending({ owner: await ownerUser() });
      await data.fail(broken, 'ffmpeg could not decode the file');
      expect((await request('GET', `/transcriptions/${broken}`, { token: owner.token })).data).toMatchObject({
        stage: 'failed',
        error_message: 'ffmpeg could not decode the file',
      });
    });

    it('deleteTranscription: DELETE /api/transcriptions/{id}', async () => {
      const id = await completed();
      expect((await request('DELETE', `/transcriptions/${id}`, { token: owner.token })).status).toBe(204);
      expect((await request('GET', `/transcriptions/${id}`, { token: owner.token })).status).toBe(404);
    });

    it('deleteAllTranscriptions: DELETE /api/transcriptions/all deletes only your own and says how many', async () => {
      const someone = await person();
      const someoneUser = (await data.users.findById(someone.id))!;
      await data.pending({ owner: someoneUser });
      await data.pending({ owner: someoneUser });
      const othersId = await completed();
      const deleted = await request('DELETE', '/transcriptions/all', { token: someone.token });
      expect(deleted.status).toBe(200);
      expect(deleted.data).toEqual({ deleted_count: 2, message: 'Deleted 2 transcriptions' });
      expect((await request('GET', '/transcriptions', { token: someone.token })).data.total).toBe(0);
      expect((await request('GET', `/transcriptions/${othersId}`, { token: owner.token })).status).toBe(200);
    });
  });

  describe('downloads (detail page)', () => {
    it('downloadFile: GET /api/transcriptions/{id}/download?format=txt and format=srt', async () => {
      const id = await completed();
      const txt = await request('GET', `/transcriptions/${id}/download?format=txt`, { token: owner.token });
      expect(txt.data).toBe('我们决定周五发布。The launch is on Friday.\n');
      const srt = await request('GET', `/transcriptions/${id}/download?format=srt`, { token: owner.token });
      expect(srt.data).toBe(
        '1\n00:00:00,000 --> 00:00:02,500\n我们决定周五发布。\n\n2\n00:00:02,500 --> 00:00:05,000\nThe launch is on Friday.\n',
      );
    });

    it('downloadSummaryDocx: GET /api/transcriptions/{id}/download-docx is a Word document with the Chinese summary intact', async () => {
      const id = await completed();
      const docx = await request('GET', `/transcriptions/${id}/download-docx`, { token: owner.token });
      expect(docx.status).toBe(200);
      expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const document = strFromU8(unzipSync(new Uint8Array(docx.bytes))['word/document.xml']!);
      const text = [...document.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map(([, piece]) => piece).join('');
      expect(text).toContain('决定');
      expect(text).toContain('周五发布 (launch on ');
      expect(text).toContain('Friday');
    });

    it('downloadNotebookLMGuideline: GET /api/transcriptions/{id}/download-notebooklm, written by the model and kept', async () => {
      const id = await completed();
      llm.behaviour.answer = () => ['NotebookLM 指南：', '周五发布。'];
      const asked = llm.requests.length;
      const guide = await request('GET', `/transcriptions/${id}/download-notebooklm`, { token: owner.token });
      expect(guide.status).toBe(200);
      expect(guide.headers.get('x-guideline-source')).toBe('language-model');
      expect(guide.data).toMatch(/^NotebookLM 指南：周五发布。\n\n— Written by the language model glm-test/);
      expect(guide.headers.get('content-disposition')).toContain("filename*=UTF-8''%E5%91%A8%E4%BC%9A%202026-03-notebooklm.txt");
      expect(llm.requests[asked]!.messages[1]!.content).toContain('我们决定周五发布。');
      // A second download is the kept guideline: the model is not asked again.
      expect((await request('GET', `/transcriptions/${id}/download-notebooklm`, { token: owner.token })).data).toBe(guide.data);
      expect(llm.requests.length).toBe(asked + 1);
      llm.behaviour.answer = () => ['周五', '发布。'];
    });
  });

  describe('chat (detail page)', () => {
    it('getChatHistory: GET /api/transcriptions/{id}/chat gives messages', async () => {
      const id = await completed();
      const history = await request('GET', `/transcriptions/${id}/chat`, { token: owner.token });
      expect(history).toMatchObject({ status: 200, data: { messages: [] } });
    });

    it('sendChatMessage: POST /api/transcriptions/{id}/chat {content} answers the assistant message', async () => {
      const id = await completed();
      const answer = await request('POST', `/transcriptions/${id}/chat`, {
        token: owner.token,
        json: { content: '什么时候发布？' },
      });
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({
        id: expect.any(String),
        role: 'assistant',
        content: '周五发布。',
        created_at: expect.any(String),
      });
      const history = (await request('GET', `/transcriptions/${id}/chat`, { token: owner.token })).data.messages;
      expect(history.map((message: { role: string; content: string }) => [message.role, message.content])).toEqual([
        ['user', '什么时候发布？'],
        ['assistant', '周五发布。'],
      ]);
    });

    it('sendChatMessageStream: POST /api/transcriptions/{id}/chat/stream streams data: {content} events, then data: {done}', async () => {
      const id = await completed();
      const response = await fetch(`${server.url}/api/transcriptions/${id}/chat/stream`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${owner.token}` },
        body: JSON.stringify({ content: '什么时候发布？' }),
      });
      expect(response.ok).toBe(true);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      // Read as the SPA reads it: split on blank lines, parse each "data: " line.
      const events = (await response.text())
        .split('\n\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as { content?: string; done?: boolean; error?: string });
      expect(events).toEqual([{ content: '周五' }, { content: '发布。' }, { done: true }]);
    });

    it('a chat stream cut mid-answer ends with data: {error} and saves no partial answer', async () => {
      const id = await completed();
      llm.behaviour.cutAfterChunks = 1;
      llm.behaviour.chunkDelayMs = 100; // the first piece reaches the client before the model breaks off
      try {
        const response = await fetch(`${server.url}/api/transcriptions/${id}/chat/stream`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${owner.token}` },
          body: JSON.stringify({ content: '什么时候发布？' }),
        });
        const events = (await response.text())
          .split('\n\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
        expect(events[0]).toEqual({ content: '周五' });
        expect(events.at(-1)).toEqual({ error: expect.stringMatching(/stopped in the middle/) });
        expect(events.some((event) => event.done)).toBe(false);
      } finally {
        delete llm.behaviour.cutAfterChunks;
        delete llm.behaviour.chunkDelayMs;
      }
      const history = (await request('GET', `/transcriptions/${id}/chat`, { token: owner.token })).data.messages;
      expect(history.map((message: { role: string }) => message.role)).toEqual(['user']);
    });
  });

  describe('sharing (detail page and the public shared page)', () => {
    let token: string;
    let id: string;

    beforeAll(async () => {
      id = await completed({ audio: makeWav(3000) });
      await request('POST', `/transcriptions/${id}/chat`, { token: owner.token, json: { content: '什么时候发布？' } });
    });

    it('createShareLink: POST /api/transcriptions/{id}/share with no body gives share_url (the page under the origin)', async () => {
      const created = await request('POST', `/transcriptions/${id}/share`, { token: owner.token });
      expect(created.status).toBe(201);
      expect(created.data).toMatchObject({
        id: expect.any(String),
        transcription_id: id,
        share_token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
        created_at: expect.any(String),
        access_count: 0,
      });
      token = created.data.share_token;
      expect(created.data.share_url).toBe(`/shared/${token}`);
    });

    it('getSharedTranscription: GET /api/shared/{token} without a token gives the page and the owner’s chat', async () => {
      const shared = await request('GET', `/shared/${token}`);
      expect(shared.status).toBe(200);
      expect(shared.data).toMatchObject({
        id,
        file_name: '周会 2026-03.m4a',
        text: '我们决定周五发布。The launch is on Friday.',
        summary: '## 决定\n- 周五发布 (launch on **Friday**)',
        language: 'zh',
        duration_seconds: 5,
        created_at: expect.any(String),
      });
      expect(
        shared.data.chat_messages.map((message: { role: string; content: string }) => [message.role, message.content]),
      ).toEqual([
        ['user', '什么时候发布？'],
        ['assistant', '周五发布。'],
      ]);
    });

    it('getSharedSegments: GET /api/shared/{token}/segments', async () => {
      expect((await request('GET', `/shared/${token}/segments`)).data).toEqual([
        { start: 0, end: 2.5, text: '我们决定周五发布。' },
        { start: 2.5, end: 5, text: 'The launch is on Friday.' },
      ]);
    });

    it('getSharedAudioUrl: GET /api/shared/{token}/audio plays, with ranges as an audio element asks', async () => {
      const whole = await request('GET', `/shared/${token}/audio`);
      expect(whole.status).toBe(200);
      expect(whole.bytes.length).toBe(3000);
      const range = await request('GET', `/shared/${token}/audio`, { headers: { range: 'bytes=100-' } });
      expect(range.status).toBe(206);
      expect(range.bytes.length).toBe(2900);
    });

    it('downloadSharedFile: GET /api/shared/{token}/download?format=txt and format=srt', async () => {
      expect((await request('GET', `/shared/${token}/download?format=txt`)).data).toBe(
        '我们决定周五发布。The launch is on Friday.\n',
      );
      expect((await request('GET', `/shared/${token}/download?format=srt`)).data).toMatch(/^1\n00:00:00,000 --> 00:00:02,500\n/);
    });

    it('downloadSharedDocx: GET /api/shared/{token}/download-docx', async () => {
      const docx = await request('GET', `/shared/${token}/download-docx`);
      expect(docx.status).toBe(200);
      expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    });

    it('a revoked link answers 404 on the shared page, its segments, downloads and audio', async () => {
      const [link] = (await request('GET', `/transcriptions/${id}/shares`, { token: owner.token })).data;
      expect((await request('DELETE', `/transcriptions/${id}/shares/${link.id}`, { token: owner.token })).status).toBe(204);
      for (const route of ['', '/segments', '/audio', '/download?format=txt', '/download-docx']) {
        const refused = await request('GET', `/shared/${token}${route}`);
        expect({ route, status: refused.status }).toEqual({ route, status: 404 });
      }
      expect((await request('GET', `/shared/${token}`)).data.detail).toBe(
        'this share link does not exist, was revoked or has expired',
      );
    });
  });

  describe('channels (detail page, list filter, admin dashboard)', () => {
    let channelId: string;
    let id: string;

    beforeAll(async () => {
      channelId = await createChannel(`Sales ${randomUUID().slice(0, 8)}`);
      await request('POST', `/admin/channels/${channelId}/members`, { token: admin.token, json: { user_id: owner.id } });
      await request('POST', `/admin/channels/${channelId}/members`, { token: admin.token, json: { user_id: member.id } });
      id = await completed();
    });

    it('assignTranscriptionToChannels: POST /api/transcriptions/{id}/channels {channel_ids}', async () => {
      const assigned = await request('POST', `/transcriptions/${id}/channels`, {
        token: owner.token,
        json: { channel_ids: [channelId] },
      });
      expect(assigned.status).toBe(200);
      expect(assigned.data).toEqual({ message: expect.any(String), channel_ids: [channelId] });
    });

    it('getTranscriptionChannels: GET /api/transcriptions/{id}/channels gives [{id, name, description}]', async () => {
      const channels = await request('GET', `/transcriptions/${id}/channels`, { token: owner.token });
      expect(channels.data).toEqual([
        { id: channelId, name: expect.stringMatching(/^Sales /), description: expect.stringMatching(/team$/) },
      ]);
    });

    it('getTranscriptions with channel_id: a member sees the channel’s transcription (not personal); "personal" shows only one’s own', async () => {
      const inChannel = await request('GET', `/transcriptions?page=1&channel_id=${channelId}`, { token: member.token });
      expect(inChannel.data.data.map((item: { id: string }) => item.id)).toEqual([id]);
      expect(inChannel.data.data[0]).toMatchObject({ is_personal: false, channels: [{ id: channelId }] });
      const personal = await request('GET', '/transcriptions?page=1&channel_id=personal', { token: member.token });
      expect(personal.data.total).toBe(0);
      // Read-only for the member; invisible to anyone else.
      expect((await request('GET', `/transcriptions/${id}`, { token: member.token })).data.is_personal).toBe(false);
      expect((await request('DELETE', `/transcriptions/${id}`, { token: member.token })).status).toBe(403);
      expect((await request('GET', `/transcriptions/${id}`, { token: outsider.token })).status).toBe(404);
      expect((await request('GET', `/transcriptions?page=1&channel_id=${channelId}`, { token: outsider.token })).data.total).toBe(
        0,
      );
    });

    it('adminApi.listChannels: GET /api/admin/channels gives member_count and updated_at', async () => {
      const channels = (await request('GET', '/admin/channels', { token: admin.token })).data as { id: string }[];
      expect(channels.find((channel) => channel.id === channelId)).toMatchObject({
        name: expect.any(String),
        description: expect.any(String),
        member_count: 2,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
    });

    it('adminApi.createChannel: POST /api/admin/channels {name, description}', async () => {
      const created = await request('POST', '/admin/channels', { token: admin.token, json: { name: '市场部', description: '' } });
      expect(created.status).toBe(201);
      expect(created.data).toMatchObject({ id: expect.any(String), name: '市场部', description: null, member_count: 0 });
    });

    it('adminApi.updateChannel: PUT /api/admin/channels/{id} {name, description}', async () => {
      const id = await createChannel(`Ops ${randomUUID().slice(0, 8)}`);
      const updated = await request('PUT', `/admin/channels/${id}`, {
        token: admin.token,
        json: { name: 'Operations', description: 'on call' },
      });
      expect(updated.data).toMatchObject({ id, name: 'Operations', description: 'on call' });
    });

    it('adminApi.deleteChannel: DELETE /api/admin/channels/{id} answers a body the SPA reads', async () => {
      const id = await createChannel(`Temp ${randomUUID().slice(0, 8)}`);
      const deleted = await request('DELETE', `/admin/channels/${id}`, { token: admin.token });
      expect(deleted).toMatchObject({ status: 200, data: { message: expect.any(String) } });
    });

    it('adminApi.assignUserToChannel and getChannelDetail: POST …/members {user_id}, GET /api/admin/channels/{id} gives members', async () => {
      const id = await createChannel(`Team ${randomUUID().slice(0, 8)}`);
      const added = await request('POST', `/admin/channels/${id}/members`, {
        token: admin.token,
        json: { user_id: outsider.id },
      });
      expect(added.status).toBe(201);
      expect(added.data).toMatchObject({ channel_id: id, user_id: outsider.id });
      const detail = await request('GET', `/admin/channels/${id}`, { token: admin.token });
      expect(detail.data.members).toEqual([
        expect.objectContaining({ id: outsider.id, email: expect.any(String), is_admin: false }),
      ]);
    });

    it('adminApi.removeUserFromChannel: DELETE /api/admin/channels/{id}/members/{userId} ends access at once', async () => {
      const id = await createChannel(`Short ${randomUUID().slice(0, 8)}`);
      await request('POST', `/admin/channels/${id}/members`, { token: admin.token, json: { user_id: outsider.id } });
      const transcription = await completed();
      await request('POST', `/admin/audio/${transcription}/channels`, { token: admin.token, json: { channel_ids: [id] } });
      expect((await request('GET', `/transcriptions/${transcription}`, { token: outsider.token })).status).toBe(200);
      const removed = await request('DELETE', `/admin/channels/${id}/members/${outsider.id}`, { token: admin.token });
      expect(removed).toMatchObject({ status: 200, data: { message: expect.any(String) } });
      expect((await request('GET', `/transcriptions/${transcription}`, { token: outsider.token })).status).toBe(404);
    });

    it('adminApi.listAllAudio: GET /api/admin/audio gives items with user_email and channels', async () => {
      const audio = await request('GET', '/admin/audio', { token: admin.token });
      expect(audio.status).toBe(200);
      const item = (audio.data.items as { id: string }[]).find((entry) => entry.id === id);
      expect(item).toMatchObject({
        file_name: '周会 2026-03.m4a',
        user_email: expect.stringMatching(/@example\.com$/),
        channels: [{ id: channelId, name: expect.any(String) }],
        created_at: expect.any(String),
        stage: 'completed',
      });
    });

    it('adminApi.getAudioChannels and assignAudioToChannels: GET and POST /api/admin/audio/{id}/channels', async () => {
      const other = await createChannel(`Legal ${randomUUID().slice(0, 8)}`);
      const assigned = await request('POST', `/admin/audio/${id}/channels`, {
        token: admin.token,
        json: { channel_ids: [channelId, other] },
      });
      expect(assigned.data.channel_ids.sort()).toEqual([channelId, other].sort());
      const channels = (await request('GET', `/admin/audio/${id}/channels`, { token: admin.token })).data as { id: string }[];
      expect(channels.map((channel) => channel.id).sort()).toEqual([channelId, other].sort());
    });
  });

  describe('users (admin dashboard)', () => {
    it('adminApi.listUsers: GET /api/admin/users gives activated_at', async () => {
      const users = (await request('GET', '/admin/users', { token: admin.token })).data as { id: string }[];
      expect(users.find((user) => user.id === owner.id)).toMatchObject({
        email: expect.any(String),
        is_active: true,
        is_admin: false,
        activated_at: expect.any(String),
        created_at: expect.any(String),
      });
    });

    it('adminApi.activateUser: PUT /api/admin/users/{id}/activate with no body activates', async () => {
      const newcomerId = randomUUID();
      const newcomer = signToken({ sub: newcomerId, email: `${randomUUID()}@example.com` });
      expect((await request('GET', '/transcriptions', { token: newcomer })).status).toBe(403);
      const activated = await request('PUT', `/admin/users/${newcomerId}/activate`, { token: admin.token });
      expect(activated.status).toBe(200);
      expect(activated.data).toMatchObject({ id: newcomerId, is_active: true, activated_at: expect.any(String) });
      expect((await request('GET', '/transcriptions', { token: newcomer })).status).toBe(200);
    });

    it('adminApi.toggleUserAdmin: PUT /api/admin/users/{id}/admin {is_admin}', async () => {
      const someone = await person();
      const granted = await request('PUT', `/admin/users/${someone.id}/admin`, { token: admin.token, json: { is_admin: true } });
      expect(granted.data).toMatchObject({ id: someone.id, is_admin: true });
    });

    it('adminApi.deleteUser: DELETE /api/admin/users/{id}', async () => {
      const someone = await person();
      expect((await request('DELETE', `/admin/users/${someone.id}`, { token: admin.token })).status).toBe(204);
      expect(
        (await request('GET', '/admin/users', { token: admin.token })).data.some(
          (user: { id: string }) => user.id === someone.id,
        ),
      ).toBe(false);
    });
  });

  it('errors carry detail, the field the SPA shows', async () => {
    const refused = await request('POST', '/audio/upload', {
      token: owner.token,
      form: audioForm(Buffer.from('not audio'), 'x.wav'),
    });
    expect(refused.status).toBe(415);
    expect(refused.data.detail).toBe(refused.data.message);
    expect(refused.data.detail.length).toBeGreaterThan(10);
  });
});
