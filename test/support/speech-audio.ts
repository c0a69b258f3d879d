import { writeFile } from 'node:fs/promises';
import { PcmWav, SAMPLE_RATE, wavHeader } from '@runner/media/wav.js';

/** Seconds of digital silence, of steady white noise, or a 16 kHz mono speech clip (a fixture WAV). */
export type AudioPart = { silence: number } | { noise: number } | { clip: string };

/** Where a clip landed in the composed file (seconds). */
export interface Placement {
  clip: string;
  start: number;
  end: number;
}

/** `parts` one after another as a 16 kHz WAV at `file`; where each clip was placed. */
export async function composeWav(file: string, parts: AudioPart[]): Promise<Placement[]> {
  const pieces: Int16Array[] = [];
  const placements: Placement[] = [];
  let at = 0;
  let seed = 7;
  for (const part of parts) {
    let samples: Int16Array;
    if ('clip' in part) {
      const clip = await PcmWav.open(part.clip);
      samples = await clip.readSamples(0, clip.sampleCount);
      placements.push({ clip: part.clip, start: at / SAMPLE_RATE, end: (at + samples.length) / SAMPLE_RATE });
    } else if ('noise' in part) {
      samples = new Int16Array(Math.round(part.noise * SAMPLE_RATE));
      for (let i = 0; i < samples.length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        samples[i] = (seed % 6000) - 3000;
      }
    } else {
      samples = new Int16Array(Math.round(part.silence * SAMPLE_RATE));
    }
    pieces.push(samples);
    at += samples.length;
  }
  const data = Buffer.concat(pieces.map((samples) => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)));
  await writeFile(file, Buffer.concat([wavHeader(data.length), data]));
  return placements;
}
