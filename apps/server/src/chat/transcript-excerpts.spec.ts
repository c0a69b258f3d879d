import type { Segment } from '@app/contracts';
import {
  type Passage,
  rankPassages,
  selectExcerpts,
  splitIntoPassages,
  spreadOrder,
  tokenize,
  transcriptContext,
} from './transcript-excerpts.js';

const passagesOf = (...texts: string[]): Passage[] => texts.map((text, index) => ({ index, start: null, text }));
const best = (ranks: number[]) => ranks.indexOf(Math.max(...ranks));

/** `count` segments of 4 s each, from `filler(i)`, with some replaced. */
function segments(count: number, filler: (i: number) => string, replaced: Record<number, string> = {}): Segment[] {
  return Array.from({ length: count }, (_, i) => ({ start: i * 4, end: i * 4 + 4, text: replaced[i] ?? filler(i) }));
}
const textOf = (list: Segment[]) => list.map((segment) => segment.text).join(' ');

describe('tokenize', () => {
  it('lower-cases English words and drops stopwords and plural endings', () => {
    expect(tokenize('What did they say about the Budgets for 2026?')).toEqual(['budget', '2026']);
    expect(tokenize('Companies’ policies')).toEqual(['company', 'policy']);
    expect(tokenize('the glass is in the class')).toEqual(['glass', 'class']);
  });

  it('reads full-width letters and digits as plain ones', () => {
    expect(tokenize('ＡＩ ２０２６')).toEqual(['ai', '2026']);
  });

  it('splits Chinese into overlapping character pairs, and a lone character into itself', () => {
    expect(tokenize('预算是多少？')).toEqual(['预算', '算是', '是多', '多少']);
    expect(tokenize('钱')).toEqual(['钱']);
  });

  it('separates Latin words from the Chinese around them', () => {
    expect(tokenize('AI模型的预算')).toEqual(['ai', '模型', '型的', '的预', '预算']);
  });

  it('treats Japanese (with its long-vowel mark) and Korean the same way', () => {
    expect(tokenize('コーヒー')).toEqual(['コー', 'ーヒ', 'ヒー']);
    expect(tokenize('예산은')).toEqual(['예산', '산은']);
  });

  it('gives nothing for punctuation alone', () => {
    expect(tokenize(' ... ，。！ ')).toEqual([]);
  });
});

describe('splitIntoPassages', () => {
  it('groups consecutive segments up to the size, each passage starting where its first segment does', () => {
    const list = segments(10, (i) => `Sentence number ${i}.`); // 19 characters each
    const passages = splitIntoPassages({ text: textOf(list), segments: list }, 45);
    expect(passages.map((passage) => passage.start)).toEqual([0, 8, 16, 24, 32]);
    expect(passages[0]).toEqual({ index: 0, start: 0, text: 'Sentence number 0. Sentence number 1.' });
    expect(passages.every((passage) => passage.text.length <= 45)).toBe(true);
  });

  it('splits a long segment at its sentences (the pieces keep its start) and a long sentence at spaces', () => {
    const long = `${'First sentence here. '.repeat(3)}${'word '.repeat(30)}`;
    const passages = splitIntoPassages({ text: long, segments: [{ start: 61, end: 90, text: long }] }, 50);
    expect(passages.length).toBeGreaterThan(3);
    expect(passages.every((passage) => passage.start === 61 && passage.text.length <= 50)).toBe(true);
    // Nothing is lost: the same words, in the same order.
    expect(
      passages
        .map((passage) => passage.text)
        .join(' ')
        .split(/\s+/),
    ).toEqual(long.trim().split(/\s+/));
  });

  it('cuts text without spaces at the size, never between the halves of a surrogate pair', () => {
    const text = '𠀀'.repeat(30); // 60 UTF-16 code units: a CJK extension B character takes 2
    const passages = splitIntoPassages({ text, segments: null }, 25);
    expect(passages.map((passage) => passage.text).join('')).toBe(text);
    for (const passage of passages) expect(passage.text).toMatch(/^(𠀀)+$/u);
  });

  it('splits a transcript without segments at Latin and CJK sentence ends, with no start', () => {
    const passages = splitIntoPassages({ text: 'One. Two! 第三句。第四句？\nFive', segments: null }, 6);
    expect(passages).toEqual([
      { index: 0, start: null, text: 'One.' },
      { index: 1, start: null, text: 'Two!' },
      { index: 2, start: null, text: '第三句。' },
      { index: 3, start: null, text: '第四句？' },
      { index: 4, start: null, text: 'Five' },
    ]);
  });

  it('uses the text when the segments are empty, and skips blank segments', () => {
    expect(splitIntoPassages({ text: 'Only text.', segments: [] }, 100)).toEqual([{ index: 0, start: null, text: 'Only text.' }]);
    const list = [
      { start: 0, end: 1, text: '  ' },
      { start: 1, end: 2, text: ' Hi.' },
    ];
    expect(splitIntoPassages({ text: 'Hi.', segments: list }, 100)).toEqual([{ index: 0, start: 1, text: 'Hi.' }]);
    expect(splitIntoPassages({ text: null, segments: null }, 100)).toEqual([]);
  });
});

