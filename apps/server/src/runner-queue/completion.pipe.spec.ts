import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { COMPLETION_LIMITS } from '@app/contracts';
import { checkSegments } from './completion.pipe.js';

describe('checkSegments: word timestamps', () => {
  const segment = (words: unknown) => [{ start: 0, end: 2, text: ' a b', words }];

  it('takes segments with and without words', () => {
    const words = [
      { word: ' a', start: 0, end: 1, probability: 0.5 },
      { word: ' b', start: 1, end: 2 },
    ];
    expect(checkSegments(segment(words))[0]!.words).toEqual(words);
    expect(checkSegments([{ start: 0, end: 1, text: 'x' }])).toHaveLength(1);
  });

  it.each([
    ['not an array', 'a b', 'segments.0.words must be an array'],
    ['a word without times', [{ word: ' a' }], 'segments.0.words.0.start and .end must be numbers of seconds, at least 0'],
    ['a negative time', [{ word: ' a', start: -1, end: 1 }], 'segments.0.words.0.start and .end'],
    ['a probability over 1', [{ word: ' a', start: 0, end: 1, probability: 2 }], 'probability must be a number from 0 to 1'],
    ['an unknown key', [{ word: ' a', start: 0, end: 1, speaker: 'x' }], 'segments.0.words.0.speaker should not exist'],
    ['a word too long', [{ word: 'x'.repeat(COMPLETION_LIMITS.wordChars + 1), start: 0, end: 1 }], 'must be a string of at most'],
  ])('refuses %s (400)', (_case, words, message) => {
    expect(() => checkSegments(segment(words))).toThrow(BadRequestException);
    expect(() => checkSegments(segment(words))).toThrow(message);
  });

  it('refuses more words in a segment than the limit (413)', () => {
    const words = Array.from({ length: COMPLETION_LIMITS.segmentWords + 1 }, () => ({ word: ' a', start: 0, end: 1 }));
    expect(() => checkSegments(segment(words))).toThrow(PayloadTooLargeException);
  });
});
