import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { AudioStorage } from '@server/storage/audio-storage.js';
import { apiClient, audioForm, expectErrorShape, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';
import {
  type FakeSupabase,
  generateSigningKey,
  type SigningKey,
  signToken,
  startFakeSupabase,
  TEST_JWT_SECRET,
  unsignedToken,
} from './support/tokens.js';

const ADMIN_EMAIL = 'admin@example.com';
const SERVICE_ROLE_KEY = 'test-service-role-key';

describe('user and admin API (HTTP, real PostgreSQL, Supabase tokens)', () => {
  let server: TestServer;
  let supabase: FakeSupabase;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  const keys: SigningKey[] = [];
  let issuer: string;

  // Tokens of the users the tests play.
  let admin: string;
  let alice: string;
  let aliceId: string;
  let bob: string;
  let bobId: string;

  const token = (options: Parameters<typeof signToken>[0] = {}) => signToken({ issuer, ...options });
  const upload = (as: string, bytes: Buffer, fileName = 'clip.wav', fields: Record<string, string> = {}) =>
    call('POST', '/api/audio/upload', { token: as, form: audioForm(bytes, fileName, fields) });
  const storedFiles = async () => (await readdir(server.config.storageDir)).sort();
  const rowCount = async () => (await data.allIn()).length;
  /** A token for a new, active user of its own (the row made as a first sign-in makes it). */
  const newUser = async (email = `${randomUUID()}@example.com`) => {
    const user = await data.user({ email });
    return { id: user.id, token: token({ sub: user.id, email }) };
  };

  beforeAll(async () => {
    keys.push(generateSigningKey('RS256'), generateSigningKey('ES256'));
    supabase = await startFakeSupabase(keys);
    issuer = `${supabase.url}/auth/v1`;
    server = await startTestServer({
      SUPABASE_URL: supabase.url,
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
      ADMIN_EMAILS: `Other@example.com, ${ADMIN_EMAIL.toUpperCase()}`,
      MAX_UPLOAD_MB: '1',
    });
    call = apiClient(server.url);
    data = TestData.of(server);

    admin = token({ email: ADMIN_EMAIL });
    aliceId = randomUUID();
    alice = token({ sub: aliceId, email: 'alice@example.com' });
    bobId = randomUUID();
    bob = token({ sub: bobId, email: 'bob@example.com' });
    for (const user of [admin, alice, bob]) expect((await call('GET', '/api/users/me', { token: user })).status).toBe(200);
    for (const id of [aliceId, bobId]) {
      expect((await call('PUT', `/api/admin/users/${id}/activate`, { token: admin, json: { is_active: true } })).status).toBe(
        200,
      );
    }
  });

  afterAll(async () => {
    await server.close();
    await supabase.close();
  });

  describe('authentication', () => {
    it('refuses requests without a usable token with 401 in the error shape', async () => {
      const cases: [string, Record<string, string>][] = [
        ['no token', {}],
        ['not a JWT', { authorization: 'Bearer not-a-jwt' }],
        ['wrong scheme', { authorization: `Basic ${alice}` }],
        [
          'forged signature',
          { authorization: `Bearer ${signToken({ issuer, secret: 'another-secret-0123456789abcdefghijkl' })}` },
        ],
        ['expired', { authorization: `Bearer ${token({ expiresIn: -60 })}` }],
        ['wrong audience', { authorization: `Bearer ${token({ audience: 'anon' })}` }],
        ['wrong issuer', { authorization: `Bearer ${signToken({ issuer: 'https://evil.example/auth/v1' })}` }],
        ['alg none', { authorization: `Bearer ${unsignedToken({ sub: aliceId, iss: issuer })}` }],
        ['subject not a uuid', { authorization: `Bearer ${token({ sub: 'alice' })}` }],
        ['the runner key', { authorization: 'Bearer test-runner-key-0123456789abcdef' }],
      ];
      for (const [name, headers] of cases) {
        const response = await call('GET', '/api/users/me', { headers });
        expect({ name, status: response.status }).toEqual({ name, status: 401 });
        expectErrorShape(response.body, 401);
      }
    });

    it('refuses algorithm confusion: an HS256 token signed with the RS256 public key', async () => {
      const rsa = keys[0]!;
      const publicPem = (await import('node:crypto'))
        .createPublicKey(rsa.privateKey)
        .export({ type: 'spki', format: 'pem' })
        .toString();
      const confused = signToken({ issuer, secret: publicPem, claims: {} });
      expect((await call('GET', '/api/users/me', { headers: { authorization: `Bearer ${confused}` } })).status).toBe(401);
    });

    it('accepts RS256 and ES256 tokens through the JWKS, and refetches it for a new kid', async () => {
      for (const key of keys) {
        const response = await call('GET', '/api/users/me', { token: token({ key, sub: aliceId }) });
        expect(response.status).toBe(200);
        expect(response.body.id).toBe(aliceId);
      }
      const fetchesBefore = supabase.jwksRequests();
      const rotated = generateSigningKey('RS256');
      keys.push(rotated);
      expect((await call('GET', '/api/users/me', { token: token({ key: rotated, sub: aliceId }) })).status).toBe(200);
      expect(supabase.jwksRequests()).toBeGreaterThan(fetchesBefore);
      // A kid the project does not have stays refused.
      const stranger = generateSigningKey('RS256');
      expect((await call('GET', '/api/users/me', { token: token({ key: stranger }) })).status).toBe(401);
    });

    it('creates users on first sight: ADMIN_EMAILS are active admins, others wait for activation (403)', async () => {
      const me = await call('GET', '/api/users/me', { token: admin });
      expect(me.body).toMatchObject({ email: ADMIN_EMAIL, is_active: true, is_admin: true });

      const newcomerId = randomUUID();
      const newcomer = token({ sub: newcomerId, email: 'New.Comer@Example.com' });
      const [first, second] = await Promise.all([
        call('GET', '/api/users/me', { token: newcomer }),
        call('GET', '/api/users/me', { token: newcomer }),
      ]);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(first.body).toEqual({
        id: newcomerId,
        email: 'new.comer@example.com',
        is_active: false,
        is_admin: false,
        full_name: null,
        activated_at: null,
        created_at: expect.any(String),
      });
      for (const [method, route] of [
        ['GET', '/api/transcriptions'],
        ['POST', '/api/audio/upload'],
        ['GET', `/api/transcriptions/${randomUUID()}`],
      ] as const) {
        const response = await call(method, route, { token: newcomer });
        expect(response.status).toBe(403);
        expectErrorShape(response.body, 403);
      }
    });
  });

  describe('upload', () => {
    it('stores a WAV: 201 pending, size and type from the content, the file named by id', async () => {
      const bytes = makeWav(40_000);
      const response = await upload(alice, bytes, 'meeting.wav', { language: 'en' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        file_name: 'meeting.wav',
        status: 'pending',
        language: 'en',
        file_size: bytes.length,
        content_type: 'audio/wav',
        created_at: expect.any(String),
        task: 'transcribe',
        prompt: null,
        word_timestamps: false,
        temperature: null,
        vad: null,
        model: null,
        summary_instruction: null,
      });
      expect(await storedFiles()).toContain(response.body.id);
      const row = await data.transcription(response.body.id);
      expect(row.userId).toBe(aliceId);
      expect(row.audioSha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    });

    it('decides the type by content: other formats are accepted, a text file named .wav is 415', async () => {
      const heads: [string, Buffer, string][] = [
        ['a.flac', Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(60, 1)]), 'audio/flac'],
        ['a.opus', Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60, 1)]), 'audio/ogg'],
        ['a.m4a', Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypM4A '), Buffer.alloc(60, 1)]), 'audio/mp4'],
        ['a.webm', Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(60, 1)]), 'video/webm'],
        ['a.mp3', Buffer.concat([Buffer.from('ID3'), Buffer.alloc(60, 1)]), 'audio/mpeg'],
        ['no-extension', Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(60, 1)]), 'audio/amr'],
      ];
      for (const [name, bytes, type] of heads) {
        const response = await upload(alice, bytes, name);
        expect({ name, status: response.status, type: response.body.content_type }).toEqual({ name, status: 201, type });
      }
      const before = { rows: await rowCount(), files: await storedFiles() };
      const text = await call('POST', '/api/audio/upload', {
        token: alice,
        form: audioForm(Buffer.from('just some text, not audio at all\n'.repeat(10)), 'fake.wav', {}, 'audio/wav'),
      });
      expect(text.status).toBe(415);
      expectErrorShape(text.body, 415);
      expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
    });

    it('refuses missing, empty and oversized files and bad fields, leaving nothing behind', async () => {
      const before = { rows: await rowCount(), files: await storedFiles() };
      const noFile = new FormData();
      noFile.append('language', 'en');
      const cases: [string, Promise<{ status: number; body: unknown }>, number][] = [
        ['no file', call('POST', '/api/audio/upload', { token: alice, form: noFile }), 400],
        ['not multipart', call('POST', '/api/audio/upload', { token: alice, json: { file: 'x' } }), 400],
        ['empty file', upload(alice, Buffer.alloc(0), 'empty.wav'), 400],
        ['bad language', upload(alice, makeWav(1000), 'a.wav', { language: '../../etc' }), 400],
        ['unknown field', upload(alice, makeWav(1000), 'a.wav', { user_id: bobId }), 400],
        ['over MAX_UPLOAD_MB', upload(alice, makeWav(1.5 * 1024 * 1024), 'big.wav'), 413],
      ];
      for (const [name, pending, status] of cases) {
        const response = await pending;
        expect({ name, status: response.status }).toEqual({ name, status });
        expectErrorShape(response.body, status);
      }
      expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
    });

    it('keeps only a safe base name: path traversal stripped, non-ASCII kept', async () => {
      const traversal = await upload(alice, makeWav(2000), '../../../etc/passwd.wav');
      expect(traversal.status).toBe(201);
      expect(traversal.body.file_name).toBe('passwd.wav');
      const windows = await upload(alice, makeWav(2000), 'C:\\Users\\x\\..\\evil.wav');
      expect(windows.body.file_name).toBe('evil.wav');
      const cjk = await upload(alice, makeWav(2000), '会议记录 第1期.wav');
      expect(cjk.body.file_name).toBe('会议记录 第1期.wav');
      expect(await storedFiles()).toEqual(expect.arrayContaining([traversal.body.id, windows.body.id, cjk.body.id]));
      expect((await storedFiles()).every((name) => /^[0-9a-f-]{36}$/.test(name))).toBe(true);
    });
  });

  describe('transcriptions', () => {
    it('serves the original audio with Range support, to its owner only', async () => {
      const mine = (await upload(bob, makeWav(10_000), 'bob.wav')).body.id;
      const whole = await call('GET', `/api/audio/${mine}`, { token: bob });
      expect(whole.status).toBe(200);
      expect(whole.bytes.equals(makeWav(10_000))).toBe(true);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      const part = await call('GET', `/api/audio/${mine}`, { token: bob, headers: { range: 'bytes=5000-5099' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe('bytes 5000-5099/10000');
      expect(part.bytes.equals(makeWav(10_000).subarray(5000, 5100))).toBe(true);
      expect((await call('GET', `/api/audio/${mine}`, { token: bob, headers: { range: 'bytes=20000-' } })).status).toBe(416);
      expect((await call('GET', `/api/audio/${mine}`, { token: alice })).status).toBe(404);
      expect((await call('GET', `/api/audio/not-a-uuid`, { token: bob })).status).toBe(400);
    });

    it('lists newest first with pagination and a status filter; refuses bad queries', async () => {
      const { token: dave } = await newUser();
      const mine = (await upload(dave, makeWav(1000), 'first.wav')).body.id;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await upload(dave, makeWav(1000), `p${i}.wav`)).body.id);
      const page1 = await call('GET', '/api/transcriptions?page=1&page_size=2', { token: dave });
      expect(page1.status).toBe(200);
      expect(page1.body).toMatchObject({ total: 4, page: 1, page_size: 2 });
      expect(page1.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
      const page2 = await call('GET', '/api/transcriptions?page=2&page_size=2', { token: dave });
      expect(page2.body.items.map((item: { id: string }) => item.id)).toEqual([ids[0], mine]);
      expect(page1.body.items[0]).not.toHaveProperty('text');

      await data.fail(ids[0]!);
      const failed = await call('GET', '/api/transcriptions?status=failed', { token: dave });
      expect(failed.body.items.map((item: { id: string }) => item.id)).toEqual([ids[0]]);
      for (const query of ['status=done', 'page=0', 'page_size=1000', 'page=x', 'sort=asc']) {
        const response = await call('GET', `/api/transcriptions?${query}`, { token: dave });
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
      }
    });

    it('searches file names (q): any case, wildcards and backslashes taken literally, trimmed; 400 past 200 characters', async () => {
      const email = `${randomUUID()}@example.com`;
      const owner = await data.user({ email });
      const erin = token({ sub: owner.id, email });
      const names = ['Team Meeting.wav', 'team_meeting 100%.wav', 'teamXmeeting.wav', 'notes\\draft.wav', 'Grüße.wav'];
      const ids = new Map<string, string>();
      for (const fileName of names) ids.set(fileName, (await data.pending({ owner, fileName })).id);
      // Someone else's file with the same name is never found.
      await data.pending({ fileName: 'Team Meeting.wav' });
      const search = async (q: string, extra = '') => {
        const response = await call('GET', `/api/transcriptions?q=${encodeURIComponent(q)}${extra}`, { token: erin });
        expect(response.status).toBe(200);
        return (response.body.items as { file_name: string }[]).map((item) => item.file_name).sort();
      };
      expect(await search('MEETING')).toEqual(['Team Meeting.wav', 'teamXmeeting.wav', 'team_meeting 100%.wav']);
      expect(await search('  team meeting ')).toEqual(['Team Meeting.wav']);
      expect(await search('team_')).toEqual(['team_meeting 100%.wav']);
      expect(await search('%')).toEqual(['team_meeting 100%.wav']);
      expect(await search('100%.')).toEqual(['team_meeting 100%.wav']);
      expect(await search('s\\d')).toEqual(['notes\\draft.wav']);
      expect(await search('\\')).toEqual(['notes\\draft.wav']);
      expect(await search('rüße')).toEqual(['Grüße.wav']);
      expect(await search("'; DROP TABLE transcriptions; --")).toEqual([]);
      // Blank is no filter; q combines with status and paging.
      expect(await search('   ')).toHaveLength(names.length);
      await data.fail(ids.get('teamXmeeting.wav')!);
      expect(await search('meeting', '&status=failed')).toEqual(['teamXmeeting.wav']);
      const paged = await call('GET', '/api/transcriptions?q=meeting&page_size=2&page=2', { token: erin });
      expect(paged.body).toMatchObject({ total: 3, page: 2, total_pages: 2 });
      expect(paged.body.items).toHaveLength(1);

      expect((await search('x'.repeat(200))).length).toBe(0);
      for (const query of [`q=${'x'.repeat(201)}`, 'q=a&q=b']) {
        const response = await call('GET', `/api/transcriptions?${query}`, { token: erin });
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
      }
      const tooLong = await call('GET', `/api/transcriptions?q=${'x'.repeat(201)}`, { token: erin });
      expectErrorShape(tooLong.body, 400);
      expect(tooLong.body.message).toMatch(/q must be 1 to 200 characters/);
    });

    it("answers someone else's or an unknown id with 404, a malformed id with 400", async () => {
      const mine = (await upload(bob, makeWav(1000), 'mine.wav')).body.id;
      expect((await call('GET', `/api/transcriptions/${mine}`, { token: bob })).status).toBe(200);
      for (const [method, suffix] of [
        ['GET', ''],
        ['GET', '/download'],
        ['POST', '/cancel'],
        ['POST', '/retry'],
        ['DELETE', ''],
      ] as const) {
        expect((await call(method, `/api/transcriptions/${mine}${suffix}`, { token: alice })).status).toBe(404);
        expect((await call(method, `/api/transcriptions/${randomUUID()}${suffix}`, { token: bob })).status).toBe(404);
        expect((await call(method, `/api/transcriptions/1%27%20OR%201=1${suffix}`, { token: bob })).status).toBe(400);
      }
      expect((await call('GET', `/api/transcriptions/${mine}`, { token: bob })).body.status).toBe('pending');
    });

    it('cancels, refuses a second cancel, retries, and refuses retrying a pending job', async () => {
      const mine = (await upload(bob, makeWav(1000), 'cancel-me.wav')).body.id;
      const cancelled = await call('POST', `/api/transcriptions/${mine}/cancel`, { token: bob });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', completed_at: expect.any(String) });
      expect((await call('POST', `/api/transcriptions/${mine}/cancel`, { token: bob })).status).toBe(409);
      const retried = await call('POST', `/api/transcriptions/${mine}/retry`, { token: bob });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ status: 'pending', attempts: 0, error_message: null, completed_at: null });
      expect((await call('POST', `/api/transcriptions/${mine}/retry`, { token: bob })).status).toBe(409);
    });

    it('refuses to retry when the audio is gone', async () => {
      const id = (await upload(bob, makeWav(1000), 'gone.wav')).body.id;
      await data.fail(id);
      await server.app.get(AudioStorage).delete(id); // the disk lost it
      const response = await call('POST', `/api/transcriptions/${id}/retry`, { token: bob });
      expect(response.status).toBe(409);
      expect(response.body.message).toContain('audio');
    });

    it('downloads txt, srt, vtt and json byte for byte, only once completed', async () => {
      const id = (await upload(bob, makeWav(1000), '会议 "Q3".m4a')).body.id;
      expect((await call('GET', `/api/transcriptions/${id}/download?format=srt`, { token: bob })).status).toBe(409);
      const segments = [
        { start: 0, end: 2.5, text: ' 大家好，欢迎参加会议。' },
        { start: 2.5, end: 3661.042, text: ' We start <now> & end --> later.' },
      ];
      await data.complete(id, {
        text: '大家好，欢迎参加会议。 We start <now> & end --> later.',
        summary: '总结',
        segments,
        language: 'zh',
        durationSeconds: 3661.1,
      });
      const expected: Record<string, string> = {
        txt: '大家好，欢迎参加会议。 We start <now> & end --> later.\n',
        srt:
          '1\n00:00:00,000 --> 00:00:02,500\n大家好，欢迎参加会议。\n\n' +
          '2\n00:00:02,500 --> 01:01:01,042\nWe start <now> & end --> later.\n',
        vtt:
          'WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n大家好，欢迎参加会议。\n\n' +
          '00:00:02.500 --> 01:01:01.042\nWe start &lt;now> &amp; end --&gt; later.\n',
      };
      for (const [format, body] of Object.entries(expected)) {
        const response = await call('GET', `/api/transcriptions/${id}/download?format=${format}`, { token: bob });
        expect(response.status).toBe(200);
        expect(response.bytes.equals(Buffer.from(body, 'utf8'))).toBe(true);
        expect(response.headers.get('content-type')).toContain('charset=utf-8');
        expect(response.headers.get('content-disposition')).toBe(
          `attachment; filename="__ _Q3_.${format}"; filename*=UTF-8''${encodeURIComponent(`会议 "Q3".${format}`)}`,
        );
      }
      const json = await call('GET', `/api/transcriptions/${id}/download?format=json`, { token: bob });
      expect(JSON.parse(json.bytes.toString('utf8'))).toEqual({
        id,
        file_name: '会议 "Q3".m4a',
        language: 'zh',
        duration_seconds: 3661.1,
        text: '大家好，欢迎参加会议。 We start <now> & end --> later.',
        summary: '总结',
        segments,
      });
      const plain = await call('GET', `/api/transcriptions/${id}/download`, { token: bob });
      expect(plain.bytes.toString('utf8')).toBe(expected.txt);
      expect((await call('GET', `/api/transcriptions/${id}/download?format=docx`, { token: bob })).status).toBe(400);
      const detail = await call('GET', `/api/transcriptions/${id}`, { token: bob });
      expect(detail.body).toMatchObject({ status: 'completed', summary: '总结', segments, duration_seconds: 3661.1 });
    });

    it('deletes a transcription with its audio', async () => {
      const id = (await upload(bob, makeWav(1000), 'del.wav')).body.id;
      expect(await storedFiles()).toContain(id);
      expect((await call('DELETE', `/api/transcriptions/${id}`, { token: bob })).status).toBe(204);
      expect(await storedFiles()).not.toContain(id);
      expect((await call('GET', `/api/transcriptions/${id}`, { token: bob })).status).toBe(404);
      expect((await call('GET', `/api/audio/${id}`, { token: bob })).status).toBe(404);
      expect((await call('DELETE', `/api/transcriptions/${id}`, { token: bob })).status).toBe(404);
    });
  });

  describe('admin', () => {
    it('is closed to non-admins (403) and to anonymous callers (401)', async () => {
      const routes: [string, string, unknown?][] = [
        ['GET', '/api/admin/users'],
        ['PUT', `/api/admin/users/${aliceId}/activate`, { is_active: true }],
        ['PUT', `/api/admin/users/${aliceId}/admin`, { is_admin: true }],
        ['DELETE', `/api/admin/users/${aliceId}`],
        ['GET', '/api/admin/jobs'],
        ['POST', `/api/admin/jobs/${randomUUID()}/requeue`],
        ['GET', '/api/admin/runners'],
        ['GET', '/api/admin/stats'],
      ];
      for (const [method, route, json] of routes) {
        expect({ route, status: (await call(method, route, { token: alice, json })).status }).toEqual({ route, status: 403 });
        expect({ route, status: (await call(method, route, { json })).status }).toEqual({ route, status: 401 });
      }
    });

    it('validates bodies and ids', async () => {
      expect(
        (await call('PUT', `/api/admin/users/${aliceId}/activate`, { token: admin, json: { is_active: 'yes' } })).status,
      ).toBe(400);
      expect(
        (await call('PUT', `/api/admin/users/${aliceId}/admin`, { token: admin, json: { is_admin: true, x: 1 } })).status,
      ).toBe(400);
      expect((await call('PUT', `/api/admin/users/nope/admin`, { token: admin, json: { is_admin: true } })).status).toBe(400);
      expect(
        (await call('PUT', `/api/admin/users/${randomUUID()}/admin`, { token: admin, json: { is_admin: true } })).status,
      ).toBe(404);
      expect((await call('GET', '/api/admin/jobs?status=weird', { token: admin })).status).toBe(400);
      expect((await call('GET', '/api/admin/jobs?user_id=bob', { token: admin })).status).toBe(400);
    });

    it('lists users and jobs across users, filtered', async () => {
      const users = await call('GET', '/api/admin/users', { token: admin });
      expect(users.status).toBe(200);
      expect(users.body.map((user: { email: string }) => user.email)).toEqual(
        expect.arrayContaining([ADMIN_EMAIL, 'alice@example.com', 'bob@example.com']),
      );
      const all = await call('GET', '/api/admin/jobs?page_size=100', { token: admin });
      expect(all.body.total).toBe(await rowCount());
      const bobs = await call('GET', `/api/admin/jobs?user_id=${bobId}&page_size=100`, { token: admin });
      expect(bobs.body.items.length).toBeGreaterThan(0);
      expect(bobs.body.items.every((job: { user_id: string }) => job.user_id === bobId)).toBe(true);
      const completed = await call('GET', '/api/admin/jobs?status=completed', { token: admin });
      expect(completed.body.items.every((job: { status: string }) => job.status === 'completed')).toBe(true);
    });

    it('requeues a failed job, refuses a completed one', async () => {
      const id = (await upload(alice, makeWav(1000), 'r.wav')).body.id;
      expect(await data.fail(id, 'boom')).toMatchObject({ status: 'failed', attempts: 1 });
      const requeued = await call('POST', `/api/admin/jobs/${id}/requeue`, { token: admin });
      expect(requeued.status).toBe(200);
      expect(requeued.body).toMatchObject({ id, status: 'pending', attempts: 0, error_message: null, user_id: aliceId });
      await data.complete(id);
      expect((await call('POST', `/api/admin/jobs/${id}/requeue`, { token: admin })).status).toBe(409);
      expect((await call('POST', `/api/admin/jobs/${randomUUID()}/requeue`, { token: admin })).status).toBe(404);
    });

    it('shows runners from their heartbeats and queue stats', async () => {
      await upload(alice, makeWav(1000), 'waiting.wav');
      const beat = await call('POST', '/api/runner/heartbeat', {
        headers: { authorization: `Bearer ${TEST_RUNNER_KEY}` },
        json: { runner_id: 'gpu-live', current_jobs: 1, max_concurrent_jobs: 2, job_ids: [] },
      });
      expect(beat.status).toBe(200);
      const runners = await call('GET', '/api/admin/runners', { token: admin });
      expect(runners.status).toBe(200);
      expect(runners.body).toEqual([
        expect.objectContaining({ id: 'gpu-live', is_active: true, current_jobs: 1, max_concurrent_jobs: 2 }),
      ]);
      const stats = await call('GET', '/api/admin/stats', { token: admin });
      expect(stats.status).toBe(200);
      const jobs = (await call('GET', '/api/admin/jobs', { token: admin })).body;
      const perStatus = Object.values(stats.body.counts as Record<string, number>);
      expect(perStatus.reduce((sum, n) => sum + n, 0)).toBe(jobs.total);
      const pending = (await call('GET', '/api/admin/jobs?status=pending', { token: admin })).body;
      expect(stats.body.counts.pending).toBe(pending.total);
      expect(stats.body.queue_depth).toBe(pending.total);
      expect(stats.body.oldest_pending_age_seconds).toBeGreaterThanOrEqual(0);
      expect(stats.body.active_runners).toBe(1);
      expect(stats.body.users).toBe((await call('GET', '/api/admin/users', { token: admin })).body.length);
    });

    it('activates with no body at all, as the original web app sends it; {is_active: false} deactivates', async () => {
      const deactivated = await call('PUT', `/api/admin/users/${aliceId}/activate`, { token: admin, json: { is_active: false } });
      expect(deactivated.body).toMatchObject({ id: aliceId, is_active: false, activated_at: null });
      const activated = await call('PUT', `/api/admin/users/${aliceId}/activate`, { token: admin });
      expect(activated.status).toBe(200);
      expect(activated.body).toMatchObject({ id: aliceId, is_active: true, activated_at: expect.any(String) });
      expect(Date.now() - Date.parse(activated.body.activated_at)).toBeLessThan(60_000);
      // An empty JSON object activates too; activating an active user keeps its activation time.
      const again = await call('PUT', `/api/admin/users/${aliceId}/activate`, { token: admin, json: {} });
      expect(again.body).toMatchObject({ is_active: true, activated_at: activated.body.activated_at });
    });

    it('lets users name themselves (PUT /api/users/me), refusing bad names', async () => {
      const named = await call('PUT', '/api/users/me', { token: alice, json: { full_name: '  Alice 李  ' } });
      expect(named.status).toBe(200);
      expect(named.body).toMatchObject({ id: aliceId, full_name: 'Alice 李' });
      expect((await call('GET', '/api/users/me', { token: alice })).body.full_name).toBe('Alice 李');
      expect((await call('PUT', '/api/users/me', { token: alice, json: {} })).body.full_name).toBe('Alice 李');
      for (const json of [{ full_name: 'x'.repeat(201) }, { full_name: 7 }, { full_name: 'ok', is_admin: true }]) {
        const refused = await call('PUT', '/api/users/me', { token: alice, json });
        expect({ json, status: refused.status }).toEqual({ json, status: 400 });
      }
      expect((await call('GET', '/api/users/me', { token: alice })).body).toMatchObject({
        full_name: 'Alice 李',
        is_admin: false,
      });
      expect((await call('PUT', '/api/users/me', { token: alice, json: { full_name: null } })).body.full_name).toBeNull();
    });

    it('activates users and grants admin, never leaving zero active admins (409)', async () => {
      const adminId = (await call('GET', '/api/users/me', { token: admin })).body.id;
      for (const [route, json] of [
        [`/api/admin/users/${adminId}/admin`, { is_admin: false }],
        [`/api/admin/users/${adminId}/activate`, { is_active: false }],
      ] as const) {
        const refused = await call('PUT', route, { token: admin, json });
        expect(refused.status).toBe(409);
        expectErrorShape(refused.body, 409);
      }
      expect((await call('DELETE', `/api/admin/users/${adminId}`, { token: admin })).status).toBe(409);

      const granted = await call('PUT', `/api/admin/users/${aliceId}/admin`, { token: admin, json: { is_admin: true } });
      expect(granted.body).toMatchObject({ id: aliceId, is_admin: true, is_active: true });
      // Two admins revoking each other at once: exactly one of them succeeds.
      const [first, second] = await Promise.all([
        call('PUT', `/api/admin/users/${adminId}/admin`, { token: alice, json: { is_admin: false } }),
        call('PUT', `/api/admin/users/${aliceId}/admin`, { token: admin, json: { is_admin: false } }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const users = (await call('GET', '/api/admin/users', { token: first.status === 200 ? alice : admin })).body as {
        is_admin: boolean;
        is_active: boolean;
      }[];
      expect(users.filter((user) => user.is_admin && user.is_active)).toHaveLength(1);
      // Put things back: the original admin stays the only one.
      if (first.status === 200) {
        expect((await call('PUT', `/api/admin/users/${adminId}/admin`, { token: alice, json: { is_admin: true } })).status).toBe(
          200,
        );
        expect((await call('PUT', `/api/admin/users/${aliceId}/admin`, { token: admin, json: { is_admin: false } })).status).toBe(
          200,
        );
      }
    });

    it('deletes a user with their transcriptions, audio and Supabase auth user', async () => {
      const carolId = randomUUID();
      const carol = token({ sub: carolId, email: 'carol@example.com' });
      await call('GET', '/api/users/me', { token: carol });
      await call('PUT', `/api/admin/users/${carolId}/activate`, { token: admin, json: { is_active: true } });
      const ids = [
        (await upload(carol, makeWav(1000), 'c1.wav')).body.id,
        (await upload(carol, makeWav(1000), 'c2.wav')).body.id,
      ];
      expect(await storedFiles()).toEqual(expect.arrayContaining(ids));

      expect((await call('DELETE', `/api/admin/users/${carolId}`, { token: admin })).status).toBe(204);
      expect((await call('GET', `/api/admin/jobs?user_id=${carolId}`, { token: admin })).body.total).toBe(0);
      for (const id of ids) expect(await data.exists(id)).toBe(false);
      const users = (await call('GET', '/api/admin/users', { token: admin })).body as { id: string }[];
      expect(users.map((user) => user.id)).not.toContain(carolId);
      expect(await storedFiles()).not.toEqual(expect.arrayContaining([ids[0]]));
      expect(supabase.deletedUsers).toContainEqual({ id: carolId, apikey: SERVICE_ROLE_KEY });
      expect((await call('DELETE', `/api/admin/users/${carolId}`, { token: admin })).status).toBe(404);
    });
  });
});

describe('upload rate limit', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SUPABASE_JWT_SECRET: TEST_JWT_SECRET, AUTO_ACTIVATE_USERS: 'true', UPLOAD_RATE_LIMIT: '2' });
  });
  afterAll(() => server.close());

  it('answers 429 with Retry-After past the per-user limit, and counts users separately', async () => {
    const call = apiClient(server.url);
    const [carl, dana] = [signToken({ email: 'carl@example.com' }), signToken({ email: 'dana@example.com' })];
    const send = (as: string) => call('POST', '/api/audio/upload', { token: as, form: audioForm(makeWav(1000), 'x.wav') });
    expect((await send(carl)).status).toBe(201);
    expect((await send(carl)).status).toBe(201);
    const limited = await send(carl);
    expect(limited.status).toBe(429);
    expectErrorShape(limited.body, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect((await send(dana)).status).toBe(201);
  });
});
