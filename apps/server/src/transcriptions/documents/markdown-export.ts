import type { Segment } from '@app/contracts';
import { documentTitle, formatClock, metadataLine, summaryMarkdown, type DocumentInput } from './document-input.js';

/**
 * What makes the start of a line Markdown structure rather than text: headings, quotes, list markers,
 * setext underlines, code fences and HTML blocks.
 */
const LEADING_MARKUP = /^[#>*+=\-`~<]/;
const LEADING_ORDINAL = /^(\d+)([.)])/;

/** Transcript text as text: one line, whose start Markdown cannot read as structure. */
function markdownLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(LEADING_ORDINAL, '$1\\$2').replace(LEADING_MARKUP, '\\$&');
}

function segmentLines(segments: Segment[]): string[] {
  return segments
    .map((segment) => ({ start: segment.start, text: markdownLine(segment.text) }))
    .filter((segment) => segment.text !== '')
    .map((segment) => `**[${formatClock(segment.start)}]** ${segment.text}`);
}

/** Without segments, each line of the text becomes a paragraph. */
function textParagraphs(text: string): string[] {
  return text
    .split(/\r\n?|\n/)
    .map(markdownLine)
    .filter((line) => line !== '');
}

/** The transcription as Markdown: title, metadata, the summary when there is one, then the timed transcript. */
export function renderTranscriptMarkdown(input: DocumentInput): string {
  const summary = summaryMarkdown(input);
  const transcript = input.segments.length > 0 ? segmentLines(input.segments) : textParagraphs(input.text);
  const blocks = [
    `# ${documentTitle(input.fileName)}`,
    metadataLine(input),
    ...(summary === null ? [] : ['## Summary', summary]),
    '## Transcript',
    ...transcript,
  ];
  return `${blocks.join('\n\n')}\n`;
}
