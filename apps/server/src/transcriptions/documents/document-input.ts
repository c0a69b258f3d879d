import type { Segment } from '@app/contracts';

/** What the document renderers need of a finished transcription. */
export interface DocumentInput {
  /** The user's upload name, e.g. '会议记录 第1期.m4a'. */
  fileName: string;
  language: string | null;
  durationSeconds: number | null;
  createdAt: Date;
  /** The whole transcript. */
  text: string;
  /** Timed pieces of the transcript; may be empty. */
  segments: Segment[];
  /** Markdown written by an LLM, or null when there is none. */
  summary: string | null;
}

/** Chinese and Japanese characters and their punctuation: scripts written without spaces between words. */
const CJK = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef]';
const CJK_ANYWHERE = new RegExp(CJK, 'u');
const CJK_FIRST = new RegExp(`^${CJK}`, 'u');
const CJK_LAST = new RegExp(`${CJK}$`, 'u');

export function containsCjk(text: string): boolean {
  return CJK_ANYWHERE.test(text);
}

/** The file name without its extension: what users know their recording by. */
export function documentTitle(fileName: string): string {
  const title = fileName
    // An extension is short and has a letter, so 'Meeting 3.5' keeps its '.5'.
    .replace(/(?<=[^.])\.(?=[^.\s]*[a-z])[^.\s]{1,5}$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return title === '' ? 'Transcript' : title;
}

/** 3725.4 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const minutesAndSeconds = [Math.floor(total / 60) % 60, total % 60].map((value) => String(value).padStart(2, '0'));
  return [String(Math.floor(total / 3600)), ...minutesAndSeconds].join(':');
}

/** 62.9 → "00:01:02": the second a moment falls in, so a timestamp never points past what it labels. */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  return [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
    .map((value) => String(value).padStart(2, '0'))
    .join(':');
}

/** "2024-05-01 14:30 UTC · Duration 1:02:05 · Language zh"; unknown values are left out. */
export function metadataLine(input: DocumentInput): string {
  const parts = [`${input.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`];
  if (input.durationSeconds !== null && Number.isFinite(input.durationSeconds)) {
    parts.push(`Duration ${formatDuration(input.durationSeconds)}`);
  }
  if (input.language) parts.push(`Language ${input.language}`);
  return parts.join(' · ');
}

/** The summary without surrounding blank lines and with Unix line ends, or null when there is nothing to show. */
export function summaryMarkdown(input: DocumentInput): string | null {
  const summary = input.summary?.replace(/\r\n?/g, '\n').trim();
  if (summary === undefined || summary === '') return null;
  return summary;
}

/**
 * Joins pieces of text (lines, segments) with a space, except where either side is Chinese or
 * Japanese: those scripts put no spaces between words, so a space there would be a stray one.
 */
export function joinText(pieces: readonly string[]): string {
  const kept = pieces.map((piece) => piece.trim()).filter((piece) => piece !== '');
  return kept
    .map((piece, index) => {
      const previous = kept[index - 1];
      const spaced = previous !== undefined && !CJK_LAST.test(previous) && !CJK_FIRST.test(piece);
      return spaced ? ` ${piece}` : piece;
    })
    .join('');
}
