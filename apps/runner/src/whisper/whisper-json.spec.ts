import type { Segment } from '@app/contracts';
import { mergeChunkTranscripts } from '../transcription/merge-segments.js';
import { readWhisperJson, shiftSegment, tokensToWords } from './whisper-json.js';

/** What whisper-cli writes, as the bytes of its file. */
const parseWhisperJson = (output: object, withWords: boolean) => readWhisperJson(Buffer.from(JSON.stringify(output)), withWords);

const t = (text: string, from: number, to: number, p = 0.9) => ({
  text,
  timestamps: { from: '', to: '' },
  offsets: { from, to },
  id: 1,
  p,
  t_dtw: -1,
});

/** What whisper-cli -ojf writes (examples/cli/cli.cpp output_json with full = true). */
const FULL_JSON = {
  params: { model: 'ggml-base.bin', language: 'en', translate: false },
  result: { language: 'en' },
  transcription: [
    {
      timestamps: { from: '00:00:00,000', to: '00:00:02,500' },
      offsets: { from: 0, to: 2500 },
      text: ' Hello, wonderful world.',
      tokens: [
        t('[_BEG_]', 0, 0, 0.99),
        t(' Hello', 0, 400, 0.8),
        t(',', 400, 450, 1),
        t(' wonder', 500, 900, 0.6),
        t('ful', 900, 1200, 0.8),
        t(' world', 1300, 2000),
        t('.', 2000, 2100),
        t('[_TT_125]', 2500, 2500),
      ],
    },
    {
      timestamps: { from: '00:00:02,500', to: '00:00:03,000' },
      offsets: { from: 2500, to: 3000 },
      text: '你好',
      tokens: [t('你', 2500, 2700), t('好', 2700, 3000), { text: '[_EOT_]', id: 50257, p: 1, t_dtw: -1 }],
    },
  ],
};

describe('whisper-cli full JSON (-ojf)', () => {
  it('turns tokens into words: special tokens dropped, sub-words joined, times and mean probability', () => {
    const { segments, language } = parseWhisperJson(FULL_JSON, true);
    expect(language).toBe('en');
    expect(segments[0]).toEqual({
      start: 0,
      end: 2.5,
      text: ' Hello, wonderful world.',
      words: [
        { word: ' Hello,', start: 0, end: 0.45, probability: 0.9 },
        { word: ' wonderful', start: 0.5, end: 1.2, probability: 0.7 },
        { word: ' world.', start: 1.3, end: 2.1, probability: 0.9 },
      ],
    });
    expect(segments[1]!.words).toEqual([
      { word: '你', start: 2.5, end: 2.7, probability: 0.9 },
      { word: '好', start: 2.7, end: 3, probability: 0.9 },
    ]);
  });

  it('leaves words out unless asked, and copes with segments without tokens', () => {
    expect(parseWhisperJson(FULL_JSON, false).segments[0]).not.toHaveProperty('words');
    const plain = { transcription: [{ offsets: { from: 0, to: 1000 }, text: ' hi' }] };
    expect(parseWhisperJson(plain, true).segments).toEqual([{ start: 0, end: 1, text: ' hi', words: [] }]);
    expect(tokensToWords([{ text: ' x' }])).toEqual([]);
  });

  it('joins tokens that split a character (whisper writes byte pieces) and keeps CJK characters apart', () => {
    const bytes = (text: string) => Buffer.from(text, 'utf8');
    const ni = bytes('你'); // e4 bd a0
    // The file holds raw bytes: "你" split after its first byte, then "好", then " ok".
    const file = Buffer.concat([
      bytes('{"transcription":[{"offsets":{"from":0,"to":900},"text":"你好 ok","tokens":['),
      bytes('{"text":"'),
      ni.subarray(0, 1),
      bytes('","offsets":{"from":0,"to":100},"p":0.5},{"text":"'),
      ni.subarray(1),
      bytes('","offsets":{"from":100,"to":300},"p":1},{"text":"好","offsets":{"from":300,"to":600}},'),
      bytes('{"text":" ok","offsets":{"from":600,"to":900}}]}]}'),
    ]);
    const [segment] = readWhisperJson(file, true).segments;
    expect(segment!.text).toBe('你好 ok');
    expect(segment!.words).toEqual([
      { word: '你', start: 0, end: 0.3, probability: 0.75 },
      { word: '好', start: 0.3, end: 0.6 },
      { word: ' ok', start: 0.6, end: 0.9 },
    ]);
  });

  it('shifts word times with the segment (chunk times to file times)', () => {
    const [segment] = parseWhisperJson(FULL_JSON, true).segments;
    const shifted = shiftSegment(segment!, 600);
    expect(shifted.start).toBe(600);
    expect(shifted.end).toBe(602.5);
    expect(shifted.words!.map((word) => [word.start, word.end])).toEqual([
      [600, 600.45],
      [600.5, 601.2],
      [601.3, 602.1],
    ]);
  });
});

describe('merging chunks keeps the words of what it keeps', () => {
  /** One segment per 2 words, one word per second, each word timed. */
  const speech = (from: number, to: number): Segment[] => {
    const segments: Segment[] = [];
    for (let w = from; w < to; w += 2) {
      const ids = [w, w + 1].filter((id) => id < to);
      segments.push({
        start: w,
        end: w + ids.length,
        text: ids.map((id) => ` w${id}`).join(''),
        words: ids.map((id) => ({ word: ` w${id}`, start: id, end: id + 1 })),
      });
    }
    return segments;
  };

  it('has every word once, in order, with its own time', () => {
    // Chunk 1: 0–12 s cut at 10; chunk 2 starts at 10 but its segments start on odd words (9, 11 …): edges are cut.
    const second = speech(9, 20).map((segment) => shiftSegment(segment, 0));
    const merged = mergeChunkTranscripts([
      { cut: 10, end: 12, segments: speech(0, 12) },
      { cut: 20, end: 20, segments: second },
    ]);
    const words = merged.flatMap((segment) => segment.words ?? []);
    expect(words.map((word) => word.word.trim())).toEqual(Array.from({ length: 20 }, (_, i) => `w${i}`));
    expect(words.every((word) => word.start === Number(word.word.trim().slice(1)))).toBe(true);
  });
});