describe('rankPassages', () => {
  const noEarlier = (question: string) => ({ question, earlier: [] });

  it('ranks the passage that answers an English question first, plurals matching singulars', () => {
    const passages = passagesOf(
      'We talked about the weather for a while.',
      'The marketing budget for next year is two million euros.',
      'Lunch was late again, everybody complained.',
      'Nothing more to add about the weather.',
    );
    expect(best(rankPassages(passages, noEarlier('What are the budgets for next year?')))).toBe(1);
  });

  it('values a rare word over one that every passage has', () => {
    const passages = passagesOf('Marta spoke about travel.', 'Marta spoke about lunch.', 'Marta spoke about the zeppelin.');
    const ranks = rankPassages(passages, noEarlier('What did Marta say about the zeppelin?'));
    expect(best(ranks)).toBe(2);
    expect(ranks[2]).toBeGreaterThan(2 * ranks[0]!);
  });

  it('ranks the passage that answers a Chinese question first', () => {
    const passages = passagesOf(
      '今天我们先讨论一下天气情况。',
      '明年的市场预算是两百万欧元，需要董事会批准。',
      '午饭又晚了，大家都在抱怨。',
      '关于天气没有更多要补充的。',
    );
    expect(best(rankPassages(passages, noEarlier('明年的预算是多少？')))).toBe(1);
  });

  it('finds English terms inside Chinese speech', () => {
    const passages = passagesOf('我们讨论了招聘计划。', '新的API接口下周上线，由张伟负责。', '下次会议在周五。');
    expect(best(rankPassages(passages, noEarlier('API什么时候上线？')))).toBe(1);
  });

  it('lifts the neighbours of a good passage above passages that match nothing', () => {
    const passages = passagesOf('Filler one.', 'Before the news.', 'The zeppelin landed.', 'After the news.', 'Filler two.');
    const ranks = rankPassages(passages, noEarlier('zeppelin'));
    expect(ranks[2]).toBeGreaterThan(ranks[1]!);
    expect(ranks[1]).toBeGreaterThan(0);
    expect(ranks[3]).toBeGreaterThan(0);
    expect(ranks[0]).toBe(0);
    expect(ranks[4]).toBe(0);
  });

  it('lets earlier questions steer a follow-up that names nothing, less than the question itself', () => {
    const passages = passagesOf('The zeppelin budget was approved.', 'Unrelated chatter.', 'Then the hangar was rented.');
    const followUp = rankPassages(passages, { question: 'And then?', earlier: ['What happened to the zeppelin?'] });
    expect(best(followUp)).toBe(0);
    const both = rankPassages(passages, { question: 'hangar', earlier: ['zeppelin'] });
    expect(best(both)).toBe(2);
  });

  it('gives zeros when nothing matches, and copes with no passages', () => {
    expect(rankPassages(passagesOf('abc', 'def'), noEarlier('xyz'))).toEqual([0, 0]);
    expect(rankPassages([], noEarlier('xyz'))).toEqual([]);
  });
});

describe('spreadOrder', () => {
  it('starts at the beginning, then the middle, then the quarters, …', () => {
    expect(spreadOrder([0, 1, 2, 3, 4, 5, 6, 7])).toEqual([0, 4, 2, 6, 1, 3, 5, 7]);
  });

  it('gives every item exactly once', () => {
    for (let n = 0; n <= 40; n++) {
      const items = Array.from({ length: n }, (_, i) => i);
      expect([...spreadOrder(items)].sort((a, b) => a - b)).toEqual(items);
    }
  });
});

