import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StorageSweeper } from '@server/storage/storage-sweeper.js';
import { apiClient, audioForm, expectErrorShape, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { freePort, SERVER_MAIN, startProcess, waitForHttp } from './support/processes.js';
import { multipartBody, rawRequest } from './support/raw-request.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';
import { becomesTrue } from './support/wait.js';

const MB = 1024 * 1024;
const ADMIN_EMAIL = 'admin@example.com';
const wav = (bytes: number) => makeWav(bytes);

describe('uploads that go wrong (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let user: string;
  let admin: string;
  const listStorage = async () => (await readdir(server.config.storageDir)).sort();
  const rows = async () => (await data.allIn()).length;

  beforeAll(async () => {
    server = await startTestServer({
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      AUTO_ACTIVATE_USERS: 'true',
      ADMIN_EMAILS: ADMIN_EMAIL,
      MAX_UPLOAD_MB: '20',
    });
    data = TestData.of(server);
    user = signToken({ email: 'uploader@example.com' });
    admin = signToken({ email: ADMIN_EMAIL });
  });
  afterAll(async () => {
    await server.close();
  });

  /**
   * Sends `parts`, then the start of one more part, and keeps the request open with most of its
   * declared body unsent, as a client still uploading would: the answer must come anyway, at once.
   */
  async function answerWhileBodyUnfinished(parts: Parameters<typeof multipartBody>[0]) {
    const { boundary, body } = multipartBody(parts);
    const request = rawRequest(`${server.url}/api/audio/upload`, 'POST', {
      authorization: `Bearer ${user}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': body.length + 8 * MB,
    });
    request.write(body.subarray(0, body.length - `--${boundary}--\r\n`.length));
    request.write(`--${boundary}\r\nContent-Disposition: form-data; name="more"\r\n\r\nstill coming`);
    try {
      return await Promise.race([
        request.response,
        new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000)),
      ]);
    } finally {
      request.destroy();
    }
  }

  const file = (name = 'file') => ({ name, fileName: 'a.wav', data: wav(MB) });
  const long = 'x'.repeat(9000); // over the 8 KB a field may have

  it.each([
    ['a second file after the first', [file(), file()]],
    ['a second file in another field', [file(), file('other')]],
    ['an oversized field after the file', [file(), { name: 'language', value: long }]],
    ['too many fields after the file', [file(), ...Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, value: 'x' }))]],
    ['an oversized field before the file', [{ name: 'language', value: long }, file()]],
    ['the file in the wrong field', [file('audio')]],
  ])('%s: answers 400 at once, while the body is still coming, and leaves no file or row', async (_case, parts) => {
    const before = await rows();
    const response = await answerWhileBodyUnfinished(parts);
    expect(response.status).toBe(400);
    expectErrorShape(JSON.parse(response.body), 400);
    expect(await becomesTrue(async () => (await listStorage()).length === 0)).toBe(true);
    expect(await rows()).toBe(before);
  });

  it('still accepts a field after the file', async () => {
    const response = await apiClient(server.url)('POST', '/api/audio/upload', {
      token: user,
      form: (() => {
        const form = audioForm(wav(4000), 'late-field.wav');
        form.append('language', 'en');
        return form;
      })(),
    });
    expect(response.status).toBe(201);
    expect(response.body.language).toBe('en');
  });

  it('reports the disk space in the admin stats', async () => {
    const call = apiClient(server.url);
    const before = (await call('GET', '/api/admin/stats', { token: admin })).body.disk.audio_bytes as number;
    expect((await call('POST', '/api/audio/upload', { token: user, form: audioForm(wav(6000), 'kept.wav') })).status).toBe(201);
    const stats = await call('GET', '/api/admin/stats', { token: admin });
    expect(stats.status).toBe(200);
    const stored = before + 6000;
    expect(stats.body.disk).toEqual({
      total_bytes: expect.any(Number),
      free_bytes: expect.any(Number),
      used_bytes: expect.any(Number),
      audio_bytes: stored,
      min_free_bytes: 1024 * MB,
      accepting_uploads: true,
    });
    expect(Number(stats.body.disk.free_bytes) + Number(stats.body.disk.used_bytes)).toBeLessThanOrEqual(
      stats.body.disk.total_bytes,
    );
  });

  it('answers 409 (not 500) to an upload whose user an admin deletes meanwhile, and keeps nothing', async () => {
    const doomedId = '5f0d3d5e-9a4c-4b1e-8d7e-3c1a2b4c5d6e';
    const doomed = signToken({ sub: doomedId, email: 'doomed@example.com' });
    const { boundary, body } = multipartBody([{ name: 'file', fileName: 'late.wav', data: wav(2 * MB) }]);
    const request = rawRequest(`${server.url}/api/audio/upload`, 'POST', {
      authorization: `Bearer ${doomed}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': body.length,
    });
    request.write(body.subarray(0, MB));
    expect(await becomesTrue(async () => (await listStorage()).some((name) => name.startsWith('.incoming-')))).toBe(true);
    expect((await apiClient(server.url)('DELETE', `/api/admin/users/${doomedId}`, { token: admin })).status).toBe(204);
    request.end(body.subarray(MB));
    const response = await request.response;
    expect(response.status).toBe(409);
    expect(JSON.parse(response.body).message).toBe('your account was deleted while the file was uploading; nothing was kept');
    expect((await listStorage()).filter((name) => name.startsWith('.incoming-'))).toEqual([]);
    expect((await data.allIn()).filter((row) => row.fileName === 'late.wav')).toEqual([]);
  });
});

