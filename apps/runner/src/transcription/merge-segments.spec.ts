import { type ChunkTranscript, mergeChunkTranscripts } from './merge-segments.js';
import type { Segment } from '@app/contracts';

const words = (segments: Segment[]) =>
  segments
    .map((segment) => segment.text.trim())
    .join(' ')
    .split(/\s+/)
    .filter(Boolean);

/** Segments of `perSegment` words, one word per second, numbered words w{from}… */
function speech(fromWord: number, toWord: number, perSegment = 4, garbleFirst = false): Segment[] {
  const segments: Segment[] = [];
  for (let w = fromWord; w < toWord; w += perSegment) {
    const ids = Array.from({ length: Math.min(perSegment, toWord - w) }, (_, k) => w + k);
    const text = ids.map((id, k) => (garbleFirst && w === fromWord && k === 0 ? 'xq' : `w${id}`)).join(' ');
    segments.push({ start: w, end: w + ids.length, text: ` ${text}` });
  }
  return segments;
}

describe('mergeChunkTranscripts', () => {
  it('joins two chunks that both heard the overlap with no word lost or doubled', () => {
    // Chunk 1: 0–60 s, cut at 50, audio to 60; chunk 2 starts at 50.
    const chunks: ChunkTranscript[] = [
      { cut: 50, end: 60, segments: speech(0, 60) },
      { cut: 100, end: 100, segments: speech(50, 100, 5) },
    ];
    expect(words(mergeChunkTranscripts(chunks))).toEqual(Array.from({ length: 100 }, (_, i) => `w${i}`));
  });

  it('drops a word garbled at the start of a chunk (cut mid-word) in favour of the previous chunk', () => {
    const chunks: ChunkTranscript[] = [
      { cut: 50, end: 60, segments: speech(0, 60) },
      { cut: 90, end: 90, segments: speech(50, 90, 4, true) },
    ];
    const merged = words(mergeChunkTranscripts(chunks));
    expect(merged).toEqual(Array.from({ length: 90 }, (_, i) => `w${i}`));
    expect(merged).not.toContain('xq');
  });

  it('keeps times in order and segment times relative to the whole file', () => {
    const merged = mergeChunkTranscripts([
      { cut: 50, end: 60, segments: speech(0, 60) },
      { cut: 80, end: 80, segments: speech(50, 80, 3) },
    ]);
    for (let i = 1; i < merged.length; i++) expect(merged[i]!.start).toBeGreaterThanOrEqual(merged[i - 1]!.end - 1e-9);
    expect(merged.at(-1)!.end).toBe(80);
  });

  it('handles CJK text, where every character is a word', () => {
    const text = '今天我们讨论项目进度然后安排下周的工作计划大家有问题吗';
    const chars = Array.from(text);
    // 1 character per second; chunk 1 hears 0–20 s, chunk 2 hears 12–28 s.
    const segs = (from: number, to: number, size: number) => {
      const out: Segment[] = [];
      for (let i = from; i < to; i += size)
        out.push({ start: i, end: Math.min(to, i + size), text: chars.slice(i, Math.min(to, i + size)).join('') });
      return out;
    };
    const merged = mergeChunkTranscripts([
      { cut: 12, end: 20, segments: segs(0, 20, 5) },
      { cut: 28, end: 28, segments: segs(12, 28, 6) },
    ]);
    expect(merged.map((segment) => segment.text).join('')).toBe(text);
  });

  it('without shared words (silence in the overlap) splits the overlap at its midpoint', () => {
    const merged = mergeChunkTranscripts([
      { cut: 50, end: 60, segments: [{ start: 0, end: 40, text: ' first part' }] },
      { cut: 100, end: 100, segments: [{ start: 70, end: 90, text: ' second part' }] },
    ]);
    expect(merged).toEqual([
      { start: 0, end: 40, text: ' first part' },
      { start: 70, end: 90, text: ' second part' },
    ]);
  });

  it('passes a single chunk through, drops empty segments, and accepts chunks of silence', () => {
    expect(mergeChunkTranscripts([])).toEqual([]);
    const one = speech(0, 8);
    expect(mergeChunkTranscripts([{ cut: 8, end: 8, segments: [...one, { start: 8, end: 9, text: ' ' }] }])).toEqual(one);
    const merged = mergeChunkTranscripts([
      { cut: 50, end: 60, segments: speech(0, 50) },
      { cut: 100, end: 110, segments: [] },
      { cut: 150, end: 150, segments: speech(100, 150) },
    ]);
    expect(words(merged)).toEqual(Array.from({ length: 150 }, (_, i) => `w${i}`).filter((_, i) => i < 50 || i >= 100));
  });

  it('joins three chunks, each overlap deduplicated', () => {
    const merged = mergeChunkTranscripts([
      { cut: 40, end: 55, segments: speech(0, 55, 5) },
      { cut: 80, end: 95, segments: speech(40, 95, 3) },
      { cut: 120, end: 120, segments: speech(80, 120, 4) },
    ]);
    expect(words(merged)).toEqual(Array.from({ length: 120 }, (_, i) => `w${i}`));
  });
});
