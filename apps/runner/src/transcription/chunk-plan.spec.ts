import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PcmWav, SAMPLE_RATE, wavHeader } from '../media/wav.js';
import { planChunks, quietestPoint } from './chunk-plan.js';

/** Loud noise everywhere except quiet stretches [from, to) (seconds). */
function noiseWithSilences(seconds: number, silences: [number, number][]): Int16Array {
  const samples = new Int16Array(seconds * SAMPLE_RATE);
  let seed = 42;
  for (let i = 0; i < samples.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const t = i / SAMPLE_RATE;
    const quiet = silences.some(([from, to]) => t >= from && t < to);
    samples[i] = quiet ? 0 : (seed % 20000) - 10000;
  }
  return samples;
}

async function wavFile(samples: Int16Array): Promise<{ wav: PcmWav; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chunk-plan-'));
  const file = path.join(dir, 'a.wav');
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  await writeFile(file, Buffer.concat([wavHeader(data.length), data]));
  return { wav: await PcmWav.open(file), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

describe('quietestPoint', () => {
  it('finds the silence in noise', () => {
    const point = quietestPoint(noiseWithSilences(20, [[13, 14]]), 10);
    expect(point).toBeGreaterThan(13);
    expect(point).toBeLessThan(14);
  });

  it('stays at the preferred point in uniform audio', () => {
    expect(quietestPoint(new Int16Array(10 * SAMPLE_RATE), 5)).toBeCloseTo(5, 1);
  });
});

describe('planChunks', () => {
  it('keeps short audio in one chunk', async () => {
    const { wav, cleanup } = await wavFile(new Int16Array(30 * SAMPLE_RATE));
    expect(await planChunks(wav, { chunkSeconds: 60, overlapSeconds: 5, cutAtSilence: true })).toEqual([
      { index: 0, start: 0, cut: 30, end: 30 },
    ]);
    await cleanup();
  });

  it('cuts near each nominal boundary at the silence, chunks overlapping by the overlap', async () => {
    const { wav, cleanup } = await wavFile(
      noiseWithSilences(120, [
        [57, 58],
        [100, 101],
      ]),
    );
    const chunks = await planChunks(wav, { chunkSeconds: 60, overlapSeconds: 5, cutAtSilence: true });
    expect(chunks).toHaveLength(2);
    expect(chunks[0]!.start).toBe(0);
    expect(chunks[0]!.cut).toBeGreaterThan(57);
    expect(chunks[0]!.cut).toBeLessThan(58);
    expect(chunks[0]!.end).toBeCloseTo(chunks[0]!.cut + 5, 5);
    expect(chunks[1]).toMatchObject({ start: chunks[0]!.cut, cut: 120, end: 120 });
    await cleanup();
  });

  it('cuts into equal chunks of at most chunkSeconds without silence detection (chunks side by side finish together)', async () => {
    const { wav, cleanup } = await wavFile(new Int16Array(200 * SAMPLE_RATE));
    const chunks = await planChunks(wav, { chunkSeconds: 60, overlapSeconds: 10, cutAtSilence: false });
    expect(chunks.map((chunk) => [chunk.start, chunk.cut, chunk.end])).toEqual([
      [0, 50, 60],
      [50, 100, 110],
      [100, 150, 160],
      [150, 200, 200],
    ]);
    await cleanup();
  });

  it('cuts in the pause nearest each nominal boundary when voice activity detection found pauses near it', async () => {
    // Quiet at 57–58 s, but the VAD's pauses win; no pause near 120 s: the quietest moment there.
    const { wav, cleanup } = await wavFile(
      noiseWithSilences(180, [
        [57, 58],
        [122, 123],
      ]),
    );
    const chunks = await planChunks(wav, { chunkSeconds: 60, overlapSeconds: 5, cutAtSilence: true, pauses: [40, 54, 67, 150] });
    expect(chunks.map((chunk) => chunk.cut)).toEqual([54, expect.any(Number), 180]);
    expect(chunks[1]!.cut).toBeGreaterThan(122);
    expect(chunks[1]!.cut).toBeLessThan(123);
    await cleanup();
  });
});
