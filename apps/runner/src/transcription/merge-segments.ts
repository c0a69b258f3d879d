import type { Segment, Word } from '@app/contracts';

/** One chunk's transcript, its segment times already relative to the whole file. */
export interface ChunkTranscript {
  /** Where the next chunk starts (this chunk's audio runs on past it by the overlap). */
  cut: number;
  /** Where this chunk's audio ends. */
  end: number;
  segments: Segment[];
}

interface Token {
  /** The whitespace before it in its segment, kept so text is rebuilt exactly. */
  leading: string;
  raw: string;
  /** Lowercase, without punctuation: what is compared; empty for punctuation. */
  norm: string;
  /** Estimated time (seconds), by the token's position in its segment. */
  time: number;
  segment: number;
  /** The first token of its segment. */
  first: boolean;
}

/** Single CJK characters are words; elsewhere words are runs of non-space characters. */
const TOKEN =
  /(\s*)([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/gu;
/** The shortest run of shared words trusted to be the same speech heard twice. */
const MIN_MATCH = 2;

function tokenize(segments: Segment[]): Token[] {
  return segments.flatMap((segment, index) => {
    const matches = [...segment.text.matchAll(TOKEN)];
    const length = Math.max(1, segment.text.length);
    return matches.map((match, position) => ({
      first: position === 0,
      leading: match[1]!,
      raw: match[2]!,
      norm: match[2]!.toLowerCase().replace(/[\p{P}\p{S}]/gu, ''),
      time: segment.start + ((segment.end - segment.start) * (match.index + match[1]!.length)) / length,
      segment: index,
    }));
  });
}

/** Positions (in `tokens`) of the tokens that carry words, in order. */
function wordPositions(tokens: Token[], from: number, to: number): number[] {
  const positions: number[] = [];
  for (let i = from; i < to; i++) if (tokens[i]!.norm) positions.push(i);
  return positions;
}

/** The longest run of equal words in both lists: [start in a, start in b, length]. */
function longestCommonRun(a: Token[], aPos: number[], b: Token[], bPos: number[]): [number, number, number] {
  let best: [number, number, number] = [0, 0, 0];
  let previous = new Array<number>(bPos.length + 1).fill(0);
  for (let i = 1; i <= aPos.length; i++) {
    const current = new Array<number>(bPos.length + 1).fill(0);
    for (let j = 1; j <= bPos.length; j++) {
      if (a[aPos[i - 1]!]!.norm === b[bPos[j - 1]!]!.norm) {
        current[j] = previous[j - 1]! + 1;
        if (current[j]! > best[2]) best = [i - current[j]!, j - current[j]!, current[j]!];
      }
    }
    previous = current;
  }
  return best;
}

/**
 * The words of `source` that a rebuilt segment with `text` kept: all of them when the text is
 * whole; else, as its text is a prefix (`fromStart`) or a suffix of the source's, as many words
 * from that end as fit in its length.
 */
function keptWords(source: Segment, text: string, fromStart: boolean): Word[] | undefined {
  const words = source.words;
  if (!words || text.trim() === source.text.trim()) return words;
  const room = text.trim().length;
  const ordered = fromStart ? words : [...words].reverse();
  const kept: Word[] = [];
  let used = 0;
  for (const word of ordered) {
    used += word.word.trim().length;
    if (used > room) break;
    kept.push(word);
  }
  return fromStart ? kept : kept.reverse();
}

/** Rebuilds segments from the kept tokens (an edge segment keeps only its kept words, and their timed words). */
function toSegments(segments: Segment[], tokens: Token[]): Segment[] {
  const out: (Segment & { source: number; fromStart: boolean })[] = [];
  for (const token of tokens) {
    const last = out.at(-1);
    if (last?.source === token.segment) {
      last.text += token.leading + token.raw;
    } else {
      const source = segments[token.segment]!;
      // A segment whose first words were dropped starts at its first kept word.
      const start = !token.first ? Math.max(source.start, Math.min(token.time, source.end)) : source.start;
      out.push({ source: token.segment, fromStart: token.first, start, end: source.end, text: token.leading + token.raw });
    }
  }
  return out.map(({ source, fromStart, start, end, text }) => {
    const words = keptWords(segments[source]!, text, fromStart);
    return words ? { start, end, text, words } : { start, end, text };
  });
}

/**
 * Joins chunk transcripts into one, removing what the overlap made both chunks hear: where the
 * end of one chunk and the start of the next share a run of words (≥ 2) inside the overlap, the
 * first chunk is kept up to the end of that run and the next from just after it. Without such a
 * run, the overlap is split at its midpoint (or, when only one chunk heard words there, both are
 * kept whole).
 * Segments a chunk does not touch keep their exact text and times.
 */
export function mergeChunkTranscripts(chunks: ChunkTranscript[]): Segment[] {
  if (chunks.length === 0) return [];
  let merged: Segment[] = chunks[0]!.segments.filter((segment) => segment.text.trim());
  for (let c = 1; c < chunks.length; c++) {
    const previous = chunks[c - 1]!;
    const overlapStart = previous.cut;
    const overlapEnd = previous.end;
    const next = chunks[c]!.segments.filter((segment) => segment.text.trim());
    const a = tokenize(merged);
    const b = tokenize(next);
    const aFrom = a.findIndex((token) => token.time >= overlapStart - 0.5);
    const bTo = b.findIndex((token) => token.time > overlapEnd + 0.5);
    const aPos = wordPositions(a, aFrom === -1 ? a.length : aFrom, a.length);
    const bPos = wordPositions(b, 0, bTo === -1 ? b.length : bTo);
    const [aStart, bStart, length] = longestCommonRun(a, aPos, b, bPos);

    let keepA: Token[];
    let keepB: Token[];
    if (length >= MIN_MATCH) {
      keepA = a.slice(0, aPos[aStart + length - 1]! + 1);
      keepB = b.slice(bPos[bStart + length - 1]! + 1);
    } else if (aPos.length === 0 || bPos.length === 0) {
      // Only one of them heard anything in the overlap: nothing is doubled, keep both whole.
      keepA = a;
      keepB = b;
    } else {
      const middle = (overlapStart + overlapEnd) / 2;
      keepA = a.filter((token) => token.time < middle);
      keepB = b.filter((token) => token.time >= middle);
    }
    const head = toSegments(merged, keepA);
    const lastEnd = head.at(-1)?.end ?? 0;
    // Times stay in order across the join.
    const tail = toSegments(next, keepB).map((segment) => ({
      ...segment,
      start: Math.max(segment.start, Math.min(lastEnd, segment.end)),
    }));
    merged = [...head, ...tail];
  }
  return merged;
}
