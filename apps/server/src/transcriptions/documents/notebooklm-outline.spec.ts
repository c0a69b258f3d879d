import type { Segment } from '@app/contracts';
import type { DocumentInput } from './document-input.js';
import { renderNotebookLmOutline } from './notebooklm-outline.js';

const base: DocumentInput = {
  fileName: 'Roadmap review.mp3',
  language: 'en',
  durationSeconds: 20,
  createdAt: new Date('2024-05-01T09:05:00Z'),
  text: 'We reviewed the roadmap. The roadmap slipped and the budget grew. Budget talks continue.',
  segments: [
    { start: 1.2, end: 8, text: 'We reviewed the roadmap.' }, // the outline still starts at 0
    { start: 8, end: 15, text: 'The roadmap slipped and the budget grew.' },
    { start: 15, end: 19.5, text: 'Budget talks continue.' },
  ],
  summary: '## Summary\n\n- The roadmap **slipped**.',
};

/** 23 minutes of speech, one numbered sentence every 10 seconds. */
function longMeeting(): DocumentInput {
  const segments: Segment[] = Array.from({ length: 138 }, (_, index) => ({
    start: index * 10,
    end: index * 10 + 9,
    text: ` Sentence ${index} about the release plan.`,
  }));
  return { ...base, durationSeconds: 1385, segments, text: segments.map((segment) => segment.text).join('') };
}

function section(outline: string, heading: string): string[] | undefined {
  const block = outline
    .trimEnd()
    .split('\n\n')
    .find((candidate) => candidate.startsWith(`${heading}\n`));
  return block?.split('\n').slice(1);
}

interface Part {
  start: string;
  end: string;
  headline: string;
}

function outlineParts(outline: string): Part[] {
  return (section(outline, 'Outline') ?? []).map((line) => {
    const match = /^\d+\. \[≈?(\d{2}:\d{2}:\d{2})–(\d{2}:\d{2}:\d{2})\] (.*)$/.exec(line);
    if (!match) throw new Error(`not an outline line: ${line}`);
    return { start: match[1]!, end: match[2]!, headline: match[3]! };
  });
}

