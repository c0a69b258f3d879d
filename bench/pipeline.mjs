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
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machine, peakRssKb, ROOT, timeWhisperCli, transcribeOnce, withDatabase, withPipeline } from './support.mjs';

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
const runnerEnv = { WHISPER_MODEL_PATH: values.model, WHISPER_THREADS: values.threads };

const whisperAlone = (wav) => timeWhisperCli(WHISPER, values.model, wav, values.threads);

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
    const pipeline = await withPipeline(databaseUrl, runnerEnv, async (system) => {
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
      await withPipeline(databaseUrl, { ...runnerEnv, ...env }, async (system) => {
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
