import { cleanFileName, contentDisposition } from './file-name.js';

describe('cleanFileName', () => {
  it.each([
    ['meeting.wav', 'meeting.wav'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\talk.mp3', 'talk.mp3'],
    ['  spaced.m4a  ', 'spaced.m4a'],
    ['new\r\nline.wav', 'newline.wav'],
    ['会议记录.wav', '会议记录.wav'],
    ['..', 'audio'],
    ['', 'audio'],
    [undefined, 'audio'],
  ])('%j → %j', (raw, expected) => {
    expect(cleanFileName(raw)).toBe(expected);
  });

  it('keeps at most 255 characters without splitting a character', () => {
    const name = '😀'.repeat(300);
    const cleaned = cleanFileName(name);
    expect(Array.from(cleaned)).toHaveLength(255);
    expect(cleaned).toBe('😀'.repeat(255));
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('plain.srt')).toBe(`attachment; filename="plain.srt"; filename*=UTF-8''plain.srt`);
    expect(contentDisposition('会议 "Q3" (1).srt')).toBe(
      `attachment; filename="__ _Q3_ (1).srt"; filename*=UTF-8''%E4%BC%9A%E8%AE%AE%20%22Q3%22%20%281%29.srt`,
    );
  });
});
