import { transcriptText } from './transcriber.js';

describe('transcriptText', () => {
  it('joins Latin segments with single spaces and CJK segments without', () => {
    expect(
      transcriptText([
        { start: 0, end: 1, text: ' Hello there.' },
        { start: 1, end: 2, text: '  ' },
        { start: 2, end: 3, text: ' How are you?' },
      ]),
    ).toBe('Hello there. How are you?');
    expect(
      transcriptText([
        { start: 0, end: 1, text: '大家好，' },
        { start: 1, end: 2, text: '欢迎参加会议。' },
        { start: 2, end: 3, text: ' OK.' },
      ]),
    ).toBe('大家好，欢迎参加会议。OK.');
    // Korean separates words with spaces.
    expect(
      transcriptText([
        { start: 0, end: 1, text: '안녕하세요' },
        { start: 1, end: 2, text: '반갑습니다' },
      ]),
    ).toBe('안녕하세요 반갑습니다');
    expect(transcriptText([])).toBe('');
  });
});