describe('renderNotebookLmOutline', () => {
  it('writes title, metadata, summary, outline, questions and key terms', () => {
    expect(renderNotebookLmOutline(base)).toBe(
      [
        'Roadmap review',
        '2024-05-01 09:05 UTC · Duration 0:00:20 · Language en',
        '',
        'Summary',
        '## Summary',
        '',
        '- The roadmap **slipped**.',
        '',
        'Outline',
        '1. [00:00:00–00:00:20] We reviewed the roadmap.',
        '',
        'Suggested questions',
        '- What are the main topics covered in "Roadmap review"?',
        '- What decisions were made in "Roadmap review", and why?',
        '- What action items or next steps come out of "Roadmap review", and who owns them?',
        '- Which questions or issues in "Roadmap review" are still open?',
        '- What does "Roadmap review" say about "roadmap"?',
        '',
        'Key terms',
        'roadmap, budget',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic and leaves its input alone', () => {
    const input = longMeeting();
    const shuffled = { ...input, segments: [...input.segments].reverse() };
    const outline = renderNotebookLmOutline(shuffled);
    expect(renderNotebookLmOutline(structuredClone(shuffled))).toBe(outline);
    expect(renderNotebookLmOutline(input)).toBe(outline);
    expect(shuffled.segments[0]?.start).toBe(1370);
  });

  it('splits timed speech into about five-minute parts that cover the whole duration in order', () => {
    const parts = outlineParts(renderNotebookLmOutline(longMeeting()));
    expect(parts).toHaveLength(5); // 1385 s / 300 s
    expect(parts[0]?.start).toBe('00:00:00');
    expect(parts.at(-1)?.end).toBe('00:23:05');
    parts.slice(1).forEach((part, index) => expect(part.start).toBe(parts[index]?.end));
    expect(parts.map((part) => part.start)).toEqual(['00:00:00', '00:04:40', '00:09:20', '00:14:00', '00:18:30']);
    expect(parts.map((part) => part.headline)).toEqual(
      [0, 28, 56, 84, 111].map((index) => `Sentence ${index} about the release plan.`),
    );
  });

  it('heads a part with its first ~120 characters when the first sentence is longer', () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    const [part] = outlineParts(renderNotebookLmOutline({ ...base, segments: [{ start: 0, end: 20, text: words }] }));
    expect(part?.headline).toBe(`${Array.from({ length: 18 }, (_, index) => `word${index}`).join(' ')}…`);
    const chinese = '这是一个没有句号的很长的句子'.repeat(12);
    const [cjkPart] = outlineParts(renderNotebookLmOutline({ ...base, segments: [{ start: 0, end: 20, text: chinese }] }));
    expect(cjkPart?.headline).toBe(`${chinese.slice(0, 120)}…`);
  });

  it('finds 2-character Han terms in Chinese text, ranked by frequency', () => {
    const text =
      '我们今天讨论项目进度。我们觉得项目进度有点慢，因为测试还没有完成，也没有上线。我们的项目进度需要每周汇报。测试团队会跟进。';
    const terms = section(renderNotebookLmOutline({ ...base, text, segments: [], language: 'zh' }), 'Key terms')?.[0]?.split(
      ', ',
    );
    expect(terms?.slice(0, 3)).toEqual(['项目', '目进', '进度']);
    expect(terms).toContain('测试');
    expect(terms).not.toContain('我们');
    expect(terms).not.toContain('没有');
    expect(terms?.length).toBeLessThanOrEqual(10);
  });

  it('counts Latin words of four letters or more, lowercased, without stop words', () => {
    const text =
      'That would be the Roadmap. The roadmap’s owner said that the budget would grow, because budget talks that ' +
      "would matter didn't end. Don't panic: didn't, didn't. Owner, owner! It is what it is. Café café.";
    const terms = section(renderNotebookLmOutline({ ...base, text, segments: [] }), 'Key terms')?.[0]?.split(', ');
    expect(terms).toEqual(['owner', 'roadmap', 'budget', 'café']);
  });

  it('keeps at most ten key terms', () => {
    const text = Array.from({ length: 12 }, (_, index) => `term${String.fromCharCode(97 + index)}`)
      .flatMap((word, index) => Array<string>(20 - index).fill(word))
      .join(' ');
    const terms = section(renderNotebookLmOutline({ ...base, text, segments: [] }), 'Key terms')?.[0]?.split(', ');
    expect(terms).toEqual(['terma', 'termb', 'termc', 'termd', 'terme', 'termf', 'termg', 'termh', 'termi', 'termj']);
  });

  it('cuts text without segments into ~2,000-character parts at sentence ends, prorating times', () => {
    const sentences = Array.from({ length: 120 }, (_, index) => `This is sentence number ${index}, of the notes.`);
    const text = sentences.join(' '); // about 5,000 characters
    const outline = renderNotebookLmOutline({ ...base, segments: [], text, durationSeconds: 600 });
    const parts = outlineParts(outline);
    expect(parts).toHaveLength(3);
    expect(section(outline, 'Outline')?.every((line) => line.includes('[≈'))).toBe(true);
    expect(parts[0]).toMatchObject({ start: '00:00:00', headline: sentences[0] });
    expect(parts.at(-1)?.end).toBe('00:10:00');
    parts.slice(1).forEach((part, index) => expect(part.start).toBe(parts[index]?.end));
    parts.slice(1).forEach((part) => expect(sentences).toContain(part.headline));
  });

  it('leaves times out without segments or duration, and the outline out without any transcript', () => {
    const untimed = renderNotebookLmOutline({ ...base, segments: [], durationSeconds: null });
    expect(section(untimed, 'Outline')).toEqual(['1. We reviewed the roadmap.']);
    const empty = renderNotebookLmOutline({ ...base, segments: [], text: '', summary: null });
    expect(section(empty, 'Outline')).toBeUndefined();
    expect(section(empty, 'Summary')).toBeUndefined();
    expect(section(empty, 'Key terms')).toBeUndefined();
    expect(section(empty, 'Suggested questions')).toHaveLength(4);
  });
});
