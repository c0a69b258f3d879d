/** @jest-environment ./test/support/native-typed-arrays-environment.cjs */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '@test/support/fixtures.js';
import { composeWav } from '@test/support/speech-audio.js';
import { loadRunnerConfig } from '../config/runner-config.js';
import { PcmWav, SAMPLE_RATE } from '../media/wav.js';
import { VoiceActivity } from './voice-activity.js';

const JFK = fixturePath('audio/jfk.wav');
const STARS = fixturePath('audio/new-home-in-the-stars-16k.wav');
/**
 * Where jfk.wav's speech is: its first word starts at 0.32 s (by its energy); after "country"
 * (10.2 s) the voice trails into the crowd's noise up to the clip's end, which is speech to Silero.
 */
const JFK_SPEECH = { start: 0.32, end: 11 };

describe('VoiceActivity (the real Silero model)', () => {
  let dir: string;
  const vad = new VoiceActivity(loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16), VAD_SPEECH_PAD_MS: '0' }));
  const regionsOf = async (name: string, parts: Parameters<typeof composeWav>[1]) => {
    const file = path.join(dir, name);
    const placements = await composeWav(file, parts);
    const regions = await vad.speechRegions(await PcmWav.open(file));
    return { placements, seconds: regions.map((r) => ({ start: r.start / SAMPLE_RATE, end: r.end / SAMPLE_RATE })) };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vad-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds jfk.wav padded with 20 s and 15 s of silence where it was placed (±0.3 s)', async () => {
    const { seconds } = await regionsOf('jfk-padded.wav', [
      { silence: 20 },
      { clip: JFK },
      { silence: 15 },
      { clip: JFK },
      { silence: 5 },
    ]);
    expect(seconds.length).toBeGreaterThanOrEqual(2);
    const first = seconds.filter((region) => region.start < 35);
    const second = seconds.filter((region) => region.start >= 35);
    expect(Math.abs(first[0]!.start - (20 + JFK_SPEECH.start))).toBeLessThanOrEqual(0.3);
    expect(Math.abs(first.at(-1)!.end - (20 + JFK_SPEECH.end))).toBeLessThanOrEqual(0.3);
    expect(Math.abs(second[0]!.start - (46 + JFK_SPEECH.start))).toBeLessThanOrEqual(0.3);
    expect(Math.abs(second.at(-1)!.end - (46 + JFK_SPEECH.end))).toBeLessThanOrEqual(0.3);
  });

  it('finds a short clip between stretches of noise and silence', async () => {
    const { placements, seconds } = await regionsOf('stars.wav', [{ silence: 5 }, { noise: 4 }, { clip: STARS }, { silence: 6 }]);
    const placed = placements[0]!;
    expect(seconds).toHaveLength(1);
    expect(seconds[0]!.start).toBeGreaterThanOrEqual(placed.start - 0.3);
    expect(seconds[0]!.end).toBeLessThanOrEqual(placed.end + 0.3);
    expect(seconds[0]!.end - seconds[0]!.start).toBeGreaterThan(2);
  });

  it('hears no speech in pure silence or pure noise', async () => {
    expect((await regionsOf('silence.wav', [{ silence: 60 }])).seconds).toEqual([]);
    expect((await regionsOf('noise.wav', [{ noise: 60 }])).seconds).toEqual([]);
  });

  it('starts every file afresh (state reset): the same audio gives the same regions', async () => {
    const parts = [{ silence: 3 }, { clip: JFK }, { silence: 3 }];
    const once = await regionsOf('again-1.wav', parts);
    await regionsOf('between.wav', [{ clip: JFK }]);
    expect((await regionsOf('again-2.wav', parts)).seconds).toEqual(once.seconds);
  });
});
