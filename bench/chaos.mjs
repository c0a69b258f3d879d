#!/usr/bin/env node
// `npm run chaos -- --minutes N`: the whole system under fire, on loopback only. Uploads arrive at
// a steady rate while, at random moments (one at a time, a few seconds apart), a runner is
// SIGKILLed or stopped and started again, the server is SIGKILLed or stopped and started again,
// and PostgreSQL is killed (its supervisor restarts it) or stopped and started again. Then
// everything is left to settle, and the outcome is counted from the database, the disk and the
// runners' logs:
//   uploaded · completed exactly once · failed with a reason · lost (must be 0) ·
//   completed more than once (must be 0) · orphan files and partial uploads left (must be 0) ·
//   the server's memory from start to end.
// Options: --minutes 10 --upload-every-ms 1500 --event-every-s 20 --seed <number>
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort, machine, ROOT, RUNNER_KEY } from './support.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'upload-every-ms': { type: 'string', default: '1500' },
    'event-every-s': { type: 'string', default: '20' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    keep: { type: 'boolean', default: false },
  },
});
const MINUTES = Number(values.minutes);
const UPLOAD_EVERY_MS = Number(values['upload-every-ms']);
const EVENT_EVERY_MS = Number(values['event-every-s']) * 1000;
const SETTLE_TIMEOUT_MS = 6 * 60_000;

// A small deterministic random generator, so a run can be repeated with --seed.
let state = Number(values.seed) >>> 0 || 1;
const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const pick = (items) => items[Math.floor(random() * items.length)];
const between = (low, high) => low + random() * (high - low);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const groupBy = (items, key) => {
  const groups = new Map();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};
const log = (message) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}`);

const FAKE_WHISPER = path.join(ROOT, 'test/support/fake-whisper-cli.mjs');
const TEST_MODEL = path.join(ROOT, 'test/fixtures/models/for-tests-ggml-tiny.en.bin');
const CLIP = readFileSync(path.join(ROOT, 'test/fixtures/audio/jfk.wav'));

const work = await mkdtemp(path.join(os.tmpdir(), 'ws-chaos-'));
await chmod(work, 0o755);
const dataDir = path.join(work, 'server');
const logDir = path.join(work, 'logs');
await mkdir(logDir, { recursive: true });
log(`seed ${values.seed}; ${MINUTES} min; logs in ${logDir}`);

// --- PostgreSQL, owned by this script (the server reaches it through DATABASE_URL) -------------
const { Logger } = await import('@nestjs/common');
Logger.overrideLogger(['error', 'warn', 'log']);
const { EmbeddedDatabase } = await import(path.join(ROOT, 'dist/apps/server/src/database/embedded-postgres.js'));
const database = new EmbeddedDatabase(path.join(work, 'db'));
const databaseUrl = await database.start();

// --- processes ------------------------------------------------------------------------------
function launch(name, main, env) {
  const out = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [path.join(ROOT, main)], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'log', LOG_FORMAT: 'pretty', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  return child;
}

async function waitHealthy(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await sleep(200);
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms`);
}

async function stop(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  await child.exited;
  clearTimeout(timer);
}

const serverPort = await freePort();
const serverUrl = `http://127.0.0.1:${serverPort}`;
const serverEnv = {
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  PORT: String(serverPort),
  RUNNER_API_KEY: RUNNER_KEY,
  UPLOAD_RATE_LIMIT: '0',
  LEASE_SECONDS: '8',
  MAX_ATTEMPTS: '5',
  UPLOAD_TIMEOUT_SECONDS: '30',
  STORAGE_SWEEP_SECONDS: '10',
  DATABASE_QUERY_TIMEOUT_SECONDS: '5',
  DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
  MIN_FREE_DISK_MB: '0',
};
let server;
const rss = []; // { incarnation, at, kb }
let incarnation = 0;
async function startServer() {
  incarnation += 1;
  server = launch('server', 'dist/apps/server/src/main.js', serverEnv);
  await waitHealthy(`${serverUrl}/health`, server);
}
function sampleServerRss() {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]);
    rss.push({ incarnation, at: Date.now(), kb });
  } catch {
    // between incarnations
  }
}

