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
/** A character that is a word of its own: Chinese, Japanese, Korean. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]$/u;

/** A string whose characters are bytes (the file read as latin1) as the UTF-8 text it holds. */
const utf8 = (bytes: string) => Buffer.from(bytes, 'latin1').toString('utf8');

/**
 * Words from a segment's tokens, whose texts are raw bytes (a token may hold part of a UTF-8
 * character: whisper's tokens are byte pieces). Special tokens are dropped; a token joins the
 * word before it unless it starts with a space, starts a 3-byte character (CJK and the like), or
 * follows a whole CJK character; never when it continues a character. A word's times run from
 * its first token's start to its last one's end; its probability is the mean of its tokens'.
 */
export function tokensToWords(tokens: WhisperToken[]): Word[] {
  const words: { bytes: string; start: number; end: number; ps: number[] }[] = [];
  for (const token of tokens) {
    if (!token.offsets || !token.text || SPECIAL.test(token.text.trim())) continue;
    const first = token.text.charCodeAt(0);
    const last = words.at(-1);
    const continuesCharacter = first >= 0x80 && first <= 0xbf;
    const startsWord =
      !last ||
      (!continuesCharacter &&
        (first === 0x20 ||
          (first >= 0xe0 && first <= 0xef) ||
          (CJK.test(utf8(last.bytes)) && !utf8(last.bytes).endsWith('\ufffd'))));
    if (startsWord) {
      words.push({ bytes: token.text, start: token.offsets.from / 1000, end: token.offsets.to / 1000, ps: [] });
    } else {
      last.bytes += token.text;
      last.end = Math.max(last.end, token.offsets.to / 1000);
    }
    if (typeof token.p === 'number') words.at(-1)!.ps.push(token.p);
  }
  return words
    .map(({ bytes, start, end, ps }): Word => {
      const word = { word: utf8(bytes), start, end };
      return ps.length ? { ...word, probability: Math.round((ps.reduce((a, b) => a + b, 0) / ps.length) * 1e4) / 1e4 } : word;
    })
    .filter((word) => word.word.trim());
}

/**
 * Segments from whisper-cli's JSON file, in seconds from the start of its input; with `words`
 * when asked and present. Read as bytes: whisper writes token texts that may split a character.
 */
export function readWhisperJson(file: Buffer, withWords: boolean): { segments: Segment[]; language: string | null } {
  const output = JSON.parse(file.toString('latin1')) as WhisperJson;
  const language = output.result?.language ?? output.params?.language;
  return {
    language: language === undefined ? null : utf8(language),
    segments: (output.transcription ?? []).map((segment) => ({
      start: segment.offsets.from / 1000,
      end: segment.offsets.to / 1000,
      text: utf8(segment.text),
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
