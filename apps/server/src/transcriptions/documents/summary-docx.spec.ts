import { strFromU8, unzipSync } from 'fflate';
import type { DocumentInput } from './document-input.js';
import { NoSummaryError, renderSummaryDocx } from './summary-docx.js';

interface WordRun {
  text: string;
  bold: boolean;
  italics: boolean;
  xml: string;
}

interface WordParagraph {
  style: string | null;
  /** w:numId and w:ilvl of a list paragraph. */
  list: { id: string; level: number } | null;
  runs: WordRun[];
  text: string;
}

const base: DocumentInput = {
  fileName: '会议记录 第1期.m4a',
  language: 'zh',
  durationSeconds: 3725.4,
  createdAt: new Date('2024-05-01T14:30:59Z'),
  text: '',
  segments: [],
  summary: null,
};

function decodeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '',
  );
}

function unzip(buffer: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(buffer));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

/** The body paragraphs of word/document.xml, with what the tests look at. */
function paragraphs(documentXml: string): WordParagraph[] {
  return [...documentXml.matchAll(/<w:p(?:\s[^>]*)?>(.*?)<\/w:p>/gs)].map(([, xml = '']) => {
    const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map(([, run = '']) => ({
      text: decodeXml([...run.matchAll(/<w:t(?:\s[^>]*)?>(.*?)<\/w:t>/gs)].map(([, text = '']) => text).join('')),
      bold: run.includes('<w:b/>'),
      italics: run.includes('<w:i/>'),
      xml: run,
    }));
    const numId = /<w:numId w:val="(\d+)"\/>/.exec(xml)?.[1];
    const ilvl = /<w:ilvl w:val="(\d+)"\/>/.exec(xml)?.[1];
    return {
      style: /<w:pStyle w:val="([^"]+)"\/>/.exec(xml)?.[1] ?? null,
      list: numId !== undefined && ilvl !== undefined ? { id: numId, level: Number(ilvl) } : null,
      runs,
      text: runs.map((run) => run.text).join(''),
    };
  });
}

async function render(input: Partial<DocumentInput>): Promise<{ files: Record<string, string>; body: WordParagraph[] }> {
  const files = unzip(await renderSummaryDocx({ ...base, ...input }));
  return { files, body: paragraphs(files['word/document.xml'] ?? '') };
}

const SUMMARY = [
  '# 会议总结',
  '',
  '本次会议讨论了**项目进度**和下一步计划。The team agreed to *ship on Friday*.',
  '',
  '## 决定事项',
  '',
  '- 采用新的部署流程',
  '- Budget approved: **$12,000** (Q3 & Q4 < 5%)',
  '  - 细节：每季度复查一次 𠮷野家 😀',
  '',
  '1. 完成接口设计',
  '2. 编写测试 write tests',
  '',
  '### 风险',
  '',
  '1. 人手不足',
].join('\n');

