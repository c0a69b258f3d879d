#!/usr/bin/env node
// `npm run bench:pipeline`:
//  1. One file, one model: whisper-cli alone vs the whole pipeline (upload → runner downloads,
//     converts, transcribes, uploads → completed), as a ratio. The runner runs at its default
//     configuration (long-polling claims); completion is seen on the job's event stream.
//  2. A 30-minute file (fixture clips looped with ffmpeg): chunked vs unchunked, wall time and
//     the runner's peak memory (its Node process, and its whole process tree with whisper-cli).
//   node bench/pipeline.mjs [--file audio.wav] [--model ggml.bin] [--minutes 30] [--threads 2] [--runs 3] [--skip-long]
// Defaults: test/fixtures/audio/jfk.wav and the for-tests tiny.en model (real compute, no text).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, machine, ROOT, RUNNER_KEY, startApp, startServer, tokenFor, withDatabase } from './support.mjs';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: path.resolve(ROOT, 'test/fixtures/audio/jfk.wav') },
    model: { type: 'string', default: path.resolve(ROOT, 'test/fixtures/models/for-tests-ggml-tiny.en.bin') },
    minutes: { type: 'string', default: '30' },
    threads: { type: 'string', default: String(Math.max(1, os.cpus().length)) },
    runs: { type: 'string', default: '3' },
    'skip-long': { type: 'boolean', default: false },
  },
});
const WHISPER = path.join(ROOT, '.whisper/cpu/whisper-cli');
const FFMPEG =
  spawnSync('ffmpeg', ['-version']).status === 0 ? 'ffmpeg' : (await import('@ffmpeg-installer/ffmpeg')).default.path;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Resident memory (kB) of a process and all its descendants, from /proc. */
function treeRssKb(rootPid) {
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

const peakRssKb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

async function withPipeline(databaseUrl, runnerEnv, work) {
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
      WHISPER_MODEL_PATH: values.model,
      WHISPER_THREADS: values.threads,
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
async function transcribeOnce({ server, runner, token }, file) {
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
  return { seconds, treePeakMb: treePeak / 1024, duration: job.duration_seconds };
}

function whisperAlone(wav) {
  const started = performance.now();
  const result = spawnSync(WHISPER, ['-m', values.model, '-f', wav, '-l', 'en', '-t', values.threads, '-np'], {
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new Error('whisper-cli failed');
  return (performance.now() - started) / 1000;
}

console.log(`machine: ${machine()}; whisper-cli ${WHISPER} (cpu), ${values.threads} threads`);
console.log(`model: ${values.model}\n`);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'ws-bench-audio-'));
try {
  await withDatabase(async (databaseUrl) => {
    // 1. The same file through whisper-cli alone and through the whole system.
    const wav = path.join(scratch, 'input.wav');
    execFileSync(FFMPEG, ['-loglevel', 'error', '-y', '-i', values.file, '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', wav]);
    const runs = Number(values.runs);
    const alone = median(Array.from({ length: runs }, () => whisperAlone(wav)));
    const pipeline = await withPipeline(databaseUrl, {}, async (system) => {
      await transcribeOnce(system, values.file); // warm-up: first claim, first spawn
      const times = [];
      for (let i = 0; i < runs; i++) times.push((await transcribeOnce(system, values.file)).seconds);
      return median(times);
    });
    console.log(`${path.basename(values.file)} (${statSync(values.file).size} bytes), median of ${runs}:`);
    console.log(`  whisper-cli alone              ${alone.toFixed(2)} s`);
    console.log(`  upload → completed (system)    ${pipeline.toFixed(2)} s`);
    console.log(
      `  ratio                          ${(pipeline / alone).toFixed(2)}  (overhead ${(pipeline - alone).toFixed(2)} s)\n`,
    );

    // 2. A long file, chunked and not.
    if (values['skip-long']) return;
    const minutes = Number(values.minutes);
    const long = path.join(scratch, `long-${minutes}min.wav`);
    execFileSync(FFMPEG, [
      '-loglevel',
      'error',
      '-y',
      '-stream_loop',
      '-1',
      '-i',
      wav,
      '-t',
      String(minutes * 60),
      '-c:a',
      'pcm_s16le',
      long,
    ]);
    console.log(
      `${minutes}-minute file (${path.basename(values.file)} looped, ${(statSync(long).size / 2 ** 20).toFixed(0)} MiB WAV):`,
    );
    for (const [name, env] of [
      ['chunked (10 min chunks)', { ENABLE_CHUNKING: 'true' }],
      ['unchunked', { ENABLE_CHUNKING: 'false' }],
    ]) {
      await withPipeline(databaseUrl, env, async (system) => {
        const result = await transcribeOnce(system, long);
        const nodePeak = peakRssKb(system.runner.child.pid) / 1024;
        console.log(
          `  ${name.padEnd(26)} ${result.seconds.toFixed(1).padStart(7)} s   runner (Node) peak ${nodePeak.toFixed(0)} MiB   runner + whisper-cli peak ${result.treePeakMb.toFixed(0)} MiB`,
        );
      });
    }
  });
} finally {
  await rm(scratch, { recursive: true, force: true });
}
