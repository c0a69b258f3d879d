import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun, type IRunOptions } from 'docx';
import { containsCjk, documentTitle, joinText, metadataLine, summaryMarkdown, type DocumentInput } from './document-input.js';

/** The transcription has no summary to put in a document (the caller answers 409). */
export class NoSummaryError extends Error {
  constructor() {
    super('This transcription has no summary yet');
    this.name = 'NoSummaryError';
  }
}

type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'listItem'; ordered: boolean; level: number; startsList: boolean; lines: string[] };

type ListItem = Extract<Block, { kind: 'listItem' }>;

interface Span {
  text: string;
  bold: boolean;
  italics: boolean;
}

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST_ITEM = /^(\s*)(?:[-*+]|(\d{1,9})[.)])\s+(.*)$/;
/**
 * ***both***, **bold** and *italic*; a bold closer takes the last two of '***', so '**a *b***' nests.
 * Unlike CommonMark, a marker needs no space or punctuation beside it, since Chinese has no spaces:
 * '**重点**内容' must still be bold.
 */
const EMPHASIS = /\*\*\*(?!\s)(.+?)(?<!\s)\*\*\*|\*\*(?!\s)(.+?)(?<!\s)\*\*(?!\*)|\*(?![\s*])(.+?)(?<![\s*])\*/g;

/** Word's lists have nine levels. */
const MAX_LIST_LEVEL = 8;
const ORDERED_LIST = 'ordered-list';
const ORDERED_FORMATS = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN] as const;
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const LATIN_FONT = 'Calibri';

/** The font and language tag Word should use for East Asian characters. */
interface EastAsianScript {
  font: string;
  language: string;
}

/** Summary Markdown into blocks. Lines that follow a paragraph or list item continue it, as in Markdown. */
function parseMarkdown(markdown: string): Block[] {
  const blocks: Block[] = [];
  const listIndents: number[] = [];
  let open: { lines: string[] } | null = null;
  for (const line of markdown.split('\n')) {
    const heading = HEADING.exec(line);
    const item = LIST_ITEM.exec(line);
    if (line.trim() === '' || THEMATIC_BREAK.test(line)) {
      open = null;
    } else if (heading) {
      blocks.push({ kind: 'heading', level: Math.min(heading[1]!.length, 3) as 1 | 2 | 3, text: heading[2]! });
      open = null;
      listIndents.length = 0;
    } else if (item) {
      const level = listLevel(listIndents, item[1]!.replace(/\t/g, '    ').length);
      const listItem = newListItem(blocks.at(-1), level, item[2], item[3]!);
      blocks.push(listItem);
      open = listItem;
    } else if (open) {
      open.lines.push(line);
    } else {
      const paragraph: Block = { kind: 'paragraph', lines: [line] };
      blocks.push(paragraph);
      open = paragraph;
      listIndents.length = 0;
    }
  }
  return blocks;
}

/** The nesting level of a list item, from the indents of the items above it (kept in `indents`). */
function listLevel(indents: number[], indent: number): number {
  while (indents.length > 0 && indent < indents[indents.length - 1]!) indents.pop();
  if (indents.length === 0 || indent > indents[indents.length - 1]!) indents.push(indent);
  return Math.min(indents.length - 1, MAX_LIST_LEVEL);
}

/**
 * A top-level item written "1." starts a new numbered list, unless it follows another numbered item or
 * a nested one: LLMs often number every item "1.", and a list interrupted by sub-items goes on.
 */
function newListItem(previous: Block | undefined, level: number, number: string | undefined, text: string): ListItem {
  const ordered = number !== undefined;
  const continues = previous?.kind === 'listItem' && (previous.ordered || previous.level > 0);
  const startsList = ordered && level === 0 && Number(number) === 1 && !continues;
  return { kind: 'listItem', ordered, level, startsList, lines: [text] };
}

/** Text split into runs by its **bold** and *italic* markers, which are dropped. */
function styledSpans(text: string, style: Omit<Span, 'text'>): Span[] {
  const spans: Span[] = [];
  let position = 0;
  for (const match of text.matchAll(EMPHASIS)) {
    spans.push({ text: text.slice(position, match.index), ...style });
    const [whole, boldItalic, bold, italic] = match;
    if (boldItalic !== undefined) spans.push(...styledSpans(boldItalic, { bold: true, italics: true }));
    else if (bold !== undefined) spans.push(...styledSpans(bold, { ...style, bold: true }));
    else spans.push(...styledSpans(italic ?? '', { ...style, italics: true }));
    position = match.index + whole.length;
  }
  spans.push({ text: text.slice(position), ...style });
  return spans.filter((span) => span.text !== '');
}