const RUNNERS = [
  { id: 'chaos-real', env: { WHISPER_MODEL_PATH: TEST_MODEL, WHISPER_THREADS: '1' } },
  { id: 'chaos-fake-a', env: { WHISPER_MODEL_PATH: TEST_MODEL, WHISPER_CLI_PATH: FAKE_WHISPER, FAKE_WHISPER_DELAY_MS: '2500' } },
  { id: 'chaos-fake-b', env: { WHISPER_MODEL_PATH: TEST_MODEL, WHISPER_CLI_PATH: FAKE_WHISPER, FAKE_WHISPER_DELAY_MS: '4000' } },
];
const runners = new Map();
async function startRunner(spec) {
  const port = await freePort();
  const child = launch(spec.id, 'dist/apps/runner/src/main.js', {
    SERVER_URL: serverUrl,
    RUNNER_API_KEY: RUNNER_KEY,
    RUNNER_ID: spec.id,
    RUNNER_PORT: String(port),
    WORK_DIR: path.join(work, 'scratch'),
    POLL_INTERVAL_SECONDS: '1',
    HEARTBEAT_INTERVAL_SECONDS: '2',
    SHUTDOWN_GRACE_SECONDS: '2',
    MAX_CONCURRENT_JOBS: '2',
    ...spec.env,
  });
  runners.set(spec.id, child);
  await waitHealthy(`http://127.0.0.1:${port}/health`, child);
}

await startServer();
const token = await new Promise((resolve, reject) => {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'dist/apps/server/src/cli/token.js'), '--email', 'chaos@example.com', '--admin', '--hours', '48'],
    {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir },
    },
  );
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error('token command failed'))));
});
for (const spec of RUNNERS) await startRunner(spec);
sampleServerRss();
log('server, 3 runners and PostgreSQL are up');