describe('selectExcerpts', () => {
  it('takes the best ones while they fit, skipping one too big, and gives them in time order', () => {
    expect(selectExcerpts([1, 5, 0.5, 3, 2], [10, 10, 10, 30, 10], 35)).toEqual([0, 1, 4]);
  });

  it('fills the room left with the passages that match nothing, spread over the recording', () => {
    expect(selectExcerpts([0, 0, 0, 0, 0, 0, 0, 9], Array<number>(8).fill(10), 40)).toEqual([0, 1, 3, 7]); // 0…6 spread: 0, 3, 1, …
  });

  it('never goes over the budget', () => {
    const ranks = Array.from({ length: 50 }, (_, i) => (i * 7) % 5);
    const costs = Array.from({ length: 50 }, (_, i) => 5 + ((i * 13) % 17));
    const chosen = selectExcerpts(ranks, costs, 100);
    expect(chosen.reduce((sum, i) => sum + costs[i]!, 0)).toBeLessThanOrEqual(100);
    expect(chosen).toEqual([...chosen].sort((a, b) => a - b));
  });
});

describe('transcriptContext', () => {
  const english = (i: number) => `Marta went over routine item ${i} of the agenda and the weather.`;

  it('gives a transcript that fits together with its summary whole', () => {
    const source = { text: 'a'.repeat(900), segments: null, summary: 's'.repeat(100) };
    expect(transcriptContext(source, { question: 'anything', earlier: [] }, 1000)).toEqual({
      text: source.text,
      excerpted: false,
    });
  });

  it('counts the summary: a transcript that fits only without it is given as excerpts', () => {
    const source = { text: 'Word. '.repeat(160), segments: null, summary: 's'.repeat(100) };
    expect(transcriptContext(source, { question: 'word', earlier: [] }, 1000).excerpted).toBe(true);
  });

  it('finds a passage deep inside a long English transcript, labelled with its time, and leaves a far irrelevant one out', () => {
    const list = segments(1000, english, {
      700: 'Marta said the zeppelin launch code is seven four one.',
      990: 'The cafeteria will serve mushroom soup on Friday.',
    });
    const source = { text: textOf(list), segments: list, summary: 'A long planning meeting.' };
    const budget = 3000;
    const context = transcriptContext(source, { question: 'What is the launch code of the zeppelin?', earlier: [] }, budget);
    expect(context.excerpted).toBe(true);
    expect(context.text.length).toBeLessThanOrEqual(budget - source.summary.length);
    expect(context.text).toMatch(/\[00:46:\d\d\] [^[]*Marta said the zeppelin launch code is seven four one\./);
    expect(context.text).not.toContain('mushroom');
    // In time order.
    const times = [...context.text.matchAll(/\[(\d\d:\d\d:\d\d)\]/g)].map((match) => match[1]!);
    expect(times).toEqual([...times].sort());
  });

  it('finds a passage deep inside a long Chinese transcript', () => {
    const list = segments(800, (i) => `第${i}项：我们简单回顾了日常工作和天气。`, {
      600: '王经理宣布新工厂的选址定在苏州。',
      790: '食堂周五提供蘑菇汤。',
    });
    const source = { text: list.map((segment) => segment.text).join(''), segments: list, summary: null };
    const context = transcriptContext(source, { question: '新工厂选在哪里？', earlier: [] }, 2000);
    expect(context.excerpted).toBe(true);
    expect(context.text.length).toBeLessThanOrEqual(2000);
    expect(context.text).toMatch(/\[00:(39|40):\d\d\] [^[]*王经理宣布新工厂的选址定在苏州。/); // said at 00:40:00
    expect(context.text).not.toContain('蘑菇汤');
  });

  it('labels the passages of a transcript without segments with their part numbers', () => {
    const text = Array.from({ length: 400 }, (_, i) => english(i)).join(' ') + ' The zeppelin is blue.';
    const context = transcriptContext(
      { text, segments: null, summary: null },
      { question: 'zeppelin colour', earlier: [] },
      2000,
    );
    expect(context.text).toMatch(/\[part (\d+)\/\1\] [^[]*The zeppelin is blue\./);
  });

  it('gives passages spread over the recording when the question matches nothing (another language)', () => {
    const list = segments(1000, english);
    const context = transcriptContext(
      { text: textOf(list), segments: list, summary: null },
      { question: '会议讲了什么？', earlier: [] },
      3000,
    );
    expect(context.text).toContain('[00:00:00]');
    expect(context.text).toMatch(/\[00:3\d:\d\d\]/); // the middle of a 66-minute recording
    expect(context.text.length).toBeGreaterThan(2000);
  });

  it('keeps at least half the budget for the transcript when the summary is long', () => {
    const list = segments(1000, english);
    const source = { text: textOf(list), segments: list, summary: 'long summary. '.repeat(200) };
    const context = transcriptContext(source, { question: 'agenda', earlier: [] }, 4000);
    expect(context.text.length).toBeGreaterThan(1500);
    expect(context.text.length).toBeLessThanOrEqual(2000);
  });
});
