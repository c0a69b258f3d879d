import { SAMPLE_RATE } from '../media/wav.js';
import { pauseMiddles, SpeechMap } from './speech-map.js';

const s = (seconds: number) => Math.round(seconds * SAMPLE_RATE);
/** Speech at 20.3–30.6 s and 46.3–56.6 s of the original file (jfk.wav between silences). */
const map = () =>
  new SpeechMap(
    [
      { start: s(20.3), end: s(30.6) },
      { start: s(46.3), end: s(56.6) },
    ],
    s(1),
  );

describe('SpeechMap', () => {
  it('lays the speech out back to back', () => {
    expect(map().spans).toEqual([
      { start: s(20.3), end: s(30.6), at: 0 },
      { start: s(46.3), end: s(56.6), at: s(10.3) },
    ]);
    expect(map().speechSeconds).toBeCloseTo(20.6, 6);
    expect(map().joins).toEqual([10.3]);
  });

  it('maps times in the speech-only audio back to the file, exactly', () => {
    expect(map().toOriginal(0.5, 'start')).toBe(20.8);
    expect(map().toOriginal(0, 'start')).toBe(20.3);
    expect(map().toOriginal(12.5, 'start')).toBe(48.5);
    expect(map().toOriginal(20.6, 'end')).toBe(56.6);
  });

  it('puts a time at a join in the span it starts or ends', () => {
    expect(map().toOriginal(10.3, 'start')).toBe(46.3);
    expect(map().toOriginal(10.3, 'end')).toBe(30.6);
  });

  it('maps segments and their words; a segment across a join spans the removed pause', () => {
    expect(
      map().segment({
        start: 9.5,
        end: 11,
        text: ' ask not',
        words: [
          { word: ' ask', start: 9.5, end: 10.3 },
          { word: ' not', start: 10.3, end: 11 },
        ],
      }),
    ).toEqual({
      start: 29.8,
      end: 47,
      text: ' ask not',
      words: [
        { word: ' ask', start: 29.8, end: 30.6 },
        { word: ' not', start: 46.3, end: 47 },
      ],
    });
  });

  it('joins regions closer than the join gap, keeping the pause between them', () => {
    const joined = new SpeechMap(
      [
        { start: s(1), end: s(2) },
        { start: s(2.5), end: s(3) },
        { start: s(5), end: s(6) },
      ],
      s(1),
    );
    expect(joined.spans).toEqual([
      { start: s(1), end: s(3), at: 0 },
      { start: s(5), end: s(6), at: s(2) },
    ]);
    expect(joined.toOriginal(1.75, 'start')).toBe(2.75);
  });

  it('has no speech for no regions', () => {
    expect(new SpeechMap([], s(1)).speechSamples).toBe(0);
  });
});

describe('pauseMiddles', () => {
  it('gives the middle of the silence before, between and after the regions', () => {
    expect(
      pauseMiddles(
        [
          { start: s(2), end: s(4) },
          { start: s(10), end: s(12) },
        ],
        s(20),
      ),
    ).toEqual([1, 7, 16]);
    expect(pauseMiddles([{ start: 0, end: s(5) }], s(5))).toEqual([]);
  });
});
