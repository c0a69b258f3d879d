#!/usr/bin/env node
// A stand-in for whisper-cli, for tests that need transcript text (the test models transcribe
// nothing). It takes the same arguments, prints progress the same way, and writes the same JSON
// (-oj -of BASE): one segment per 2 s of input, words "w0 w1 …" numbered by time, or
// FAKE_WHISPER_TEXT repeated. FAKE_WHISPER_DELAY_MS makes it slow; FAKE_WHISPER_PID_DIR records
// its pid (so a test can check it was killed).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
if (args.includes('--version')) {
  console.log('whisper.cpp version: fake-for-tests');
  process.exit(0);
}
const value = (flag) => args[args.indexOf(flag) + 1];
const input = value('-f');
const outputBase = value('-of');
const language = value('-l') === 'auto' ? 'en' : value('-l');
const delay = Number(process.env.FAKE_WHISPER_DELAY_MS ?? 0);
if (process.env.FAKE_WHISPER_PID_DIR)
  writeFileSync(path.join(process.env.FAKE_WHISPER_PID_DIR, `${process.pid}.pid`), String(process.pid));

// The length of the WAV's data chunk (ffmpeg may put a LIST chunk before it), at 16 kHz 16-bit mono.
const wav = readFileSync(input);
let offset = 12;
while (offset + 8 <= wav.length && wav.toString('latin1', offset, offset + 4) !== 'data')
  offset += 8 + wav.readUInt32LE(offset + 4);
const seconds = Math.max(0, (wav.length - offset - 8) / 32000);
const segments = [];
for (let start = 0; start < seconds; start += 2) {
  const end = Math.min(seconds, start + 2);
  const text = process.env.FAKE_WHISPER_TEXT ?? `w${Math.floor(start)} w${Math.floor(start) + 1}`;
  segments.push({ offsets: { from: Math.round(start * 1000), to: Math.round(end * 1000) }, text: ` ${text}` });
}

const steps = 10;
for (let step = 1; step <= steps; step++) {
  await new Promise((resolve) => setTimeout(resolve, delay / steps));
  process.stderr.write(`whisper_print_progress_callback: progress = ${String(step * 10).padStart(3)}%\n`);
}
writeFileSync(`${outputBase}.json`, JSON.stringify({ params: { language }, result: { language }, transcription: segments }));
