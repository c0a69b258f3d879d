import { existsSync } from 'node:fs';
import path from 'node:path';
import { signAccessToken } from '@server/auth/access-token.js';
import { secretTokenHash } from '@server/common/secret-tokens.js';
import { ShareLinkRepository } from '@server/shares/share-link.repository.js';
import { StorageSweeper } from '@server/storage/storage-sweeper.js';
import type { User } from '@server/users/user.js';
import { apiClient, expectErrorShape, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Share links and retention on the real server and PostgreSQL. Retention periods are a few
// seconds here (the settings take fractions), and the sweep is run by hand.
describe('share links and retention (HTTP, real PostgreSQL)', () => {
  const AUDIO_RETENTION_SECONDS = 2;
  const FAILED_AUDIO_RETENTION_SECONDS = 3;
  const TRANSCRIPT_RETENTION_SECONDS = 6;
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let owner: string;
  let ownerUser: User;
  let ownerId: string;
  let stranger: string;
  const sweep = () => server.app.get(StorageSweeper).sweep();
  const stored = (id: string) => existsSync(path.join(server.config.storageDir, id));
  const wav = makeWav(4000);

  /** A completed transcription of the owner's, with its audio stored. */
  const completed = async (result: Parameters<TestData['complete']>[1] = {}) => {
    const { id } = await data.pending({ owner: ownerUser, audio: wav, fileName: '会议 1.wav' });
    await data.complete(id, {
      text: 'We agreed on the budget. 预算已确定。',
      segments: [
        { start: 0, end: 2, text: 'We agreed on the budget.' },
        { start: 2, end: 4, text: '预算已确定。' },
      ],
      summary: '- Budget agreed\n- 预算已确定',
      language: 'en',
      durationSeconds: 4,
      ...result,
    });
    return id;
  };
  const share = async (id: string, as = owner, json?: unknown) =>
    call('POST', `/api/transcriptions/${id}/share`, { token: as, json });

  beforeAll(async () => {
    server = await startTestServer({
      AUDIO_RETENTION_HOURS: String(AUDIO_RETENTION_SECONDS / 3600),
      FAILED_AUDIO_RETENTION_DAYS: String(FAILED_AUDIO_RETENTION_SECONDS / 86400),
      TRANSCRIPT_RETENTION_DAYS: String(TRANSCRIPT_RETENTION_SECONDS / 86400),
      STORAGE_SWEEP_SECONDS: '3600',
      UPLOAD_RATE_LIMIT: '0',
    });
    data = TestData.of(server);
    call = apiClient(server.url);
    ownerUser = await data.user({ email: 'sharer@example.com' });
    ownerId = ownerUser.id;
    owner = await signAccessToken(server.config, { email: 'sharer@example.com' });
    await data.user({ email: 'stranger@example.com' });
    stranger = await signAccessToken(server.config, { email: 'stranger@example.com' });
  });
  afterAll(() => server.close());

  describe('share links', () => {
    it('makes an unguessable link whose token is stored only as a hash, and opens it without signing in', async () => {
      const id = await completed();
      const created = await share(id);
      expect(created.status).toBe(201);
      const token = created.body.share_token as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes: 192 bits
      expect(created.body).toMatchObject({
        transcription_id: id,
        share_url: `/shared/${token}`,
        access_count: 0,
        expires_at: null,
        revoked_at: null,
        is_live: true,
      });
      // The token is nowhere in the database; its hash is.
      const links = server.app.get(ShareLinkRepository);
      expect(await links.findLive(token, false)).toBeUndefined();
      expect((await links.findLive(secretTokenHash(token), false))?.id).toBe(created.body.id);

      const viewed = await call('GET', `/api/shared/${token}`);
      expect(viewed.status).toBe(200);
      expect(viewed.body).toEqual({
        id,
        file_name: '会议 1.wav',
        text: 'We agreed on the budget. 预算已确定。',
        summary: '- Budget agreed\n- 预算已确定',
        language: 'en',
        duration_seconds: 4,
        created_at: expect.any(String),
        chat_messages: [],
        audio_available: true,
      });
      expect((await call('GET', `/api/shared/${token}/segments`)).body).toEqual([
        { start: 0, end: 2, text: 'We agreed on the budget.' },
        { start: 2, end: 4, text: '预算已确定。' },
      ]);
      const srt = await call('GET', `/api/shared/${token}/download?format=srt`);
      expect(srt.body).toBe(
        '1\n00:00:00,000 --> 00:00:02,000\nWe agreed on the budget.\n\n2\n00:00:02,000 --> 00:00:04,000\n预算已确定。\n',
      );
      expect(srt.headers.get('content-disposition')).toContain("filename*=UTF-8''%E4%BC%9A%E8%AE%AE%201.srt");
      expect((await call('GET', `/api/shared/${token}/download`)).body).toBe('We agreed on the budget. 预算已确定。\n');
      const docx = await call('GET', `/api/shared/${token}/download-docx`);
      expect(docx.status).toBe(200);
      expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      const range = await call('GET', `/api/shared/${token}/audio`, { headers: { range: 'bytes=0-99' } });
      expect(range.status).toBe(206);
      expect(range.bytes.equals(wav.subarray(0, 100))).toBe(true);
      // Only the page itself counts as a visit.
      const [listed] = (await call('GET', `/api/transcriptions/${id}/shares`, { token: owner })).body;
      expect(listed).toMatchObject({ id: created.body.id, access_count: 1, last_accessed_at: expect.any(String) });
      expect(listed.share_token).toBeUndefined();
    });

    it('a revoked, expired, unknown or malformed token answers 404 on every shared route', async () => {
      const id = await completed();
      const revoked = (await share(id)).body;
      expect((await call('DELETE', `/api/transcriptions/${id}/shares/${revoked.id}`, { token: owner })).status).toBe(204);
      expect((await call('DELETE', `/api/transcriptions/${id}/shares/${revoked.id}`, { token: owner })).status).toBe(204);
      const expiredToken = 'expired-token-0123456789abcdef';
      await server.app.get(ShareLinkRepository).insert(id, secretTokenHash(expiredToken), ownerId, -1);
      for (const token of [revoked.share_token, expiredToken, 'never-issued-token-0123456789', 'x', '..%2F..%2Fetc']) {
        for (const route of ['', '/segments', '/download?format=txt', '/download-docx', '/audio']) {
          const refused = await call('GET', `/api/shared/${token}${route}`);
          expect({ token, route, status: refused.status }).toEqual({ token, route, status: 404 });
        }
      }
      const refused = await call('GET', `/api/shared/${revoked.share_token}`);
      expectErrorShape(refused.body, 404);
      expect(refused.body.detail).toBe('this share link does not exist, was revoked or has expired');
      const listed = (await call('GET', `/api/transcriptions/${id}/shares`, { token: owner })).body;
      expect(listed.map((link: { is_live: boolean }) => link.is_live)).toEqual([false, false]);
    });

    it('only the owner makes, lists and revokes links; bad bodies and ids are 400', async () => {
      const id = await completed();
      const link = (await share(id)).body;
      expect((await share(id, stranger)).status).toBe(404);
      expect((await call('GET', `/api/transcriptions/${id}/shares`, { token: stranger })).status).toBe(404);
      expect((await call('DELETE', `/api/transcriptions/${id}/shares/${link.id}`, { token: stranger })).status).toBe(404);
      expect((await call('POST', `/api/transcriptions/${id}/share`)).status).toBe(401);
      const other = await completed();
      expect((await call('DELETE', `/api/transcriptions/${other}/shares/${link.id}`, { token: owner })).status).toBe(404);
      for (const json of [{ expires_in_days: 0 }, { expires_in_days: 'soon' }, { expires_in_days: 1, extra: true }]) {
        expect({ json, status: (await share(id, owner, json)).status }).toEqual({ json, status: 400 });
      }
      const expiring = await share(id, owner, { expires_in_days: 7 });
      expect(Date.parse(expiring.body.expires_at) - Date.now()).toBeGreaterThan(6.9 * 86400_000);
      expect((await call('GET', `/api/shared/${link.share_token}`)).status).toBe(200); // the refusals changed nothing
    });
  });

  describe('retention', () => {
    it('keeps completed audio for AUDIO_RETENTION_HOURS, then the sweep deletes it', async () => {
      const id = await completed();
      await sweep();
      expect(stored(id)).toBe(true);
      expect((await call('GET', `/api/audio/${id}`, { token: owner })).status).toBe(200);
      await sleep(AUDIO_RETENTION_SECONDS * 1000 + 200);
      expect((await sweep()).expiredAudioDeleted).toContain(id);
      expect(stored(id)).toBe(false);
      expect((await call('GET', `/api/audio/${id}`, { token: owner })).status).toBe(404);
      expect((await call('GET', `/api/transcriptions/${id}`, { token: owner })).body).toMatchObject({
        audio_available: false,
        text: 'We agreed on the budget. 预算已确定。',
      });
    });

    it('a live share link keeps the audio past its retention; once revoked, the next sweep deletes it', async () => {
      const id = await completed();
      const link = (await share(id)).body;
      await sleep(AUDIO_RETENTION_SECONDS * 1000 + 200);
      expect((await sweep()).expiredAudioDeleted).not.toContain(id);
      expect((await call('GET', `/api/shared/${link.share_token}/audio`)).status).toBe(200);
      await call('DELETE', `/api/transcriptions/${id}/shares/${link.id}`, { token: owner });
      expect((await sweep()).expiredAudioDeleted).toContain(id);
      expect(stored(id)).toBe(false);
    });

    it('keeps failed audio for FAILED_AUDIO_RETENTION_DAYS, then deletes it (a retry then says the audio is gone)', async () => {
      const { id } = await data.pending({ owner: ownerUser, audio: wav });
      await data.fail(id, 'decoder broke');
      await sweep();
      expect(stored(id)).toBe(true);
      await sleep(FAILED_AUDIO_RETENTION_SECONDS * 1000 + 200);
      expect((await sweep()).expiredAudioDeleted).toContain(id);
      expect(stored(id)).toBe(false);
      const retry = await call('POST', `/api/transcriptions/${id}/retry`, { token: owner });
      expect(retry.status).toBe(409);
      expect(retry.body.detail).toBe('the audio of this transcription is gone: upload it again');
    });

    it('deletes finished transcriptions TRANSCRIPT_RETENTION_DAYS after upload (time_remaining counts down), never unfinished ones', async () => {
      const finished = await completed();
      const { id: waiting } = await data.pending({ owner: ownerUser, audio: wav });
      const listed = (await call('GET', '/api/transcriptions?page_size=100', { token: owner })).body.data as {
        id: string;
        time_remaining: number;
      }[];
      const remaining = listed.find((item) => item.id === finished)!.time_remaining;
      expect(remaining).toBeGreaterThan(0);
      expect(remaining).toBeLessThanOrEqual(TRANSCRIPT_RETENTION_SECONDS);
      expect((await sweep()).expiredTranscriptionsDeleted).not.toContain(finished);
      await sleep(TRANSCRIPT_RETENTION_SECONDS * 1000 + 200);
      const swept = await sweep();
      expect(swept.expiredTranscriptionsDeleted).toContain(finished);
      expect(swept.expiredTranscriptionsDeleted).not.toContain(waiting);
      expect((await call('GET', `/api/transcriptions/${finished}`, { token: owner })).status).toBe(404);
      expect(stored(finished)).toBe(false);
      expect((await call('GET', `/api/transcriptions/${waiting}`, { token: owner })).body.time_remaining).toBeLessThan(0);
      await data.emptyQueue();
    });

    it('two replicas sweeping at once release each file once', async () => {
      const ids = [await completed(), await completed(), await completed()];
      await sleep(AUDIO_RETENTION_SECONDS * 1000 + 200);
      const replica = await startTestServer(
        { AUDIO_RETENTION_HOURS: String(AUDIO_RETENTION_SECONDS / 3600), STORAGE_SWEEP_SECONDS: '3600' },
        { database: server.database, dataDir: server.dataDir },
      );
      try {
        const [mine, theirs] = await Promise.all([sweep(), replica.app.get(StorageSweeper).sweep()]);
        const released = [...mine.expiredAudioDeleted, ...theirs.expiredAudioDeleted].filter((id) => ids.includes(id));
        expect(released.sort()).toEqual([...ids].sort());
        expect(ids.some(stored)).toBe(false);
      } finally {
        await replica.close();
      }
    });
  });
});
