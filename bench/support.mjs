// What the benchmark scripts share: a PostgreSQL (DATABASE_URL or embedded), the built server as
// a process, free ports. They run the built apps (npm run build first), like production does.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const RUNNER_KEY = randomBytes(24).toString('hex');

export const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Runs `work` with the URL of a fresh database on DATABASE_URL's server, or on an embedded one. */
export async function withDatabase(work) {
  let embedded;
  let dataDir;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const { Logger } = await import('@nestjs/common');
    Logger.overrideLogger(['error']);
    const { EmbeddedDatabase } = await import(path.join(ROOT, 'dist/apps/server/src/database/embedded-postgres.js'));
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-bench-'));
    await chmod(dataDir, 0o755);
    embedded = new EmbeddedDatabase(dataDir);
    baseUrl = await embedded.start();
  }
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/** A built app as a child process; resolves once `healthUrl` answers. */
export async function startApp(main, env, healthUrl, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, main)], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${main} exited with ${child.exitCode}`);
    try {
      if ((await fetch(healthUrl)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    child,
    stop: () =>
      new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))),
  };
}

/** The built server on `databaseUrl`, with its own data directory (removed on stop). */
export async function startServer(databaseUrl, env = {}) {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-bench-data-'));
  const url = `http://127.0.0.1:${port}`;
  const app = await startApp(
    'dist/apps/server/src/main.js',
    { DATABASE_URL: databaseUrl, PORT: String(port), RUNNER_API_KEY: RUNNER_KEY, DATA_DIR: dataDir, ...env },
    `${url}/health`,
    process.env.BENCH_SERVER_NODE_ARGS?.split(' ') ?? [],
  );
  return {
    url,
    dataDir,
    child: app.child,
    stop: async () => {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An access token for `email`, signed with the local secret of the server in `dataDir`. */
export function tokenFor(dataDir, email = 'bench@localhost') {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist/apps/server/src/cli/token.js'), '--email', email], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir },
    encoding: 'utf8',
  }).trim();
}

/** A 16 kHz mono WAV of a quiet tone, `seconds` long. */
export function toneWav(seconds = 1) {
  const samples = Math.round(16000 * seconds);
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'latin1');
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVEfmt ', 8, 'latin1');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(16000, 24);
  buffer.writeUInt32LE(32000, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'latin1');
  buffer.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buffer.writeInt16LE(Math.round(1000 * Math.sin(i / 8)), 44 + i * 2);
  return buffer;
}

/** Resident memory (kB) of a process and all its descendants, from /proc. */
export function treeRssKb(rootPid) {
  const children = new Map();
  const rss = new Map();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, ppid, kb] = line.trim().split(/\s+/).map(Number);
    rss.set(pid, kb);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export const peakRssKb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

/** Seconds whisper-cli (`binary`) alone takes to transcribe `wav` with `model` on `threads` threads. */
export function timeWhisperCli(binary, model, wav, threads) {
  const started = performance.now();
  const result = spawnSync(binary, ['-m', model, '-f', wav, '-l', 'en', '-t', String(threads), '-np'], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error('whisper-cli failed');
  return (performance.now() - started) / 1000;
}

/** The built server and one runner (`runnerEnv`: its model, threads and other settings) for `work`. */
export async function withPipeline(databaseUrl, runnerEnv, work) {
  const server = await startServer(databaseUrl, { UPLOAD_RATE_LIMIT: '0', MAX_UPLOAD_MB: '2048' });
  const runnerPort = await freePort();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'ws-bench-runner-'));
  const runner = await startApp(
    'dist/apps/runner/src/main.js',
    {
      SERVER_URL: server.url,
      RUNNER_API_KEY: RUNNER_KEY,
      RUNNER_PORT: String(runnerPort),
      MAX_CONCURRENT_JOBS: '1',
      WORK_DIR: workDir,
      ...runnerEnv,
    },
    `http://127.0.0.1:${runnerPort}/health`,
  );
  const token = tokenFor(server.dataDir);
  try {
    return await work({ server, runner, token });
  } finally {
    await runner.stop();
    await server.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Upload → completed, in seconds, as a user watching the job's events sees it (the event stream
 * says "completed" the moment the result is stored); samples the runner's process tree memory meanwhile.
 */
export async function transcribeOnce({ server, runner, token }, file) {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), path.basename(file));
  let treePeak = 0;
  const sampler = setInterval(() => (treePeak = Math.max(treePeak, treeRssKb(runner.child.pid))), 200);
  const headers = { authorization: `Bearer ${token}` };
  const events = new AbortController();
  const stream = await fetch(`${server.url}/api/events`, { headers, signal: events.signal });
  const reader = stream.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const read = async () => {
    const { value } = await reader.read();
    buffer += decoder.decode(value, { stream: true });
  };
  while (!buffer.includes('event: ready')) await read();
  const started = performance.now();
  const created = await (await fetch(`${server.url}/api/audio/upload`, { method: 'POST', headers, body: form })).json();
  const finished = new RegExp(`"id":"${created.id}"[^\\n]*"status":"(completed|failed)"`);
  let outcome;
  while (!(outcome = finished.exec(buffer))) await read();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  events.abort();
  const job = await (await fetch(`${server.url}/api/transcriptions/${created.id}`, { headers })).json();
  if (outcome[1] === 'failed') throw new Error(`the job failed: ${job.error_message}`);
  return { seconds, treePeakMb: treePeak / 1024, duration: job.duration_seconds, job };
}
