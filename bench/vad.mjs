#!/usr/bin/env node
// `npm run bench:vad`: voice activity detection on a meeting-like file — the fixture speech clips
// between pauses of 1.5–6.5 s of faint room noise (about 40 % of the file), `--minutes` long.
//  (a) whisper-cli alone on the whole file;
//  (b) the system with VAD (upload → completed, as the job's event stream reports it);
//  (c) the system without VAD (VAD_ENABLED=false: silence goes to whisper);
//  (d) the VAD pass alone (Silero over the whole file, in this process), against the audio's length.
// and, for scale, whisper-cli alone on the clips without the pauses.
//   node bench/vad.mjs [--model ggml.bin] [--minutes 30] [--threads 2] [--runs 1]
// Default model: the for-tests tiny.en model (the real model's compute, no text).
import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machine, ROOT, timeWhisperCli, transcribeOnce, withDatabase, withPipeline } from './support.mjs';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: path.resolve(ROOT, 'test/fixtures/models/for-tests-ggml-tiny.en.bin') },
    minutes: { type: 'string', default: '30' },
    threads: { type: 'string', default: String(Math.max(1, os.cpus().length)) },
    runs: { type: 'string', default: '1' },
  },
});
const WHISPER = path.join(ROOT, '.whisper/cpu/whisper-cli');
const { PcmWav, SAMPLE_RATE, wavHeader } = await import(path.join(ROOT, 'dist/apps/runner/src/media/wav.js'));
const { loadRunnerConfig } = await import(path.join(ROOT, 'dist/apps/runner/src/config/runner-config.js'));
const { VoiceActivity } = await import(path.join(ROOT, 'dist/apps/runner/src/vad/voice-activity.js'));
const CLIPS = ['jfk.wav', 'new-home-in-the-stars-16k.wav', 'LDC93S1.wav', 'stereo_diarization_left.wav'].map((name) =>
  path.join(ROOT, 'test/fixtures/audio', name),
);

/**
 * The meeting: clips in turn, each followed by a pause (seeded, so every run builds the same
 * file); and the same clips without the pauses (`speechFile`: what a perfect VAD would leave).
 */
async function buildMeeting(file, speechFile, seconds) {
  const clips = [];
  for (const clip of CLIPS) {
    const wav = await PcmWav.open(clip);
    clips.push(await wav.readSamples(0, wav.sampleCount));
  }
  let seed = 2026;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pieces = [];
  const speech = [];
  let samples = 0;
  let silent = 0;
  const total = seconds * SAMPLE_RATE;
  for (let i = 0; samples < total; i++) {
    const clip = clips[i % clips.length];
    const pause = new Int16Array(Math.round((1.5 + 5 * random()) * SAMPLE_RATE));
    for (let j = 0; j < pause.length; j++) pause[j] = Math.round((random() - 0.5) * 120); // room noise, about −50 dBFS
    for (const piece of [clip, pause]) {
      const kept = piece.subarray(0, Math.min(piece.length, total - samples));
      const bytes = Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength);
      pieces.push(bytes);
      samples += kept.length;
      if (piece === pause) silent += kept.length;
      else speech.push(bytes);
    }
  }
  for (const [target, parts] of [
    [file, pieces],
    [speechFile, speech],
  ]) {
    const data = Buffer.concat(parts);
    await writeFile(target, Buffer.concat([wavHeader(data.length), data]));
  }
  return silent / samples;
}

const whisperAlone = (wav) => timeWhisperCli(WHISPER, values.model, wav, values.threads);

async function vadPass(file) {
  const { Logger } = await import('@nestjs/common');
  Logger.overrideLogger(['error']);
  const started = performance.now();
  const vad = new VoiceActivity(loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16) }));
  await vad.load();
  const loaded = performance.now();
  const wav = await PcmWav.open(file);
  const regions = await vad.speechRegions(wav);
  const speech = regions.reduce((sum, region) => sum + region.end - region.start, 0) / SAMPLE_RATE;
  return { load: (loaded - started) / 1000, pass: (performance.now() - loaded) / 1000, speech, regions: regions.length };
}

const minutes = Number(values.minutes);
const runs = Number(values.runs);
/** Median of `runs` timings, and their range. */
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return {
    median,
    text: `${median.toFixed(1).padStart(6)} s${runs > 1 ? ` (${sorted[0].toFixed(1)}–${sorted.at(-1).toFixed(1)})` : ''}`,
  };
};
console.log(`machine: ${machine()}; whisper-cli ${WHISPER} (cpu), ${values.threads} threads`);
console.log(`model: ${values.model}; median of ${runs} run(s)\n`);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'ws-bench-vad-'));
try {
  const meeting = path.join(scratch, `meeting-${minutes}min.wav`);
  const clipsOnly = path.join(scratch, 'clips-only.wav');
  const silence = await buildMeeting(meeting, clipsOnly, minutes * 60);
  const duration = minutes * 60;
  console.log(`${minutes}-minute meeting-like file: fixture clips between pauses, ${(silence * 100).toFixed(0)} % pauses\n`);

  const vad = await vadPass(meeting);
  console.log(
    `(d) VAD pass alone              ${vad.pass.toFixed(1).padStart(6)} s = ${((vad.pass / duration) * 100).toFixed(2)} % of the audio` +
      ` (model load ${vad.load.toFixed(2)} s; ${vad.regions} regions, ${vad.speech.toFixed(0)} s of speech = ${((vad.speech / duration) * 100).toFixed(0)} %)`,
  );
  const alone = summary(Array.from({ length: runs }, () => whisperAlone(meeting)));
  console.log(`(a) whisper-cli alone, whole file ${alone.text}`);
  const clips = summary(Array.from({ length: runs }, () => whisperAlone(clipsOnly)));
  console.log(`    whisper-cli alone, clips only  ${clips.text} (the pauses cut out exactly: what a perfect VAD would leave)`);
  await withDatabase(async (databaseUrl) => {
    for (const [name, env] of [
      ['(b) system with VAD            ', { VAD_ENABLED: 'true' }],
      ['(c) system without VAD         ', { VAD_ENABLED: 'false' }],
    ]) {
      const results = await withPipeline(
        databaseUrl,
        { WHISPER_MODEL_PATH: values.model, WHISPER_THREADS: values.threads, ...env },
        async (system) => {
          const all = [];
          for (let i = 0; i < runs; i++) all.push(await transcribeOnce(system, meeting));
          return all;
        },
      );
      const system = summary(results.map((result) => result.seconds));
      console.log(
        `${name} ${system.text}: ${(alone.median / system.median).toFixed(2)}× as fast as whisper-cli alone` +
          ` (whisper heard ${results[0].job.speech_seconds ?? duration} s)`,
      );
    }
  });
} finally {
  await rm(scratch, { recursive: true, force: true });
}
