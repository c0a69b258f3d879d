#!/usr/bin/env node
// `npm start`: the whole system on one machine, no external services: the server (with embedded
// PostgreSQL and local auth) and one runner, sharing a runner key kept under DATA_DIR.
// Ctrl-C stops the runner first (so it can hand back its jobs), then the server (which stops
// PostgreSQL last). Server and runner run in process groups of their own, so the terminal's
// SIGINT reaches only this script, which stops them in that order; each also stops by itself if
// this script dies (their IPC channel to it closes).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config as loadDotEnv } from 'dotenv';

if (existsSync('.env')) loadDotEnv({ path: '.env', override: false, quiet: true });

const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
mkdirSync(dataDir, { recursive: true });
const port = process.env.PORT ?? '8000';
const runnerPort = process.env.RUNNER_PORT ?? '8001';

function localRunnerKey() {
  if (process.env.RUNNER_API_KEY) return process.env.RUNNER_API_KEY;
  const file = path.join(dataDir, 'runner-api-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const env = { ...process.env, DATA_DIR: dataDir, PORT: port, RUNNER_API_KEY: localRunnerKey() };
const children = [];
let stopping = false;

function start(name, main, extraEnv, onExit) {
  const child = spawn(process.execPath, [main], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  child.name = name;
  child.on('exit', (code, signal) => {
    if (stopping) return;
    if (onExit?.(code, signal)) return;
    console.error(`[start] ${name} exited (${signal ?? code}); stopping everything`);
    void stopAll(1);
  });
  children.push(child);
  return child;
}

async function waitForHealth(url, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  // Runner first: it hands its unfinished jobs back to the server before the server goes.
  for (const child of [...children].reverse()) await stopChild(child);
  process.exit(code);
}
// Kept for the whole shutdown: a Ctrl-C arrives twice (from the terminal and forwarded by npm).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));

const server = start('server', 'dist/apps/server/src/main.js', {});
if (!(await waitForHealth(`http://127.0.0.1:${port}/health`, server))) {
  console.error('[start] the server did not become healthy; see its log above');
  await stopAll(1);
}
const runnerEnv = {
  SERVER_URL: `http://127.0.0.1:${port}`,
  RUNNER_PORT: runnerPort,
  RUNNER_ID: process.env.RUNNER_ID ?? 'local-runner',
  // One machine, one user: pick uploads up within a couple of seconds.
  POLL_INTERVAL_SECONDS: process.env.POLL_INTERVAL_SECONDS ?? '2',
  // Ctrl-C means "stop now": a running job gets a few seconds, then goes back to the queue.
  SHUTDOWN_GRACE_SECONDS: process.env.SHUTDOWN_GRACE_SECONDS ?? '5',
};
let runnerReady = false;
const runner = start('runner', 'dist/apps/runner/src/main.js', runnerEnv, (code) => {
  if (runnerReady) return false;
  // It could not start (no model, no whisper-cli…: its message is above). Uploads still work and
  // wait in the queue, so the server stays up.
  console.error(`
[start] the runner could not start (see its message above). The server keeps running: uploads are
        queued until a runner takes them. Once fixed, start a runner beside it with:
          SERVER_URL=http://127.0.0.1:${port} RUNNER_API_KEY=$(cat ${path.join(dataDir, 'runner-api-key')}) npm run start:runner
        e.g. with a model you have:  WHISPER_MODEL_PATH=/path/to/ggml-base.bin`);
  return code === 1;
});
const tokenResult = spawnSync(
  process.execPath,
  ['dist/apps/server/src/cli/token.js', '--email', 'admin@localhost', '--admin', '--hours', '720'],
  {
    env,
    encoding: 'utf8',
  },
);
const signedToken = tokenResult.status === 0 ? tokenResult.stdout.trim() : undefined;
const token = signedToken ?? '<run: npm run token -- --email you@example.com --admin>';
runnerReady = await waitForHealth(`http://127.0.0.1:${runnerPort}/health`, runner);

/** Whether the server serves the web app's page (it does once apps/web is built into dist/web). */
async function servesWebApp() {
  try {
    const page = await fetch(`http://127.0.0.1:${port}/`);
    return page.ok && (page.headers.get('content-type') ?? '').startsWith('text/html');
  } catch {
    return false;
  }
}
// The sign-in link carries the token in its fragment: the page reads it there, and browsers never
// send a fragment to a server.
const notBuilt = (await servesWebApp())
  ? ''
  : '\n  (the web app is not built here yet, so the server answers the API only: build it into dist/web, then restart)';
const opening = signedToken
  ? `whisper-summarizer is running. Open the web app, signed in as admin@localhost:
  http://localhost:${port}/#token=${signedToken}${notBuilt}
`
  : 'whisper-summarizer is running:';
console.log(`
[start] ${opening}
  server   http://localhost:${port}        (OpenAPI UI: http://localhost:${port}/api/docs)
  runner   ${runner.exitCode !== null ? 'not running (see above)' : `http://localhost:${runnerPort}/health${runnerReady ? '' : ' (still starting: downloading its model?)'}`}
  data     ${dataDir}

An admin token for this install (30 days; more with: npm run token -- --email you@example.com --admin):
  TOKEN=${token}

Upload a recording, then follow it:
  curl -H "Authorization: Bearer ${token}" -F file=@recording.m4a -F language=auto http://localhost:${port}/api/audio/upload
  curl -H "Authorization: Bearer $TOKEN" http://localhost:${port}/api/transcriptions
(or use "Authorize" on the OpenAPI page with the token). Stop with Ctrl-C.
`);
