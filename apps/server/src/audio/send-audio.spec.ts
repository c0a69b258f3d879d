import { clampSuffixRanges } from './send-audio.js';

describe('clampSuffixRanges', () => {
  it.each([
    ['bytes=-5000', 100, 'bytes=0-'],
    ['bytes=-100', 100, 'bytes=-100'],
    ['bytes=-50', 100, 'bytes=-50'],
    ['bytes=0-9, -500', 100, 'bytes=0-9, 0-'],
    ['bytes=10-', 100, 'bytes=10-'],
    ['bytes=-0', 100, 'bytes=-0'],
    ['items=-500', 100, 'items=-500'],
  ])('%s on a %d-byte file → %s', (range, size, expected) => {
    expect(clampSuffixRanges(range, size)).toBe(expected);
  });
});