describe('renderSummaryDocx', () => {
  it('writes the title, the metadata line and the summary paragraphs in order, every character intact', async () => {
    const { body } = await render({ summary: SUMMARY });
    expect(body.map((paragraph) => paragraph.text)).toEqual([
      '会议记录 第1期',
      '2024-05-01 14:30 UTC · Duration 1:02:05 · Language zh',
      '会议总结',
      '本次会议讨论了项目进度和下一步计划。The team agreed to ship on Friday.',
      '决定事项',
      '采用新的部署流程',
      'Budget approved: $12,000 (Q3 & Q4 < 5%)',
      '细节：每季度复查一次 𠮷野家 😀',
      '完成接口设计',
      '编写测试 write tests',
      '风险',
      '人手不足',
    ]);
  });

  it('gives the title and the Markdown headings Word heading styles', async () => {
    const { body } = await render({ summary: SUMMARY });
    const styles = Object.fromEntries(body.map((paragraph) => [paragraph.text, paragraph.style]));
    expect(styles['会议记录 第1期']).toBe('Title');
    expect(styles['会议总结']).toBe('Heading1');
    expect(styles['决定事项']).toBe('Heading2');
    expect(styles['风险']).toBe('Heading3');
    expect(styles['本次会议讨论了项目进度和下一步计划。The team agreed to ship on Friday.']).toBeNull();
  });

  it('turns Markdown lists into numbered Word list paragraphs, nested and restarted where the Markdown says', async () => {
    const { body } = await render({ summary: SUMMARY });
    const list = (text: string) => body.find((paragraph) => paragraph.text === text)?.list;
    const bullet = list('采用新的部署流程');
    expect(bullet).toEqual({ id: expect.any(String), level: 0 });
    expect(list('Budget approved: $12,000 (Q3 & Q4 < 5%)')).toEqual(bullet);
    expect(list('细节：每季度复查一次 𠮷野家 😀')).toEqual({ id: bullet?.id, level: 1 });

    const numbered = list('完成接口设计');
    expect(numbered).toEqual({ id: expect.any(String), level: 0 });
    expect(numbered?.id).not.toBe(bullet?.id);
    expect(list('编写测试 write tests')).toEqual(numbered);
    // After a heading, "1." starts a new list: a new w:num, so Word counts from 1 again.
    expect(list('人手不足')).toEqual({ id: expect.any(String), level: 0 });
    expect(list('人手不足')?.id).not.toBe(numbered?.id);
    expect(body.find((paragraph) => paragraph.text === '会议总结')?.list).toBeNull();
  });

  it('numbers on across sub-items and repeated "1.", and starts again after a paragraph', async () => {
    const { body } = await render({ summary: '1. a\n   - a.1\n2. b\n1. c\n\nbetween\n\n1. d' });
    const ids = body.slice(2).map((paragraph) => paragraph.list?.id);
    expect(ids).toEqual([ids[0], expect.any(String), ids[0], ids[0], undefined, expect.any(String)]);
    expect(new Set(ids).size).toBe(4);
  });

  it('defines the numbered list as decimal and the bullets as bullets', async () => {
    const { files, body } = await render({ summary: SUMMARY });
    const numbering = files['word/numbering.xml'] ?? '';
    const format = (text: string) => {
      const id = body.find((paragraph) => paragraph.text === text)?.list?.id;
      const abstractId = new RegExp(`<w:num w:numId="${id}"><w:abstractNumId w:val="(\\d+)"/>`).exec(numbering)?.[1];
      const abstract = new RegExp(`<w:abstractNum w:abstractNumId="${abstractId}"[^>]*>(.*?)</w:abstractNum>`, 's').exec(
        numbering,
      )?.[1];
      return /<w:lvl w:ilvl="0"[^>]*>.*?<w:numFmt w:val="(\w+)"\/>/s.exec(abstract ?? '')?.[1];
    };
    expect(format('采用新的部署流程')).toBe('bullet');
    expect(format('完成接口设计')).toBe('decimal');
  });

  it('makes **bold** runs bold and *italic* runs italic, and nothing else', async () => {
    const { body } = await render({ summary: SUMMARY });
    const runs = body.flatMap((paragraph) => paragraph.runs);
    const styled = runs.filter((run) => run.bold || run.italics).map(({ text, bold, italics }) => ({ text, bold, italics }));
    expect(styled).toEqual([
      { text: '项目进度', bold: true, italics: false },
      { text: 'ship on Friday', bold: false, italics: true },
      { text: '$12,000', bold: true, italics: false },
    ]);
    expect(runs.map((run) => run.text)).toContain('本次会议讨论了');
    expect(runs.some((run) => run.text.includes('*'))).toBe(false);
  });

  it('nests italic in bold and leaves stray asterisks as text', async () => {
    const { body } = await render({ summary: '***全部*** and **bold *both***, 5 * 3 = 15, **unclosed' });
    expect(body[2]?.runs.map(({ text, bold, italics }) => ({ text, bold, italics }))).toEqual([
      { text: '全部', bold: true, italics: true },
      { text: ' and ', bold: false, italics: false },
      { text: 'bold ', bold: true, italics: false },
      { text: 'both', bold: true, italics: true },
      { text: ', 5 * 3 = 15, **unclosed', bold: false, italics: false },
    ]);
  });

  it('sets East Asian fonts, language and the East Asian hint on CJK runs', async () => {
    const { files, body } = await render({ summary: SUMMARY });
    expect(files['word/styles.xml']).toMatch(/<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="Microsoft YaHei"/);
    const chinese = body.flatMap((paragraph) => paragraph.runs).find((run) => run.text === '本次会议讨论了');
    expect(chinese?.xml).toMatch(/<w:rFonts [^>]*w:eastAsia="Microsoft YaHei"[^>]*w:hint="eastAsia"/);
    expect(chinese?.xml).toContain('<w:lang w:eastAsia="zh-CN"/>');

    const japanese = await render({ language: 'ja', summary: '会議の**要約**です。' });
    expect(japanese.body[2]?.runs[0]?.xml).toMatch(/w:eastAsia="Yu Gothic"/);
    expect(japanese.body[2]?.runs[0]?.xml).toContain('<w:lang w:eastAsia="ja-JP"/>');
  });

  it('joins the lines of a paragraph, without a space between Chinese lines', async () => {
    const { body } = await render({ summary: '第一行\n第二行\nthird line\nfourth line\n\n- item\n  continued' });
    expect(body.slice(2).map((paragraph) => paragraph.text)).toEqual(['第一行第二行third line fourth line', 'item continued']);
  });

  it('drops characters XML cannot hold instead of writing a file Word rejects', async () => {
    const { files, body } = await render({ fileName: 'a\u0001b.mp3', summary: 'bell\u0007 and \uD800lone surrogate' });
    expect(body.map((paragraph) => paragraph.text)).toEqual(['ab', expect.any(String), 'bell and lone surrogate']);
    expect(files['word/document.xml']).not.toContain('\u0007');
  });

  it('keeps Markdown-looking file names literal in the title', async () => {
    const { body } = await render({ fileName: '*draft* notes.wav', summary: 'x' });
    expect(body[0]?.runs.map(({ text, italics }) => ({ text, italics }))).toEqual([{ text: '*draft* notes', italics: false }]);
  });

  it('leaves out unknown duration and language from the metadata line', async () => {
    const { body } = await render({ durationSeconds: null, language: null, summary: 'x' });
    expect(body[1]?.text).toBe('2024-05-01 14:30 UTC');
  });

  it('throws NoSummaryError when there is no summary', async () => {
    await expect(renderSummaryDocx({ ...base, summary: null })).rejects.toBeInstanceOf(NoSummaryError);
    await expect(renderSummaryDocx({ ...base, summary: ' \n ' })).rejects.toBeInstanceOf(NoSummaryError);
  });
});
