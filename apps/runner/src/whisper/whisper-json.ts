import type { Segment, Word } from '@app/contracts';

/** One token of whisper-cli's full JSON output (-ojf): offsets in milliseconds, absent for tokens without times. */
interface WhisperToken {
  text: string;
  offsets?: { from: number; to: number };
  id?: number;
  p?: number;
}

/** whisper-cli's JSON output (-oj, or -ojf with `tokens`): offsets in milliseconds. */
export interface WhisperJson {
  result?: { language?: string };
  params?: { language?: string };
  transcription?: { offsets: { from: number; to: number }; text: string; tokens?: WhisperToken[] }[];
}

/** Special tokens: [_BEG_], [_TT_150], [_SOT_], <|endoftext|> … */
const SPECIAL = /^(\[_[A-Z]+_?\d*\]|<\|[^|]*\|>)$/;
/** A token that is a word of its own even without a leading space: Chinese, Japanese, Korean. */
const CJK_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Words from a segment's tokens: special tokens dropped, sub-word tokens joined to the word they
 * continue (a new word starts at a leading space, or at a CJK character); its times run from the
 * first token's start to the last one's end; its probability is the mean of its tokens'.
 */
export function tokensToWords(tokens: WhisperToken[]): Word[] {
  const words: (Word & { ps: number[] })[] = [];
  for (const token of tokens) {
    if (!token.offsets || !token.text || SPECIAL.test(token.text.trim())) continue;
    const last = words.at(-1);
    const startsWord = !last || /^\s/.test(token.text) || CJK_START.test(token.text) || CJK_START.test(last.word.slice(-1));
    if (startsWord) {
      words.push({ word: token.text, start: token.offsets.from / 1000, end: token.offsets.to / 1000, ps: [] });
    } else {
      last.word += token.text;
      last.end = Math.max(last.end, token.offsets.to / 1000);
    }
    if (typeof token.p === 'number') words.at(-1)!.ps.push(token.p);
  }
  return words
    .filter((word) => word.word.trim())
    .map(({ ps, ...word }) =>
      ps.length ? { ...word, probability: Math.round((ps.reduce((a, b) => a + b, 0) / ps.length) * 1e4) / 1e4 } : word,
    );
}

/** Segments from whisper-cli's JSON, in seconds from the start of its input; with `words` when asked and present. */
export function parseWhisperJson(output: WhisperJson, withWords: boolean): { segments: Segment[]; language: string | null } {
  return {
    language: output.result?.language ?? output.params?.language ?? null,
    segments: (output.transcription ?? []).map((segment) => ({
      start: segment.offsets.from / 1000,
      end: segment.offsets.to / 1000,
      text: segment.text,
      ...(withWords ? { words: tokensToWords(segment.tokens ?? []) } : {}),
    })),
  };
}

/** A segment moved by `offset` seconds, its words too (chunk times to file times). */
export function shiftSegment(segment: Segment, offset: number): Segment {
  return {
    ...segment,
    start: segment.start + offset,
    end: segment.end + offset,
    ...(segment.words
      ? { words: segment.words.map((word) => ({ ...word, start: word.start + offset, end: word.end + offset })) }
      : {}),
  };
}
