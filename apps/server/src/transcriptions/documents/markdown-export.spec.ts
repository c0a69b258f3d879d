import type { DocumentInput } from './document-input.js';
import { renderTranscriptMarkdown } from './markdown-export.js';

const base: DocumentInput = {
  fileName: 'Weekly sync.m4a',
  language: 'en',
  durationSeconds: 125.6,
  createdAt: new Date('2024-05-01T09:05:42Z'),
  text: 'Hello everyone. Next item.',
  segments: [
    { start: 0, end: 1.5, text: ' Hello everyone. ' },
    { start: 62.9, end: 65, text: 'Next item.' },
  ],
  summary: '# Notes\n\n- **Ship** it\n1. Then *test* it\n',
};

describe('renderTranscriptMarkdown', () => {
  it('writes title, metadata, the summary as is and one timestamped line per segment', () => {
    expect(renderTranscriptMarkdown(base)).toBe(
      [
        '# Weekly sync',
        '',
        '2024-05-01 09:05 UTC · Duration 0:02:06 · Language en',
        '',
        '## Summary',
        '',
        '# Notes',
        '',
        '- **Ship** it',
        '1. Then *test* it',
        '',
        '## Transcript',
        '',
        '**[00:00:00]** Hello everyone.',
        '',
        '**[00:01:02]** Next item.',
        '',
      ].join('\n'),
    );
  });

  it('keeps CJK text intact, file name included', () => {
    const markdown = renderTranscriptMarkdown({
      ...base,
      fileName: '会议记录 第1期.m4a',
      language: 'zh',
      durationSeconds: 3725,
      summary: '## 总结\n\n- **项目进度**正常 𠮷',
      segments: [{ start: 3600, end: 3610, text: '我们来讨论一下项目进度。😀' }],
    });
    expect(markdown).toBe(
      '# 会议记录 第1期\n\n2024-05-01 09:05 UTC · Duration 1:02:05 · Language zh\n\n## Summary\n\n## 总结\n\n- **项目进度**正常 𠮷\n\n' +
        '## Transcript\n\n**[01:00:00]** 我们来讨论一下项目进度。😀\n',
    );
  });

  it('writes the plain text, one paragraph per line, when there are no segments', () => {
    const markdown = renderTranscriptMarkdown({ ...base, segments: [], text: 'First line.\r\n\n  Second   line.\n' });
    expect(markdown.endsWith('## Transcript\n\nFirst line.\n\nSecond line.\n')).toBe(true);
  });

  it('leaves the summary section out when there is no summary, and unknown metadata out of the line', () => {
    const markdown = renderTranscriptMarkdown({ ...base, summary: null, durationSeconds: null, language: null });
    expect(markdown).toBe(
      '# Weekly sync\n\n2024-05-01 09:05 UTC\n\n## Transcript\n\n**[00:00:00]** Hello everyone.\n\n**[00:01:02]** Next item.\n',
    );
    expect(renderTranscriptMarkdown({ ...base, summary: '  \n' })).not.toContain('## Summary');
  });

  it('keeps hostile segment text from becoming Markdown structure', () => {
    const hostile = ['# Heading', '- item', '> quote', '12. ordinal', '3) ordinal', 'two\nlines\r\nhere', '```', '<div>', '   '];
    const markdown = renderTranscriptMarkdown({
      ...base,
      summary: null,
      segments: hostile.map((text, index) => ({ start: index, end: index + 1, text })),
    });
    expect(markdown.split('## Transcript\n\n')[1]).toBe(
      [
        '**[00:00:00]** \\# Heading',
        '**[00:00:01]** \\- item',
        '**[00:00:02]** \\> quote',
        '**[00:00:03]** 12\\. ordinal',
        '**[00:00:04]** 3\\) ordinal',
        '**[00:00:05]** two lines here',
        '**[00:00:06]** \\```',
        '**[00:00:07]** \\<div>',
      ].join('\n\n') + '\n',
    );
  });

  it('escapes line starts in plain text too, where they would otherwise open a heading or list', () => {
    const markdown = renderTranscriptMarkdown({
      ...base,
      summary: null,
      segments: [],
      text: '# not a heading\n1. not a list\n---',
    });
    expect(markdown.endsWith('## Transcript\n\n\\# not a heading\n\n1\\. not a list\n\n\\---\n')).toBe(true);
  });
});
