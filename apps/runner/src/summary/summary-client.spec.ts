import { splitForSummary } from './summary-client.js';

describe('splitForSummary', () => {
  it('keeps a short transcript whole', () => {
    expect(splitForSummary('  Short text.  ', 100)).toEqual(['Short text.']);
  });

  it('cuts long text at sentence ends, losing nothing', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const parts = splitForSummary(text, 200);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.every((part) => part.length <= 200 && part.endsWith('.'))).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });

  it('cuts Chinese at 。 and text without any break at the limit', () => {
    const chinese = '我们今天讨论了项目的进度。'.repeat(30);
    const parts = splitForSummary(chinese, 100);
    expect(parts.every((part) => part.length <= 100 && part.endsWith('。'))).toBe(true);
    expect(parts.join('')).toBe(chinese);
    expect(splitForSummary('x'.repeat(250), 100)).toEqual(['x'.repeat(100), 'x'.repeat(100), 'x'.repeat(50)]);
  });
});
