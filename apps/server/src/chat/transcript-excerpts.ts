import type { Segment } from '@app/contracts';
import { formatTimestamp } from '../transcriptions/transcript-formats.js';

/**
 * What a chat answer is given of a transcript. One that fits the budget goes whole; a longer one
 * is never cut off at the budget (the end of a recording matters as much as its start): it is
 * split into passages, the passages are ranked against the question with BM25, and the best ones
 * that fit are given, in time order, labelled with where they start.
 */

export interface TranscriptSource {
  text: string | null;
  segments: Segment[] | null;
  summary: string | null;
}

export interface ChatQuery {
  question: string;
  /** The conversation's earlier questions: a follow-up ("and after that?") leans on them. */
  earlier: string[];
}

export interface TranscriptContext {
  /** The whole transcript, or its chosen excerpts. */
  text: string;
  /** Only excerpts: the model must be told that the rest is left out. */
  excerpted: boolean;
}

/** A stretch of consecutive segments (or sentences, without segments) of the transcript. */
export interface Passage {
  /** Its position among the transcript's passages. */
  index: number;
  /** Seconds from the start of the recording; null for a transcript without segments. */
  start: number | null;
  text: string;
}

// BM25's usual constants: how fast repeated words stop counting, and how much long passages are discounted.
const K1 = 1.2;
const B = 0.75;
/** Words of earlier questions count, less than the question's own. */
const EARLIER_WEIGHT = 0.5;
/** A passage next to a good one often holds the rest of the answer. */
const NEIGHBOUR_WEIGHT = 0.5;
const SEPARATOR = '\n\n';

