import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedDatabase } from '@server/database/embedded-postgres.js';
import { apiClient, audioForm, makeWav } from './support/api.js';
import { freePort, ROOT, SERVER_MAIN, type Started, startProcess, stopProcess, waitForHttp } from './support/processes.js';
import { TEST_RUNNER_KEY } from './support/server.js';
import { becomesTrue } from './support/wait.js';

const run = promisify(execFile);
const TOKEN_MAIN = path.join(ROOT, 'dist/apps/server/src/cli/token.js');
const RUNNER = { authorization: `Bearer ${TEST_RUNNER_KEY}` };

/** What no error body may carry: driver messages, internal addresses, ports. */
function expectOutageAnswer(response: { status: number; headers: Headers; body: unknown }): void {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const text = JSON.stringify(response.body);
  expect(text).toContain('the database is unavailable');
  expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|timeout exceeded|Connection terminated|:\d{4,5}/);
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

/** The processes whose parent is `pid` (Linux). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so read after the last ")".
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('the embedded database dies (the built server as a process)', () => {
  let dataDir: string;
  let server: Started | undefined;
  let url: string;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-outage-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    if (server) await stopProcess(server);
    await rm(dataDir, { recursive: true, force: true });
  });

  const postmasterPid = () => Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const boot = async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = startProcess(SERVER_MAIN, {
      DATA_DIR: dataDir,
      PORT: String(port),
      RUNNER_API_KEY: TEST_RUNNER_KEY,
      LEASE_SECONDS: '2',
    });
    await waitForHttp(`${url}/health`, server, 60_000);
    token = (
      await run(process.execPath, [TOKEN_MAIN, '--email', 'outage@example.com'], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir },
      })
    ).stdout.trim();
  };

  it('SIGKILL of PostgreSQL: 503 with Retry-After everywhere meanwhile, then the supervisor restarts it and the server carries on', async () => {
    await boot();
    const call = apiClient(url);
    expect((await call('GET', '/api/transcriptions', { token })).status).toBe(200);

    process.kill(postmasterPid(), 'SIGKILL');
    const [list, claim, health] = await Promise.all([
      call('GET', '/api/transcriptions', { token }),
      call('POST', '/api/runner/jobs/claim', { headers: RUNNER, json: { runner_id: 'r1' } }),
      call('GET', '/health'),
    ]);
    expectOutageAnswer(list);
    expectOutageAnswer(claim);
    expect(health.status).toBe(503);

    expect(await becomesTrue(async () => (await call('GET', '/api/transcriptions', { token })).status === 200, 30_000)).toBe(
      true,
    );
    expect((await call('GET', '/health')).status).toBe(200);
    const upload = await call('POST', '/api/audio/upload', { token, form: audioForm(makeWav(2000), 'after.wav') });
    expect(upload.status).toBe(201);
    // The supervisor says so once its own probe gets through, which may be just after the app's pool.
    expect(await becomesTrue(() => Promise.resolve(server!.output().includes('PostgreSQL is running again')), 10_000)).toBe(true);
    const output = server!.output();
    expect(occurrences(output, 'PostgreSQL exited unexpectedly')).toBe(1);
    expect(occurrences(output, 'PostgreSQL is running again')).toBe(1);
    expect(occurrences(output, 'lease sweep failed')).toBeLessThanOrEqual(1);
  }, 90_000);

  it('SIGKILL of the server: PostgreSQL, in its own process group, is left running; the next start stops it and starts afresh', async () => {
    const orphan = postmasterPid();
    server!.child.kill('SIGKILL');
    await server!.exited;
    expect(() => process.kill(orphan, 0)).not.toThrow();
    await boot();
    expect(() => process.kill(orphan, 0)).toThrow();
    expect(server!.output()).toContain('left running by a previous run');
    const list = await apiClient(url)('GET', '/api/transcriptions', { token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { file_name: string }) => item.file_name)).toEqual(['after.wav']);
    server!.child.kill('SIGTERM');
    expect(await server!.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    server = undefined;
  }, 90_000);
});

describe('an external database (DATABASE_URL) restarts or freezes', () => {
  let dataDir: string;
  let database: EmbeddedDatabase;
  let server: Started;
  let url: string;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-external-'));
    await chmod(dataDir, 0o755);
    database = new EmbeddedDatabase(path.join(dataDir, 'db'));
    const databaseUrl = await database.start();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, RUNNER_API_KEY: TEST_RUNNER_KEY, PORT: String(port) };
    server = startProcess(SERVER_MAIN, {
      ...env,
      LEASE_SECONDS: '2',
      DATABASE_QUERY_TIMEOUT_SECONDS: '1',
      DATABASE_CONNECT_TIMEOUT_SECONDS: '1',
    });
    await waitForHttp(`${url}/health`, server, 60_000);
    token = (
      await run(process.execPath, [TOKEN_MAIN, '--email', 'external@example.com'], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir },
      })
    ).stdout.trim();
  }, 90_000);
  afterAll(async () => {
    await stopProcess(server);
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stopped for a few seconds: 503s meanwhile, then served again without a server restart; the sweeps log once each way', async () => {
    const call = apiClient(url);
    expect((await call('GET', '/api/transcriptions', { token })).status).toBe(200);
    await database.stop();
    expectOutageAnswer(await call('GET', '/api/transcriptions', { token }));
    expectOutageAnswer(await call('POST', '/api/runner/jobs/claim', { headers: RUNNER, json: { runner_id: 'r1' } }));
    expectOutageAnswer(await call('POST', '/api/audio/upload', { token, form: audioForm(makeWav(2000), 'during.wav') }));
    await new Promise((resolve) => setTimeout(resolve, 3000)); // several lease sweeps fail meanwhile
    await database.start();
    expect(await becomesTrue(async () => (await call('GET', '/api/transcriptions', { token })).status === 200, 30_000)).toBe(
      true,
    );
    expect(await becomesTrue(() => Promise.resolve(server.output().includes('lease sweep works again')), 5000)).toBe(true);
    expect(occurrences(server.output(), 'lease sweep failed')).toBe(1);
    expect(server.child.exitCode).toBeNull();
  }, 60_000);

  it('frozen (SIGSTOP): requests fail fast with 503 instead of hanging, and work again once it resumes', async () => {
    const call = apiClient(url);
    expect((await call('GET', '/api/transcriptions', { token })).status).toBe(200);
    // PostgreSQL's backends each call setsid(): freeze the postmaster and every child by pid.
    const frozen = [database.pid!, ...childrenOf(database.pid!)];
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      for (const request of [
        () => call('GET', '/api/transcriptions', { token }),
        () => call('POST', '/api/runner/jobs/claim', { headers: RUNNER, json: { runner_id: 'r1' } }),
        () => call('POST', '/api/audio/upload', { token, form: audioForm(makeWav(2000), 'frozen.wav') }),
      ]) {
        const started = Date.now();
        expectOutageAnswer(await request());
        expect(Date.now() - started).toBeLessThan(5000);
      }
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    expect(await becomesTrue(async () => (await call('GET', '/api/transcriptions', { token })).status === 200, 30_000)).toBe(
      true,
    );
  }, 60_000);
});
