#!/usr/bin/env node
// A stand-in for whisper-cli, for tests that need transcript text (the test models transcribe
// nothing). It takes the same arguments, prints progress the same way, and writes the same JSON
// (-oj -of BASE): one segment per 2 s of input, words "w0 w1 …" numbered by time, or
// FAKE_WHISPER_TEXT repeated. FAKE_WHISPER_DELAY_MS makes it slow; FAKE_WHISPER_PID_DIR records
// its pid (so a test can check it was killed). --translate prefixes each segment's text with
// "[translated]"; --prompt (with the flags, --temperature and the model file's name) is appended to
// FAKE_WHISPER_PROMPT_FILE (one JSON line per run); -ojf
// writes whisper.cpp's full JSON: each segment with `tokens` ([_BEG_], one per word, a timestamp
// token), each token with text, timestamps, offsets, id, p and t_dtw, as examples/cli/cli.cpp does.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
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
const translate = args.includes('--translate');
const full = args.includes('-ojf');
const prompt = args.includes('--prompt') ? value('--prompt') : null;
const temperature = args.includes('--temperature') ? Number(value('--temperature')) : null;
if (process.env.FAKE_WHISPER_PROMPT_FILE)
  appendFileSync(
    process.env.FAKE_WHISPER_PROMPT_FILE,
    `${JSON.stringify({ prompt, translate, full, temperature, model: path.basename(value('-m')) })}\n`,
  );

/** hh:mm:ss,mmm, as whisper.cpp writes `timestamps`. */
const clock = (ms) => {
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
};
const times = (from, to) => ({ timestamps: { from: clock(from), to: clock(to) }, offsets: { from, to } });
/** Tokens for a segment's text: [_BEG_], one per word spread over the segment, a closing timestamp token. */
const tokens = (text, from, to) => {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const step = (to - from) / Math.max(1, words.length);
  return [
    { text: '[_BEG_]', ...times(from, from), id: 50364, p: 0.98, t_dtw: -1 },
    ...words.map((word, i) => ({
      text: ` ${word}`,
      ...times(Math.round(from + i * step), Math.round(from + (i + 1) * step)),
      id: 1000 + i,
      p: 0.9,
      t_dtw: -1,
    })),
    { text: `[_TT_${Math.round((to - from) / 20)}]`, ...times(to, to), id: 50365, p: 0.5, t_dtw: -1 },
  ];
};
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
  const said = process.env.FAKE_WHISPER_TEXT ?? `w${Math.floor(start)} w${Math.floor(start) + 1}`;
  const text = translate ? `[translated] ${said}` : said;
  const [from, to] = [Math.round(start * 1000), Math.round(end * 1000)];
  segments.push({ ...times(from, to), text: ` ${text}`, ...(full ? { tokens: tokens(text, from, to) } : {}) });
}

const steps = 10;
for (let step = 1; step <= steps; step++) {
  await new Promise((resolve) => setTimeout(resolve, delay / steps));
  process.stderr.write(`whisper_print_progress_callback: progress = ${String(step * 10).padStart(3)}%\n`);
}
const params = { model: value('-m'), language, translate };
writeFileSync(`${outputBase}.json`, JSON.stringify({ params, result: { language }, transcription: segments }));