/** Chinese and Japanese have no spaces between words, and Korean attaches particles to them: these are matched by character pairs. */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u30fc';
const TOKEN = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`, 'gu');
const CJK_RUN = new RegExp(`^[${CJK}]`, 'u');
/** After a Latin sentence end and a space, after a CJK one, and at line breaks. */
const SENTENCE_BREAK = /(?<=[.!?;…])\s+|(?<=[。！？；])\s*|\s*\n\s*/u;

/** Words that say nothing about which passage answers a question (BM25's weights would only dampen them). */
const STOPWORDS = new Set(
  (
    'a about again all also an and any are as at be been but by can could did do does for from had has have he her his how i ' +
    'if in is it its just me more my no not of on only or other our s say said she so some t tell than that the their them ' +
    'then there these they this those to too us very was we were what when where which who whom why will with would you your'
  ).split(' '),
);

/** A twelfth of the budget, within 200–800 characters: small enough to pick precisely, big enough to carry context. */
function passageChars(budget: number): number {
  return Math.min(800, Math.max(200, Math.round(budget / 12)));
}

/**
 * The transcript whole if it fits `budget` characters together with the summary (which always
 * goes along), else the excerpts most relevant to `query` that fit.
 */
export function transcriptContext(source: TranscriptSource, query: ChatQuery, budget: number): TranscriptContext {
  const text = source.text ?? '';
  const summaryChars = source.summary?.length ?? 0;
  if (text.length + summaryChars <= budget) return { text, excerpted: false };
  // A long summary must not crowd the transcript out.
  const excerptBudget = Math.max(budget - summaryChars, Math.floor(budget / 2));
  const passages = splitIntoPassages(source, passageChars(excerptBudget));
  const entries = passages.map((passage) => `${label(passage, passages.length)} ${passage.text}`);
  const chosen = selectExcerpts(
    rankPassages(passages, query),
    entries.map((entry) => entry.length + SEPARATOR.length),
    excerptBudget,
  );
  return { text: chosen.map((index) => entries[index]!).join(SEPARATOR), excerpted: true };
}

/** [hh:mm:ss] where a passage starts (a subtitle timestamp without its milliseconds), or its place among the parts of a transcript without times. */
function label(passage: Passage, count: number): string {
  return passage.start === null
    ? `[part ${passage.index + 1}/${count}]`
    : `[${formatTimestamp(passage.start, '.').slice(0, -4)}]`;
}

/**
 * Consecutive segments (each split at its sentences if it is long), grouped into passages of at
 * most `size` characters; a transcript without segments is split at its sentences.
 */
export function splitIntoPassages(source: Pick<TranscriptSource, 'text' | 'segments'>, size: number): Passage[] {
  const pieces: { start: number | null; text: string }[] = source.segments?.length
    ? source.segments.flatMap((segment) => sentences(segment.text, size).map((text) => ({ start: segment.start, text })))
    : sentences(source.text ?? '', size).map((text) => ({ start: null, text }));
  const passages: Passage[] = [];
  let current: { start: number | null; text: string } | undefined;
  for (const piece of pieces) {
    if (current && current.text.length + 1 + piece.text.length <= size) {
      current.text += ` ${piece.text}`;
      continue;
    }
    if (current) passages.push({ index: passages.length, ...current });
    current = { ...piece };
  }
  if (current) passages.push({ index: passages.length, ...current });
  return passages;
}

/** The sentences of `text`, none longer than `size`: a longer one is cut at a space, else anywhere. */
function sentences(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (const sentence of text.split(SENTENCE_BREAK)) {
    let rest = sentence.trim();
    while (rest.length > size) {
      const space = rest.lastIndexOf(' ', size);
      let at = space > size / 2 ? space : size;
      const code = rest.charCodeAt(at - 1);
      if (code >= 0xd800 && code <= 0xdbff) at -= 1; // not between the halves of a surrogate pair
      pieces.push(rest.slice(0, at).trim());
      rest = rest.slice(at).trim();
    }
    if (rest) pieces.push(rest);
  }
  return pieces;
}

/**
 * The words of `text` as the ranking compares them: lower case (NFKC, so full-width letters are
 * plain ones), without stopwords or a plural "s"; CJK runs as overlapping character pairs (a lone
 * character as itself), which match words without knowing where they start.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(TOKEN)) {
    if (CJK_RUN.test(run)) {
      const chars = Array.from(run); // code points: a run holds only CJK letters, never emoji sequences
      if (chars.length === 1) tokens.push(run);
      for (let i = 1; i < chars.length; i++) tokens.push(chars[i - 1]! + chars[i]!);
    } else if (!STOPWORDS.has(run)) {
      tokens.push(stem(run));
    }
  }
  return tokens;
}

/** "budgets" and "budget" alike; questions and passages go through the same rule, so it only has to be consistent. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** How well each passage answers `query`: its BM25 score, plus part of its better neighbour's. */
export function rankPassages(passages: Passage[], query: ChatQuery): number[] {
  const weights = new Map<string, number>();
  for (const term of query.earlier.flatMap(tokenize)) weights.set(term, EARLIER_WEIGHT);
  for (const term of tokenize(query.question)) weights.set(term, 1);
  const own = bm25(
    passages.map((passage) => tokenize(passage.text)),
    weights,
  );
  return own.map((score, i) => score + NEIGHBOUR_WEIGHT * Math.max(own[i - 1] ?? 0, own[i + 1] ?? 0));
}

function bm25(documents: string[][], weights: Map<string, number>): number[] {
  const counts = documents.map((tokens) => {
    const count = new Map<string, number>();
    for (const token of tokens) if (weights.has(token)) count.set(token, (count.get(token) ?? 0) + 1);
    return count;
  });
  const documentFrequency = new Map<string, number>();
  for (const count of counts)
    for (const term of count.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const averageLength = documents.reduce((sum, tokens) => sum + tokens.length, 0) / documents.length || 1;
  return counts.map((count, i) => {
    const saturation = K1 * (1 - B + (B * documents[i]!.length) / averageLength);
    let score = 0;
    for (const [term, frequency] of count) {
      const found = documentFrequency.get(term)!;
      const idf = Math.log(1 + (documents.length - found + 0.5) / (found + 0.5));
      score += (weights.get(term)! * idf * frequency * (K1 + 1)) / (frequency + saturation);
    }
    return score;
  });
}

/**
 * The indexes of the passages to give, in time order: the relevant ones best first while they
 * fit, then, if room is left (a broad question, or one in another language than the recording),
 * the others spread evenly over the recording.
 */
export function selectExcerpts(ranks: number[], costs: number[], budget: number): number[] {
  const indexes = ranks.map((_, i) => i);
  const relevant = indexes.filter((i) => ranks[i]! > 0).sort((a, b) => ranks[b]! - ranks[a]! || a - b);
  const others = spreadOrder(indexes.filter((i) => ranks[i]! <= 0));
  const chosen: number[] = [];
  let left = budget;
  for (const i of [...relevant, ...others]) {
    if (costs[i]! > left) continue;
    chosen.push(i);
    left -= costs[i]!;
  }
  return chosen.sort((a, b) => a - b);
}

/** The items, ordered to cover them evenly whenever the list stops: the first, the middle, the quarters, the eighths, … */
export function spreadOrder<T>(items: T[]): T[] {
  const order: T[] = [];
  const taken = new Set<number>();
  for (let parts = 1; taken.size < items.length; parts *= 2) {
    for (let k = 0; k < parts; k++) {
      const i = Math.floor((k * items.length) / parts);
      if (taken.has(i)) continue;
      taken.add(i);
      order.push(items[i]!);
    }
  }
  return order;
}
