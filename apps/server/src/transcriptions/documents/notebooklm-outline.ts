import type { Segment } from '@app/contracts';
import { documentTitle, formatClock, joinText, metadataLine, summaryMarkdown, type DocumentInput } from './document-input.js';

/** A stretch of the transcript; times are null when the audio's length is unknown. */
interface OutlinePart {
  start: number | null;
  end: number | null;
  /** Whether the times are estimated from the text's length rather than read off segments. */
  estimated: boolean;
  text: string;
}

const PART_SECONDS = 5 * 60;
const PART_CHARACTERS = 2000;
/** How far past a part's ideal end to look for the end of a sentence or a word. */
const BREAK_WINDOW = 300;
const HEADLINE_LENGTH = 120;
const KEY_TERM_COUNT = 10;
const SENTENCE_END = /[.!?。！？…]/;
const FIRST_SENTENCE = /^.*?(?:[.!?](?= |$)|[。！？…])/;
/** Han runs (for 2-character terms) and Latin words, in one pass so terms keep their order in the text. */
const WORDS = /(\p{Script=Han}+)|(\p{Script=Latin}+(?:['’]\p{Script=Latin}+)*)/gu;
/** Chinese particles and pronouns: a 2-character sequence holding one is rarely a term. */
const HAN_STOP_CHARACTERS = new Set('的了吗呢吧啊呀嗯哦么着和与及或也就都很这那我你他她它们');
const HAN_STOP_PAIRS = new Set(
  '一个 一下 一些 一点 什么 怎么 因为 所以 但是 然后 还是 可以 没有 不是 已经 现在 时候 知道 觉得 其实 如果 可能 自己 大家'.split(
    ' ',
  ),
);
const LATIN_STOP_WORDS = new Set(
  (
    'about above after again also always another because been before being below between both could does doing done ' +
    'down during each even every from going gonna have having here into just know like made make many maybe mean more ' +
    'most much must need only other over really right said same should since some something such than that their them ' +
    'then there these they thing things think this those through very want well were what when where which while will ' +
    'with would yeah your okay actually kind sort'
  ).split(' '),
);

/** The part a moment falls in, among `count` equal stretches of `length` seconds. */
function partIndex(start: number, length: number, count: number): number {
  if (!(length > 0)) return 0;
  return Math.min(count - 1, Math.max(0, Math.floor(start / length)));
}

/**
 * Segments grouped into equal stretches of about five minutes. Each part runs until the next one
 * starts, and the first from 0 to the last to the end of the audio, so together they cover all of it.
 */
function timedParts(segments: Segment[], durationSeconds: number | null): OutlinePart[] {
  const spoken = segments.filter((segment) => segment.text.trim() !== '').sort((a, b) => a.start - b.start);
  const audioEnd = spoken.reduce((end, segment) => Math.max(end, segment.start, segment.end), durationSeconds ?? 0);
  const count = Math.max(1, Math.round(audioEnd / PART_SECONDS));
  const buckets: Segment[][] = Array.from({ length: count }, () => []);
  for (const segment of spoken) buckets[partIndex(segment.start, audioEnd / count, count)]!.push(segment);
  const filled = buckets.filter((bucket) => bucket.length > 0);
  return filled.map((bucket, index) => ({
    start: index === 0 ? 0 : bucket[0]!.start,
    end: filled[index + 1]?.[0]?.start ?? audioEnd,
    estimated: false,
    text: joinText(bucket.map((segment) => segment.text)),
  }));
}

/** Where to end a part near `from`: after a sentence, else after a word, else right there. */
function breakPoint(characters: string[], from: number): number {
  const window = characters.slice(from, from + BREAK_WINDOW);
  const sentenceEnd = window.findIndex((character) => SENTENCE_END.test(character));
  if (sentenceEnd !== -1) return from + sentenceEnd + 1;
  const space = window.findIndex((character) => /\s/.test(character));
  return space === -1 ? from : from + space + 1;
}

/** Text without timing, cut into parts of about 2,000 characters; times are prorated when the duration is known. */
function textParts(text: string, durationSeconds: number | null): OutlinePart[] {
  const characters = Array.from(text.trim());
  const total = characters.length;
  if (total === 0) return [];
  const count = Math.max(1, Math.round(total / PART_CHARACTERS));
  const cuts = Array.from({ length: count - 1 }, (_, index) => breakPoint(characters, Math.round(((index + 1) * total) / count)));
  const bounds = [0, ...cuts, total];
  const at = (offset: number) => (durationSeconds === null ? null : (durationSeconds * offset) / total);
  return bounds
    .slice(1)
    .map((end, index) => ({ from: bounds[index]!, to: end }))
    .filter(({ from, to }) => to > from)
    .map(({ from, to }) => ({ start: at(from), end: at(to), estimated: true, text: characters.slice(from, to).join('') }));
}

/** A part's first sentence, or its first ~120 characters, cut at a word where there are words. */
function headline(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = FIRST_SENTENCE.exec(flat)?.[0] ?? flat;
  const characters = Array.from(sentence);
  if (characters.length <= HEADLINE_LENGTH) return sentence;
  const cut = characters.slice(0, HEADLINE_LENGTH).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > cut.length / 2 ? cut.slice(0, lastSpace) : cut}…`;
}

function outlineLine(part: OutlinePart, index: number): string {
  const range =
    part.start === null || part.end === null
      ? ''
      : `[${part.estimated ? '≈' : ''}${formatClock(part.start)}–${formatClock(part.end)}] `;
  return `${index + 1}. ${range}${headline(part.text)}`;
}

/** 2-character sequences of a Han run, leaving out those with a particle or pronoun. */
function hanTerms(run: string): string[] {
  const characters = Array.from(run);
  return characters
    .slice(1)
    .map((character, index) => `${characters[index]!}${character}`)
    .filter((pair) => !HAN_STOP_PAIRS.has(pair) && !Array.from(pair).some((character) => HAN_STOP_CHARACTERS.has(character)));
}

/** A Latin word as a term: lowercase, without a possessive 's; contractions and short or stop words are none. */
function latinTerm(word: string): string | null {
  const term = word.toLowerCase().replace(/['’]s$/, '');
  if (/['’]/.test(term) || Array.from(term).length < 4 || LATIN_STOP_WORDS.has(term)) return null;
  return term;
}

/** The most frequent terms said at least twice; ties go to the term said first. */
function keyTerms(text: string): string[] {
  const counts = new Map<string, number>();
  for (const [, han, latin] of text.matchAll(WORDS)) {
    const terms = han !== undefined ? hanTerms(han) : [latinTerm(latin ?? '')];
    for (const term of terms) if (term !== null) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, KEY_TERM_COUNT)
    .map(([term]) => term);
}

function suggestedQuestions(title: string, terms: string[]): string[] {
  const questions = [
    `What are the main topics covered in "${title}"?`,
    `What decisions were made in "${title}", and why?`,
    `What action items or next steps come out of "${title}", and who owns them?`,
    `Which questions or issues in "${title}" are still open?`,
  ];
  const topTerm = terms[0];
  if (topTerm !== undefined) questions.push(`What does "${title}" say about "${topTerm}"?`);
  return questions;
}

function section(heading: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : [`${heading}\n${lines.join('\n')}`];
}

/**
 * A plain-text guide to the transcription for NotebookLM, built without an LLM: title and metadata,
 * the summary when there is one, an outline of timed parts, questions to ask and the key terms.
 */
export function renderNotebookLmOutline(input: DocumentInput): string {
  const title = documentTitle(input.fileName);
  const summary = summaryMarkdown(input);
  const text = input.text.trim() === '' ? joinText(input.segments.map((segment) => segment.text)) : input.text;
  const hasTimedSpeech = input.segments.some((segment) => segment.text.trim() !== '');
  const parts = hasTimedSpeech ? timedParts(input.segments, input.durationSeconds) : textParts(text, input.durationSeconds);
  const terms = keyTerms(text);
  const blocks = [
    `${title}\n${metadataLine(input)}`,
    ...section('Summary', summary === null ? [] : [summary]),
    ...section('Outline', parts.map(outlineLine)),
    ...section(
      'Suggested questions',
      suggestedQuestions(title, terms).map((question) => `- ${question}`),
    ),
    ...section('Key terms', terms.length === 0 ? [] : [terms.join(', ')]),
  ];
  return `${blocks.join('\n\n')}\n`;
}
