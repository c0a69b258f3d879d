import { toSearchMatch } from './search-snippet.js';
import { needsUnicodeFolding, type SearchExcerpt } from './transcription.repository.js';

const excerpt = (text: string, before: number, length: number, cut: Partial<SearchExcerpt> = {}): SearchExcerpt => ({
  field: 'text',
  excerpt: text,
  before,
  length,
  cutStart: false,
  cutEnd: false,
  ...cut,
});
const marked = ({ snippet, highlights }: { snippet: string; highlights: [number, number][] }) =>
  highlights.map(([start, end]) => snippet.slice(start, end));

describe('toSearchMatch', () => {
  it('highlights every occurrence, in any case, as offsets into the snippet', () => {
    const match = toSearchMatch(excerpt('Budget first, then the BUDGET again', 0, 6), 'budget');
    expect(match).toEqual({
      field: 'text',
      snippet: 'Budget first, then the BUDGET again',
      highlights: [
        [0, 6],
        [23, 29],
      ],
    });
  });

  it('marks cuts with an ellipsis, drops a partial first word, and keeps one line', () => {
    const match = toSearchMatch(excerpt('rem ipsum\ndolor needle sit\tamet', 16, 6, { cutStart: true, cutEnd: true }), 'needle');
    expect(match.snippet).toBe('…ipsum dolor needle sit amet…');
    expect(marked(match)).toEqual(['needle']);
  });

  it('counts UTF-16 units, so characters outside the BMP do not shift the highlights', () => {
    const match = toSearchMatch(excerpt('🎤🎤 会议 and 会议', 3, 2), '会议');
    expect(match.highlights).toEqual([
      [5, 7],
      [12, 14],
    ]);
    expect(marked(match)).toEqual(['会议', '会议']);
  });

  it('keeps the match the database found even where JavaScript case rules differ, and never overlaps', () => {
    // The database matched at 0 (say, by its own case rules); "aa" in "aaaa" gives two, not three.
    expect(toSearchMatch(excerpt('İx', 0, 1), 'q').highlights).toEqual([[0, 1]]);
    expect(toSearchMatch(excerpt('aaaa', 0, 2), 'aa').highlights).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });
});

describe('needsUnicodeFolding', () => {
  it('is true only for a cased letter beyond ASCII', () => {
    for (const text of ['Budget 2026', '会议', '議事録を', '100% _x_', '🎤'])
      expect({ text, unicode: needsUnicodeFolding(text) }).toEqual({ text, unicode: false });
    for (const text of ['école', 'STRAßE', 'Жук', 'Ἀθῆναι'])
      expect({ text, unicode: needsUnicodeFolding(text) }).toEqual({ text, unicode: true });
  });
});
