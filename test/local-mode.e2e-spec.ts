import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiClient } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import {
  freePort,
  ROOT,
  SERVER_MAIN,
  type Started,
  startProcess,
  stopProcess,
  waitForHttp,
  waitForOutput,
} from './support/processes.js';

const run = promisify(execFile);
const TOKEN_MAIN = path.join(ROOT, 'dist/apps/server/src/cli/token.js');
const MB = 1024 * 1024;

/** Peak resident memory of a process so far (Linux), in bytes. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Streams a multipart upload of a `size`-byte WAV without ever holding it in memory. */
function streamUpload(url: string, token: string, size: number): Promise<{ status: number; body: string }> {
  const boundary = 'x-boundary-7d3f';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="long.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const wavHeader = Buffer.alloc(44);
  wavHeader.write('RIFF', 0, 'latin1');
  wavHeader.writeUInt32LE(size - 8, 4);
  wavHeader.write('WAVEfmt ', 8, 'latin1');
  const chunk = Buffer.alloc(MB, 1);
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/api/audio/upload`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + size + tail.length,
      },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (data: Buffer) => (body += data.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    let sent = 0;
    const pump = () => {
      if (sent === 0) {
        request.write(head);
        request.write(wavHeader);
        sent = wavHeader.length;
      }
      while (sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!request.write(piece)) return request.once('drain', pump);
      }
      request.end(tail);
    };
    pump();
  });
}

// Local mode: no Supabase project. The server keeps its own secret in DATA_DIR, and
// `npm run token` (dist/apps/server/src/cli/token.js) signs tokens the server accepts.
describe('local auth mode, token command and streaming upload (the built server as a process)', () => {
  let dataDir: string;
  let database: TestDatabase;
  let server: Started;
  let url: string;

  const token = async (...args: string[]) =>
    (await run(process.execPath, [TOKEN_MAIN, ...args], { env: { PATH: process.env.PATH, DATA_DIR: dataDir } })).stdout.trim();

  /** The built server on the test database, in local auth mode. */
  async function startServer(env: Record<string, string> = {}): Promise<{ server: Started; url: string }> {
    const port = await freePort();
    const started = startProcess(SERVER_MAIN, {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      PORT: String(port),
      MAX_UPLOAD_MB: '2048',
      LOG_LEVEL: 'warn',
      ...env,
    });
    await waitForHttp(`http://127.0.0.1:${port}/health`, started);
    return { server: started, url: `http://127.0.0.1:${port}` };
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-local-'));
    await chmod(dataDir, 0o755);
    database = await createTestDatabase();
    ({ server, url } = await startServer());
  });

  afterAll(async () => {
    await stopProcess(server);
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('npm run token signs tokens the server accepts: --admin makes an active admin, others are auto-activated', async () => {
    const call = apiClient(url);
    const admin = await call('GET', '/api/users/me', { token: await token('--email', 'Me@Example.com', '--admin') });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ email: 'me@example.com', is_admin: true, is_active: true });
    const again = await call('GET', '/api/users/me', { token: await token('--email', 'me@example.com') });
    expect(again.body.id).toBe(admin.body.id); // the same e-mail is the same user
    const guest = await call('GET', '/api/users/me', { token: await token('--email', 'guest@example.com') });
    expect(guest.body).toMatchObject({ is_admin: false, is_active: true });
    expect((await call('GET', '/api/admin/users', { token: await token('--email', 'guest@example.com') })).status).toBe(403);
  });

  it('a request id reaches the service logs: a line logged on a request’s behalf carries it', async () => {
    const { server: logged, url: loggedUrl } = await startServer({ LOG_FORMAT: 'json', LOG_LEVEL: 'log' });
    try {
      const call = apiClient(loggedUrl);
      const owner = await token('--email', 'traced@example.com');
      const form = new FormData();
      form.append('file', new Blob([Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'), Buffer.alloc(100)])]), 'x.wav');
      const created = await call('POST', '/api/audio/upload', { token: owner, form });
      const deleted = await call('DELETE', `/api/transcriptions/${created.body.id}`, {
        token: owner,
        headers: { 'x-request-id': 'trace-delete-7' },
      });
      expect(deleted.status).toBe(204);
      await waitForOutput(logged, /"context":"HTTP","request_id":"trace-delete-7"/); // the access line, written last
      const lines = logged
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toContainEqual(
        expect.objectContaining({
          context: 'TranscriptionsService',
          request_id: 'trace-delete-7',
          message: expect.stringContaining('deleted'),
        }),
      );
      expect(lines).toContainEqual(expect.objectContaining({ context: 'HTTP', request_id: 'trace-delete-7' }));
    } finally {
      await stopProcess(logged);
    }
  });

  it('npm run token refuses bad arguments with its usage', async () => {
    await expect(token('--email', 'not-an-email')).rejects.toMatchObject({ stderr: expect.stringContaining('usage:') });
    await expect(token('--bogus')).rejects.toMatchObject({ code: 1 });
  });

  it('leaves no file and no row behind when the client drops the connection mid-upload', async () => {
    const storage = path.join(dataDir, 'uploads');
    const filesBefore = await readdir(storage);
    const request = http.request(`${url}/api/audio/upload`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token('--email', 'flaky@example.com')}`,
        'content-type': 'multipart/form-data; boundary=b',
        'content-length': 100 * MB,
      },
    });
    request.on('error', () => undefined);
    request.write('--b\r\nContent-Disposition: form-data; name="file"; filename="cut.wav"\r\n\r\nRIFF\0\0\0\0WAVEfmt ');
    request.write(Buffer.alloc(4 * MB, 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    request.destroy();
    const deadline = Date.now() + 5000;
    while ((await readdir(storage)).length !== filesBefore.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await readdir(storage)).sort()).toEqual(filesBefore.sort());
    const listed = await apiClient(url)('GET', '/api/transcriptions', { token: await token('--email', 'flaky@example.com') });
    expect(listed.body.total).toBe(0);
  });

  it('streams a 400 MB upload to disk with flat memory', async () => {
    const size = 400 * MB;
    const pid = server.child.pid!;
    const before = await peakRss(pid);
    const response = await streamUpload(url, await token('--email', 'big@example.com'), size);
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ file_size: size, content_type: 'audio/wav' });
    const growth = (await peakRss(pid)) - before;
    expect(growth).toBeLessThan(64 * MB);
  }, 120_000);

  it('on SIGTERM finishes an upload in flight, then exits 0', async () => {
    // A server of its own: this test stops it.
    const { server, url } = await startServer();
    const boundary = 'b';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.wav"\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const audio = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'), Buffer.alloc(2 * MB, 1)]);
    const authorization = `Bearer ${await token('--email', 'slow@example.com')}`;
    const response = new Promise<number>((resolve, reject) => {
      const request = http.request(`${url}/api/audio/upload`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': Buffer.byteLength(head) + audio.length + Buffer.byteLength(tail),
        },
      });
      request.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', reject);
      request.write(head);
      request.write(audio.subarray(0, MB));
      // The server is told to stop while the body is still coming.
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => request.end(Buffer.concat([audio.subarray(MB), Buffer.from(tail)])), 500);
      }, 300);
    });
    expect(await response).toBe(201);
    expect(await server.exited).toBe(0);
  });
});
