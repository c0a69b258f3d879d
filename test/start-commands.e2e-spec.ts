import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDatabase } from '@server/database/embedded-postgres.js';
import { TestData } from './support/factories.js';
import { fixturePath, TEST_MODEL } from './support/fixtures.js';
import {
  freePort,
  isRunning,
  ROOT,
  RUNNER_MAIN,
  SERVER_MAIN,
  startProcess,
  stopProcess,
  waitForHttp,
  waitForOutput,
} from './support/processes.js';
import { FAKE_WHISPER, stubWhisperPid } from './support/runners.js';

const JFK = fixturePath('audio/jfk.wav');

describe('start commands (the built apps, as npm run start:* and the Docker images run them)', () => {
  beforeAll(() => {
    if (!existsSync(SERVER_MAIN) || !existsSync(RUNNER_MAIN)) {
      throw new Error('the apps are not built: `npm test` builds them first (pretest)');
    }
  });

  it('server: refuses a bad configuration at boot, listing every problem', async () => {
    const started = startProcess(SERVER_MAIN, { PORT: 'eighty', MAX_ATTEMPTS: '0', DATABASE_URL: 'mysql://x' });
    expect(await started.exited).toBe(1);
    const output = started.output();
    expect(output).toContain('server cannot start');
    for (const name of ['PORT', 'MAX_ATTEMPTS', 'DATABASE_URL']) expect(output).toContain(name);
  });

  it('runner: refuses a bad configuration at boot, listing every problem', async () => {
    const started = startProcess(RUNNER_MAIN, { WHISPER_DEVICE: 'tpu', POLL_INTERVAL_SECONDS: 'often' });
    expect(await started.exited).toBe(1);
    const output = started.output();
    expect(output).toContain('runner cannot start');
    for (const name of ['RUNNER_API_KEY', 'WHISPER_DEVICE', 'POLL_INTERVAL_SECONDS']) expect(output).toContain(name);
  });

  it('server: starts embedded PostgreSQL without DATABASE_URL, serves, and shuts down cleanly on SIGTERM, even with a client polling on keep-alive', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-start-'));
    await chmod(dataDir, 0o755);
    const port = await freePort();
    try {
      const started = startProcess(SERVER_MAIN, { DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'production' });
      await waitForHttp(`http://127.0.0.1:${port}/health`, started);
      expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({
        status: 'healthy',
        service: 'server',
        database: 'up',
      });
      // A client that keeps its connection busy (like a runner polling every 100 ms) must not hold
      // the shutdown open: idle keep-alive connections are closed as soon as they fall idle.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const polling = { on: true };
      const poll = (async () => {
        while (polling.on) {
          await new Promise<void>((resolve) => {
            http
              .get(`http://127.0.0.1:${port}/health`, { agent }, (response) => response.resume().on('end', resolve))
              .on('error', () => resolve());
          });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stopAsked = Date.now();
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
      expect(Date.now() - stopAsked).toBeLessThan(10_000);
      polling.on = false;
      await poll;
      agent.destroy();
      // Postgres was stopped, not abandoned; logs were JSON lines in production.
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
      const lines = started.output().trim().split('\n');
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(started.output()).toContain('PostgreSQL stopped');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a port in use stops either app with one line naming its variable, not a stack trace', async () => {
    const blocker = http.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '0.0.0.0', resolve));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-port-'));
    await chmod(dataDir, 0o755);
    try {
      const runner = startProcess(RUNNER_MAIN, {
        RUNNER_API_KEY: 'test-runner-key-0123456789abcdef',
        RUNNER_PORT: String(port),
        SERVER_URL: 'http://127.0.0.1:9',
        WHISPER_MODEL_PATH: TEST_MODEL,
      });
      expect(await runner.exited).toBe(1);
      expect(runner.output()).toContain(
        `RUNNER_PORT=${port} is already in use by another program: stop it, or set RUNNER_PORT to a free port`,
      );
      expect(runner.output()).not.toMatch(/\n\s+at /); // no stack trace
      const server = startProcess(SERVER_MAIN, { DATA_DIR: dataDir, PORT: String(port) });
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain(`PORT=${port} is already in use by another program: stop it, or set PORT to a free port`);
      expect(server.output()).not.toMatch(/\n\s+at /);
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false); // its PostgreSQL was stopped again
    } finally {
      blocker.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('runner: stops at boot with a clear message when there is no model', async () => {
    const modelDir = await mkdtemp(path.join(os.tmpdir(), 'ws-models-'));
    try {
      const started = startProcess(RUNNER_MAIN, {
        RUNNER_API_KEY: 'test-runner-key-0123456789abcdef',
        WHISPER_MODEL: 'tiny.en',
        WHISPER_MODEL_DIR: modelDir,
        WHISPER_MODEL_URL: 'http://127.0.0.1:9/models', // nothing listens there
      });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain('no whisper model');
      expect(started.output()).toContain('WHISPER_MODEL_PATH');
    } finally {
      await rm(modelDir, { recursive: true, force: true });
    }
  });

  it('runner: boots, serves /health on RUNNER_PORT and keeps polling an unreachable server', async () => {
    const port = await freePort();
    const started = startProcess(RUNNER_MAIN, {
      RUNNER_API_KEY: 'test-runner-key-0123456789abcdef',
      RUNNER_PORT: String(port),
      RUNNER_ID: 'runner-under-test',
      SERVER_URL: 'http://127.0.0.1:9',
      POLL_INTERVAL_SECONDS: '0.2',
      WHISPER_MODEL_PATH: TEST_MODEL,
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health`, started);
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({
        status: 'healthy',
        service: 'runner',
        runner_id: 'runner-under-test',
        active_jobs: [],
        last_successful_poll: null,
        whisper: { device: 'cpu', model: TEST_MODEL, version: expect.any(String) },
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(started.output()).toContain('polling http://127.0.0.1:9');
      expect(started.output()).toMatch(/unavailable.*retrying in/);
      expect(started.child.exitCode).toBeNull();
    } finally {
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
    }
  });
});

describe('npm start (scripts/start-local.mjs)', () => {
  it('runs server + runner + embedded PostgreSQL together, transcribes an upload with the printed token, stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-local-'));
    await chmod(dataDir, 0o755);
    const [port, runnerPort] = [await freePort(), await freePort()];
    const started = startProcess(path.join(ROOT, 'scripts/start-local.mjs'), {
      DATA_DIR: dataDir,
      PORT: String(port),
      RUNNER_PORT: String(runnerPort),
      WHISPER_MODEL_PATH: TEST_MODEL,
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health`, started, 60_000);
      await waitForHttp(`http://127.0.0.1:${runnerPort}/health`, started, 60_000);
      await waitForOutput(started, 'whisper-summarizer is running');
      // The printed curl line's token works: upload a clip and see it through to completed.
      const token = /curl -H "Authorization: Bearer (\S+)"/.exec(started.output())![1]!;
      // The web app's sign-in link comes first, with the same token in its fragment.
      const signIn = started.output().indexOf(`http://localhost:${port}/#token=${token}`);
      expect(signIn).toBeGreaterThan(-1);
      expect(signIn).toBeLessThan(started.output().indexOf('curl -H'));
      const form = new FormData();
      form.append('file', new Blob([readFileSync(JFK)]), 'jfk.wav');
      const headers = { authorization: `Bearer ${token}` };
      const created = (await (
        await fetch(`http://127.0.0.1:${port}/api/audio/upload`, { method: 'POST', headers, body: form })
      ).json()) as {
        id: string;
      };
      let status = '';
      const deadline = Date.now() + 60_000;
      while (status !== 'completed' && status !== 'failed' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        status = (
          (await (await fetch(`http://127.0.0.1:${port}/api/transcriptions/${created.id}`, { headers })).json()) as {
            status: string;
          }
        ).status;
      }
      expect(status).toBe('completed');
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(existsSync(path.join(dataDir, 'runner-api-key'))).toBe(true);
    } finally {
      await stopProcess(started);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('stopping npm start as a person does', () => {
  let dataDir: string;
  let pidDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-ctrl-c-'));
    pidDir = await mkdtemp(path.join(os.tmpdir(), 'ws-ctrl-c-pids-'));
    await chmod(dataDir, 0o755);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(pidDir, { recursive: true, force: true });
  });

  /** `npm start` (without its build step) in a process group of its own, as a terminal runs it. */
  async function npmStart(): Promise<{ npm: ChildProcess; output: () => string; exited: Promise<void>; port: number }> {
    const [port, runnerPort] = [await freePort(), await freePort()];
    const npm = spawn('npm', ['start', '--ignore-scripts'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        DATA_DIR: dataDir,
        PORT: String(port),
        RUNNER_PORT: String(runnerPort),
        POLL_INTERVAL_SECONDS: '0.3',
        SHUTDOWN_GRACE_SECONDS: '1',
        WHISPER_MODEL_PATH: TEST_MODEL,
        WHISPER_CLI_PATH: FAKE_WHISPER,
        FAKE_WHISPER_DELAY_MS: '60000',
        FAKE_WHISPER_PID_DIR: pidDir,
      },
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    const started = { child: npm, output: () => output, exited: exited.then(() => npm.exitCode) };
    await waitForOutput(started, 'whisper-summarizer is running', 90_000);
    return { npm, output: () => output, exited, port };
  }

  /** Uploads a clip and waits until the stand-in whisper is transcribing it; returns the job id and whisper's pid. */
  async function jobInWhisper(port: number, output: string): Promise<{ id: string; whisperPid: number }> {
    const token = /curl -H "Authorization: Bearer (\S+)"/.exec(output)![1]!;
    const form = new FormData();
    form.append('file', new Blob([readFileSync(JFK)]), 'jfk.wav');
    const response = await fetch(`http://127.0.0.1:${port}/api/audio/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const { id } = (await response.json()) as { id: string };
    return { id, whisperPid: await stubWhisperPid(pidDir) };
  }

  /** A job as the database holds it, read after everything has stopped (PostgreSQL started for the read). */
  async function jobRow(id: string): Promise<{ status: string; attempts: number; errorMessage: string | null }> {
    const database = new EmbeddedDatabase(dataDir);
    const data = await TestData.open(await database.start());
    try {
      const { status, attempts, errorMessage } = await data.transcription(id);
      return { status, attempts, errorMessage };
    } finally {
      await data.close();
      await database.stop();
    }
  }

  it('Ctrl-C (SIGINT to the whole process group) mid-job: the job goes back to the queue unspent, whisper is stopped by the runner, PostgreSQL stops last', async () => {
    const started = await npmStart();
    const { id, whisperPid } = await jobInWhisper(started.port, started.output());
    expect(isRunning(whisperPid)).toBe(true);
    process.kill(-started.npm.pid!, 'SIGINT');
    await started.exited;
    expect(isRunning(whisperPid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(started.output()).toContain('PostgreSQL stopped');
    expect(await jobRow(id)).toEqual({ status: 'pending', attempts: 0, errorMessage: expect.stringContaining('shut down') });
  }, 150_000);

  it('kill -TERM of npm’s process alone: everything stops, PostgreSQL included', async () => {
    const started = await npmStart();
    const { id } = await jobInWhisper(started.port, started.output());
    process.kill(started.npm.pid!, 'SIGTERM');
    await started.exited;
    const stoppedBy = Date.now() + 30_000;
    while (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')) && Date.now() < stoppedBy) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    await expect(fetch(`http://127.0.0.1:${started.port}/health`)).rejects.toThrow();
    expect(await jobRow(id)).toMatchObject({ status: 'pending', attempts: 0 });
  }, 150_000);
});
