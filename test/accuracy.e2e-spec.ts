import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadRunnerConfig } from '@runner/config/runner-config.js';
import { Ffmpeg } from '@runner/media/ffmpeg.js';
import { Transcriber } from '@runner/transcription/transcriber.js';
import { VoiceActivity } from '@runner/vad/voice-activity.js';
import { WhisperCli } from '@runner/whisper/whisper-cli.js';
import { fixturePath } from './support/fixtures.js';
import { wordErrorRate } from './support/wer.js';

// Transcript accuracy needs a real model (the fixture models have no weights). Run with e.g.
//   WHISPER_TEST_MODEL=/path/to/ggml-tiny.en.bin npm test -- test/accuracy
const MODEL = process.env.WHISPER_TEST_MODEL;
const CLIPS: [string, number][] = [
  // clip, the highest word error rate accepted (tiny.en is a small model)
  ['audio/jfk.wav', 0.15],
  ['audio/jfk.mp3', 0.15],
  ['audio/LDC93S1.wav', 0.35],
  ['audio/new-home-in-the-stars-16k.wav', 0.35],
];

describe('word error rate helper', () => {
  it('counts substitutions, deletions and insertions against the reference', () => {
    expect(wordErrorRate('ask not what your country', 'Ask not, what your country!')).toBe(0);
    expect(wordErrorRate('a b c d', 'a x c')).toBe(0.5);
    expect(wordErrorRate('a b', 'a b c d')).toBe(1);
  });
});

describe('transcription accuracy on the fixture clips (real model)', () => {
  if (!MODEL) {
    it.skip('SKIPPED: set WHISPER_TEST_MODEL to a real ggml model (e.g. ggml-tiny.en.bin) to measure word error rates', () =>
      undefined);
    return;
  }
  let work: string;
  const config = loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16), WHISPER_THREADS: '2' });
  const transcriber = new Transcriber(config, new WhisperCli(config), new VoiceActivity(config));
  const ffmpeg = new Ffmpeg(config);

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ws-accuracy-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it.each(CLIPS)(
    '%s: word error rate at most %d',
    async (clip, limit) => {
      const wav = path.join(work, `${path.basename(clip)}.wav`);
      await ffmpeg.toPcmWav(fixturePath(clip), wav);
      const transcript = await transcriber.transcribe({ wavPath: wav, model: MODEL, language: 'en', workDir: work });
      const reference = readFileSync(fixturePath(`${clip}.txt`), 'utf8');
      const wer = wordErrorRate(reference, transcript.text);
      console.log(`${clip}: WER ${(wer * 100).toFixed(1)} % — "${transcript.text}"`);
      expect(wer).toBeLessThanOrEqual(limit);
    },
    120_000,
  );
});