describe('the upload rate limit counts attempts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SUPABASE_JWT_SECRET: TEST_JWT_SECRET, AUTO_ACTIVATE_USERS: 'true', UPLOAD_RATE_LIMIT: '2' });
  });
  afterAll(() => server.close());

  it('refused uploads count: after two that stored nothing, the third gets 429', async () => {
    const call = apiClient(server.url);
    const erin = signToken({ email: 'erin@example.com' });
    const notAudio = audioForm(Buffer.from('just some text, not audio at all'), 'fake.wav');
    expect((await call('POST', '/api/audio/upload', { token: erin, form: notAudio })).status).toBe(415);
    expect((await call('POST', '/api/audio/upload', { token: erin, form: notAudio })).status).toBe(415);
    const limited = await call('POST', '/api/audio/upload', { token: erin, form: audioForm(wav(1000), 'x.wav') });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
  });
});

describe('a full disk', () => {
  it('refuses uploads up front with 507 while free space is under MIN_FREE_DISK_MB', async () => {
    const server = await startTestServer({
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      AUTO_ACTIVATE_USERS: 'true',
      ADMIN_EMAILS: ADMIN_EMAIL,
      MIN_FREE_DISK_MB: String(1024 * 1024 * 1024), // a petabyte: never there
    });
    try {
      const call = apiClient(server.url);
      const response = await call('POST', '/api/audio/upload', {
        token: signToken({ email: 'f@example.com' }),
        form: audioForm(wav(1000), 'x.wav'),
      });
      expect(response.status).toBe(507);
      expectErrorShape(response.body, 507);
      expect(response.body.message).toContain('running out of disk space');
      expect(await readdir(server.config.storageDir)).toEqual([]);
      const stats = await call('GET', '/api/admin/stats', { token: signToken({ email: ADMIN_EMAIL }) });
      expect(stats.body.disk.accepting_uploads).toBe(false);
    } finally {
      await server.close();
    }
  });

  // A real full volume needs a small file system of its own: a tmpfs, which only root may mount.
  const mountable = (() => {
    if (process.getuid?.() !== 0) return false;
    try {
      execFileSync('mount', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  (mountable ? it : it.skip)(
    `answers 507 when the volume fills up during an upload, keeps nothing, and takes the next upload that fits${
      mountable ? '' : ' — SKIPPED: mounting a small tmpfs needs root'
    }`,
    async () => {
      const storage = await mkdtemp(path.join(os.tmpdir(), 'ws-full-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', storage]);
      await chmod(storage, 0o755);
      const server = await startTestServer({
        SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
        AUTO_ACTIVATE_USERS: 'true',
        STORAGE_DIR: storage,
        MIN_FREE_DISK_MB: '0',
        MAX_UPLOAD_MB: '100',
      });
      try {
        const call = apiClient(server.url);
        const token = signToken({ email: 'g@example.com' });
        // Its declared length does not fit: refused before a byte is stored.
        const declared = await call('POST', '/api/audio/upload', { token, form: audioForm(wav(6 * MB), 'big.wav') });
        expect(declared.status).toBe(507);
        expect(declared.body.message).toContain('no room for a file this large');
        // Sent without a length (chunked): the volume fills up while it is written.
        const { boundary, body } = multipartBody([{ name: 'file', fileName: 'big.wav', data: wav(6 * MB) }]);
        const chunked = rawRequest(`${server.url}/api/audio/upload`, 'POST', {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        });
        chunked.write(body); // written before end(): no Content-Length, chunked encoding
        chunked.end();
        const filled = await chunked.response;
        expect(filled.status).toBe(507);
        expect(JSON.parse(filled.body).message).toContain('ran out of disk space');
        expect(await readdir(storage)).toEqual([]);
        expect((await call('POST', '/api/audio/upload', { token, form: audioForm(wav(MB), 'small.wav') })).status).toBe(201);
      } finally {
        await server.close();
        execFileSync('umount', [storage]);
        await rm(storage, { recursive: true, force: true });
      }
    },
  );
});

describe('partial uploads left by a killed server', () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-partial-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('are removed by the storage sweep of any replica once older than any upload can last; fresh ones are kept', async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      AUTO_ACTIVATE_USERS: 'true',
    };
    const killed = startProcess(SERVER_MAIN, { ...env, PORT: String(port) });
    await waitForHttp(`http://127.0.0.1:${port}/health`, killed);
    const { boundary, body } = multipartBody([{ name: 'file', fileName: 'cut.wav', data: wav(4 * MB) }]);
    const request = rawRequest(`http://127.0.0.1:${port}/api/audio/upload`, 'POST', {
      authorization: `Bearer ${signToken({ email: 'h@example.com' })}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': body.length,
    });
    request.write(body.subarray(0, 2 * MB));
    const storage = path.join(dataDir, 'uploads');
    const partials = async () => (await readdir(storage)).filter((name) => name.startsWith('.incoming-'));
    expect(await becomesTrue(async () => (await partials()).length === 1)).toBe(true);
    killed.child.kill('SIGKILL');
    await killed.exited;
    request.destroy();
    const [left] = await partials();

    // Another replica, sharing the storage; an upload of its own is in progress (a fresh partial).
    const replica = await startTestServer({ ...env, UPLOAD_TIMEOUT_SECONDS: '60' }, { database, dataDir });
    try {
      const fresh = `.incoming-${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}-abcd1234`;
      await writeFile(path.join(storage, fresh), 'being written');
      const longAgo = new Date(Date.now() - 10 * 60_000); // older than 60 s + the margin
      await utimes(path.join(storage, left!), longAgo, longAgo);
      const result = await replica.app.get(StorageSweeper).sweep();
      expect(result.partialFilesDeleted).toEqual([left]);
      expect(await partials()).toEqual([fresh]);
    } finally {
      await replica.close();
    }
  });
});
