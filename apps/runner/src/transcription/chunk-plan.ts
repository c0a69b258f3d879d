import { type PcmWav, SAMPLE_RATE } from '../media/wav.js';

/** A piece of the audio to transcribe on its own; times in seconds from the start of the file. */
export interface Chunk {
  index: number;
  /** Where this chunk's own part starts (the previous chunk's cut). */
  start: number;
  /** Where the next chunk starts; this chunk runs on past it by the overlap. */
  cut: number;
  /** Where this chunk's audio ends: cut + overlap, or the end of the file. */
  end: number;
}

export interface ChunkOptions {
  chunkSeconds: number;
  overlapSeconds: number;
  /** Move each cut to the quietest moment near it (energy-based), so words are not split. */
  cutAtSilence: boolean;
  /** Pauses that voice activity detection found (seconds): a cut goes to the one nearest it, if any is near. */
  pauses?: number[];
}

/** The pause nearest `nominal` within `search` of it. */
function nearestPause(pauses: number[], nominal: number, search: number): number | undefined {
  let best: number | undefined;
  for (const pause of pauses) {
    if (Math.abs(pause - nominal) <= search && (best === undefined || Math.abs(pause - nominal) < Math.abs(best - nominal)))
      best = pause;
  }
  return best;
}

const FRAME_SECONDS = 0.02;
/** A quiet moment is judged over this much audio (short pauses between words are too short). */
const QUIET_SPAN_SECONDS = 0.3;

/** Root-mean-square energy of consecutive 20 ms frames. */
export function frameEnergies(samples: Int16Array): Float64Array {
  const frame = Math.round(FRAME_SECONDS * SAMPLE_RATE);
  const energies = new Float64Array(Math.floor(samples.length / frame));
  for (let f = 0; f < energies.length; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += samples[i]! * samples[i]!;
    energies[f] = Math.sqrt(sum / frame);
  }
  return energies;
}

/**
 * The offset (seconds into `samples`) of the centre of the quietest QUIET_SPAN_SECONDS, ties
 * going to the one nearest `preferred` (the nominal cut), so that in uniform audio the cut stays put.
 */
export function quietestPoint(samples: Int16Array, preferred: number): number {
  const energies = frameEnergies(samples);
  const span = Math.max(1, Math.round(QUIET_SPAN_SECONDS / FRAME_SECONDS));
  if (energies.length < span) return preferred;
  let windowSum = 0;
  for (let f = 0; f < span; f++) windowSum += energies[f]!;
  let best = { score: Infinity, centre: preferred };
  for (let f = 0; f + span <= energies.length; f++) {
    if (f > 0) windowSum += energies[f + span - 1]! - energies[f - 1]!;
    const centre = (f + span / 2) * FRAME_SECONDS;
    // Distance costs a little: barely quieter moments far away (or equal ones) lose to the nominal cut.
    const distance = Math.abs(centre - preferred);
    const score = windowSum * (1 + 0.01 * distance) + 1e-6 * distance;
    if (score < best.score) best = { score, centre };
  }
  return best.centre;
}

/**
 * Splits a file into chunks of equal length, at most `chunkSeconds` (so that chunks transcribed
 * side by side finish together), each cut moved to the nearest pause found by voice activity
 * detection, else (cutAtSilence) to the quietest moment near it. Only the audio around each
 * nominal cut is read (a minute at most), so planning a two-hour file holds a few MB, never the
 * whole file.
 */
export async function planChunks(wav: PcmWav, options: ChunkOptions): Promise<Chunk[]> {
  const duration = wav.durationSeconds;
  if (duration <= options.chunkSeconds + options.overlapSeconds) return [{ index: 0, start: 0, cut: duration, end: duration }];
  const count = Math.ceil(duration / options.chunkSeconds);
  const length = duration / count;
  const search = Math.min(30, length / 4);
  const cuts: number[] = [];
  for (let k = 1; k < count; k++) {
    const nominal = k * length;
    const pause = options.pauses && nearestPause(options.pauses, nominal, search);
    if (pause !== undefined) {
      cuts.push(pause);
      continue;
    }
    if (!options.cutAtSilence) {
      cuts.push(nominal);
      continue;
    }
    const from = Math.max(0, nominal - search);
    const samples = await wav.readSamples(Math.round(from * SAMPLE_RATE), Math.round((nominal + search) * SAMPLE_RATE));
    cuts.push(from + quietestPoint(samples, nominal - from));
  }
  const starts = [0, ...cuts];
  return starts.map((start, index) => {
    const cut = cuts[index] ?? duration;
    return { index, start, cut, end: Math.min(duration, cut + (index < cuts.length ? options.overlapSeconds : 0)) };
  });
}