function eastAsianScript(language: string | null): EastAsianScript {
  const code = language?.toLowerCase() ?? '';
  if (code.startsWith('ja')) return { font: 'Yu Gothic', language: 'ja-JP' };
  if (code.startsWith('ko')) return { font: 'Malgun Gothic', language: 'ko-KR' };
  if (/^zh-(tw|hk|mo|hant)/.test(code)) return { font: 'Microsoft JhengHei', language: 'zh-TW' };
  // Chinese text also turns up in transcripts of other languages; Word substitutes an installed
  // Chinese font (SimSun, PingFang) where this one is missing.
  return { font: 'Microsoft YaHei', language: 'zh-CN' };
}

function runFont(script: EastAsianScript) {
  return { ascii: LATIN_FONT, hAnsi: LATIN_FONT, cs: LATIN_FONT, eastAsia: script.font };
}

function textRuns(spans: Span[], script: EastAsianScript): TextRun[] {
  return spans.map((span) => {
    const options: IRunOptions = {
      text: span.text,
      bold: span.bold || undefined,
      italics: span.italics || undefined,
      // The hint sends characters shared by both scripts (quotes, dashes) to the East Asian font.
      font: { ...runFont(script), hint: containsCjk(span.text) ? 'eastAsia' : undefined },
      language: { eastAsia: script.language },
    };
    return new TextRun(options);
  });
}

/** Markdown inline text as runs, bold and italic where it says so. */
function markdownRuns(text: string, script: EastAsianScript): TextRun[] {
  return textRuns(styledSpans(text, { bold: false, italics: false }), script);
}

/** Each numbered list is its own instance of the list definition, so its numbers start at 1. */
function blockParagraphs(blocks: Block[], script: EastAsianScript): Paragraph[] {
  let listInstance = 0;
  return blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return new Paragraph({ heading: HEADINGS[block.level], children: markdownRuns(block.text, script) });
      case 'paragraph':
        return new Paragraph({ children: markdownRuns(joinText(block.lines), script) });
      case 'listItem': {
        const children = markdownRuns(joinText(block.lines), script);
        if (!block.ordered) return new Paragraph({ bullet: { level: block.level }, children });
        if (block.startsList) listInstance += 1;
        return new Paragraph({ numbering: { reference: ORDERED_LIST, level: block.level, instance: listInstance }, children });
      }
    }
  });
}

function orderedListLevels() {
  return Array.from({ length: MAX_LIST_LEVEL + 1 }, (_, level) => ({
    level,
    format: ORDERED_FORMATS[level % ORDERED_FORMATS.length]!,
    text: `%${level + 1}.`,
    alignment: AlignmentType.START,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));
}

/** XML 1.0 cannot hold most control characters or lone surrogates, and Word rejects a file with any. */
function xmlSafe(text: string): string {
  return Array.from(text)
    .filter((character) => {
      const code = character.codePointAt(0) ?? 0;
      return (
        code === 0x9 || code === 0xa || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000
      );
    })
    .join('');
}

/** The summary as a Word document: a title, a line of metadata, then the summary's Markdown as Word structure. */
export async function renderSummaryDocx(input: DocumentInput): Promise<Buffer> {
  const summary = summaryMarkdown(input);
  if (summary === null) throw new NoSummaryError();
  const script = eastAsianScript(input.language);
  const title = xmlSafe(documentTitle(input.fileName));
  const document = new Document({
    title,
    styles: { default: { document: { run: { font: runFont(script) } } } },
    numbering: { config: [{ reference: ORDERED_LIST, levels: orderedListLevels() }] },
    sections: [
      {
        children: [
          // A file name is not Markdown: its asterisks stay.
          new Paragraph({
            heading: HeadingLevel.TITLE,
            children: textRuns([{ text: title, bold: false, italics: false }], script),
          }),
          new Paragraph({ children: [new TextRun({ text: metadataLine(input), size: 18, color: '666666' })] }),
          ...blockParagraphs(parseMarkdown(xmlSafe(summary)), script),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
