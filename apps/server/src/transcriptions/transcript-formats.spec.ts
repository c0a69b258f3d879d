import { formatTimestamp, renderTranscript, type TranscriptForExport } from './transcript-formats.js';

const base: TranscriptForExport = {
  id: '00000000-0000-4000-8000-000000000000',
  fileName: 'talk.wav',
  language: 'en',
  durationSeconds: 5,
  createdAt: new Date('2026-03-01T09:30:00Z'),
  text: 'Hello there. General Kenobi.',
  summary: null,
  segments: [
    { start: 0, end: 1.234, text: ' Hello there.' },
    { start: 1.234, end: 4.9996, text: ' General Kenobi.' },
  ],
};

describe('formatTimestamp', () => {
  it.each([
    [0, ',', '00:00:00,000'],
    [1.2345, ',', '00:00:01,235'],
    [59.9996, '.', '00:01:00.000'],
    [3725.5, '.', '01:02:05.500'],
    [360000, ',', '100:00:00,000'],
    [-1, ',', '00:00:00,000'],
  ] as const)('%d s with "%s" → %s', (seconds, separator, expected) => {
    expect(formatTimestamp(seconds, separator)).toBe(expected);
  });
});

describe('renderTranscript', () => {
  it('numbers SRT cues from 1 with comma milliseconds and blank lines between', () => {
    expect(renderTranscript(base, 'srt').body).toBe(
      '1\n00:00:00,000 --> 00:00:01,234\nHello there.\n\n2\n00:00:01,234 --> 00:00:05,000\nGeneral Kenobi.\n',
    );
  });

  it('writes a WEBVTT header and dot milliseconds, escaping cue text', () => {
    const transcript = { ...base, segments: [{ start: 0, end: 1, text: 'a < b & c --> d' }] };
    expect(renderTranscript(transcript, 'vtt').body).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\na &lt; b &amp; c --&gt; d\n');
  });

  it('keeps CJK text intact', () => {
    const transcript = { ...base, text: '你好，世界', segments: [{ start: 0, end: 2, text: '你好，世界' }] };
    expect(renderTranscript(transcript, 'srt').body).toBe('1\n00:00:00,000 --> 00:00:02,000\n你好，世界\n');
    expect(renderTranscript(transcript, 'txt').body).toBe('你好，世界\n');
  });

  it('handles an empty transcript: empty txt/srt, a bare WEBVTT, json with no segments', () => {
    const empty = { ...base, text: '', segments: [] };
    expect(renderTranscript(empty, 'txt').body).toBe('');
    expect(renderTranscript(empty, 'srt').body).toBe('');
    expect(renderTranscript(empty, 'vtt').body).toBe('WEBVTT\n');
    expect(JSON.parse(renderTranscript(empty, 'json').body)).toMatchObject({ text: '', segments: [] });
  });

  it('makes one cue of the text when there are no segments, and skips blank segments', () => {
    expect(renderTranscript({ ...base, segments: null }, 'srt').body).toBe(
      '1\n00:00:00,000 --> 00:00:05,000\nHello there. General Kenobi.\n',
    );
    const withBlank = { ...base, segments: [{ start: 0, end: 1, text: ' ' }, ...base.segments!] };
    expect(renderTranscript(withBlank, 'srt').body).toBe(renderTranscript(base, 'srt').body);
  });

  it('writes Markdown with the summary and timestamped segments (the document renderers are tested on their own)', () => {
    const markdown = renderTranscript({ ...base, summary: '- greeting' }, 'md');
    expect(markdown).toMatchObject({ contentType: 'text/markdown; charset=utf-8', extension: 'md' });
    expect(markdown.body).toContain('# talk\n');
    expect(markdown.body).toContain('## Summary\n\n- greeting');
    expect(markdown.body).toContain('**[00:00:01]** General Kenobi.');
  });
});