// --- uploads ----------------------------------------------------------------------------------
const uploads = { answered: new Map(), refused: new Map(), sent: 0 };
let uploading = true;
const uploader = (async () => {
  while (uploading) {
    const name = `chaos-${randomUUID()}.wav`;
    uploads.sent += 1;
    const form = new FormData();
    form.append('file', new Blob([CLIP]), name);
    try {
      const response = await fetch(`${serverUrl}/api/audio/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
        signal: AbortSignal.timeout(30_000),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 201) uploads.answered.set(body.id, name);
      else uploads.refused.set(name, response.status);
    } catch (error) {
      uploads.refused.set(name, error.cause?.code ?? error.name);
    }
    await sleep(UPLOAD_EVERY_MS);
  }
})();

// --- the events -------------------------------------------------------------------------------
const events = [];
const EVENTS = {
  'runner SIGKILL': async () => {
    const spec = pick(RUNNERS);
    await stop(runners.get(spec.id), 'SIGKILL');
    await sleep(between(500, 5000));
    await startRunner(spec);
    return spec.id;
  },
  'runner SIGTERM': async () => {
    const spec = pick(RUNNERS);
    await stop(runners.get(spec.id), 'SIGTERM');
    await sleep(between(500, 3000));
    await startRunner(spec);
    return spec.id;
  },
  'server SIGKILL': async () => {
    sampleServerRss();
    await stop(server, 'SIGKILL');
    await sleep(between(500, 5000));
    await startServer();
  },
  'server SIGTERM': async () => {
    sampleServerRss();
    await stop(server, 'SIGTERM');
    await sleep(between(500, 3000));
    await startServer();
  },
  'PostgreSQL SIGKILL': async () => {
    process.kill(database.pid, 'SIGKILL'); // the supervisor starts it again
    await sleep(between(3000, 8000));
  },
  'PostgreSQL restart': async () => {
    await database.stop();
    await sleep(between(1000, 6000));
    await database.start();
  },
};
const rssTimer = setInterval(sampleServerRss, 5000);
const until = Date.now() + MINUTES * 60_000;
while (Date.now() < until) {
  await sleep(Math.min(until - Date.now(), between(EVENT_EVERY_MS / 2, (EVENT_EVERY_MS * 3) / 2)));
  if (Date.now() >= until) break;
  const name = pick(Object.keys(EVENTS));
  const detail = await EVENTS[name]();
  events.push(name);
  log(`${name}${detail ? ` (${detail})` : ''}; ${uploads.answered.size} uploads stored so far`);
}
uploading = false;
await uploader;
log(`chaos over after ${events.length} events; letting the queue settle`);

// --- settle -----------------------------------------------------------------------------------
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const settleBy = Date.now() + SETTLE_TIMEOUT_MS;
for (;;) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM transcriptions WHERE status IN ('pending', 'processing')`);
  if (rows[0].n === 0 || Date.now() > settleBy) break;
  await sleep(2000);
}
// The storage sweep removes what crashes left (partial uploads after UPLOAD_TIMEOUT_SECONDS,
// files without a row after the orphan grace): wait out both, plus a sweep.
const graceMs = (30 + 60) * 1000 + 15_000;
log(`queue settled; waiting ${graceMs / 1000} s for the storage sweep`);
await sleep(graceMs);
sampleServerRss();
clearInterval(rssTimer);

// --- count ------------------------------------------------------------------------------------
const { rows } = await db.query(
  `SELECT id, file_name, status, error_message, file_path FROM transcriptions WHERE file_name LIKE 'chaos-%'`,
);
const byId = new Map(rows.map((row) => [row.id, row]));
const perName = new Map();
for (const row of rows) perName.set(row.file_name, (perName.get(row.file_name) ?? 0) + 1);

const completions = new Map();
for (const spec of RUNNERS) {
  const text = readFileSync(path.join(logDir, `${spec.id}.log`), 'utf8');
  for (const match of text.matchAll(/job ([0-9a-f-]{36}): completed in/g))
    completions.set(match[1], (completions.get(match[1]) ?? 0) + 1);
}

const answered = [...uploads.answered.keys()];
const completedOnce = answered.filter((id) => byId.get(id)?.status === 'completed' && completions.get(id) === 1);
const completedTwice = rows.filter((row) => (completions.get(row.id) ?? 0) > 1);
const failedWithReason = answered.filter((id) => byId.get(id)?.status === 'failed' && byId.get(id).error_message);
const lost = answered.filter((id) => !completedOnce.includes(id) && !failedWithReason.includes(id));
const duplicateRows = [...perName.values()].filter((count) => count > 1).length;
const storedUnanswered = rows.filter((row) => !uploads.answered.has(row.id));

const storage = path.join(dataDir, 'uploads');
const files = await readdir(storage);
const referenced = new Set(rows.filter((row) => row.file_path !== null).map((row) => row.id));
const partials = files.filter((name) => name.startsWith('.incoming-'));
const orphans = files.filter((name) => !name.startsWith('.incoming-') && !referenced.has(name));
const scratchLeft = (await readdir(path.join(work, 'scratch'), { recursive: true }).catch(() => [])).filter((name) =>
  /[0-9a-f-]{36}-[0-9a-f]{8}/.test(name),
);

const first = rss.filter((sample) => sample.incarnation === rss[0].incarnation);
const last = rss.filter((sample) => sample.incarnation === incarnation);
const longest = [...groupBy(rss, (sample) => sample.incarnation).values()].sort(
  (x, y) => y.at(-1).at - y[0].at - (x.at(-1).at - x[0].at),
)[0];
const mb = (kb) => `${Math.round(kb / 1024)} MB`;

const eventCounts = [...groupBy(events, (name) => name)].map(([name, list]) => `${name} ×${list.length}`);
console.log(`
chaos run: ${MINUTES} min, seed ${values.seed}, ${machine()}
events (${events.length}): ${eventCounts.join(', ')}

| | count |
|---|---|
| upload requests sent | ${uploads.sent} |
| uploads answered 201 | ${answered.length} |
| uploads refused or cut off (503, connection refused while the server was down …) | ${uploads.refused.size} |
| stored although the client got no 201 (the server died after storing) | ${storedUnanswered.length} |
| completed exactly once | ${completedOnce.length} |
| failed, with a reason | ${failedWithReason.length} |
| **lost** (201 but neither completed once nor failed with a reason) | **${lost.length}** |
| **completed more than once** | **${completedTwice.length}** |
| **one upload stored twice** | **${duplicateRows}** |
| **orphan audio files** | **${orphans.length}** |
| **partial upload files** | **${partials.length}** |
| **runner scratch left** | **${scratchLeft.length}** |
| server RSS, first incarnation (start → end) | ${mb(first[0].kb)} → ${mb(first.at(-1).kb)} |
| server RSS, longest incarnation (${Math.round((longest.at(-1).at - longest[0].at) / 1000)} s) | ${mb(longest[0].kb)} → ${mb(longest.at(-1).kb)} |
| server RSS, last incarnation (start → end) | ${mb(last[0].kb)} → ${mb(last.at(-1).kb)} |
`);
if (failedWithReason.length) {
  const reasons = [...groupBy(failedWithReason, (id) => byId.get(id).error_message.replace(/[0-9a-f-]{36}/g, '…'))];
  console.log(`failure reasons:\n${reasons.map(([reason, list]) => `  ${list.length} × ${reason}`).join('\n')}`);
}
if (lost.length) console.log(`lost: ${lost.map((id) => `${id} (${byId.get(id)?.status ?? 'no row'})`).join(', ')}`);

// --- tear down ------------------------------------------------------------------------------
await db.end();
for (const child of runners.values()) await stop(child, 'SIGTERM');
await stop(server, 'SIGTERM');
await database.stop();
if (!values.keep) await rm(work, { recursive: true, force: true });
const clean = lost.length + completedTwice.length + duplicateRows + orphans.length + partials.length + scratchLeft.length === 0;
process.exit(clean ? 0 : 1);
