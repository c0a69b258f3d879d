import type { DownloadFormat, Segment } from '@app/contracts';
import type { DocumentInput } from './documents/document-input.js';
import { renderTranscriptMarkdown } from './documents/markdown-export.js';

export interface TranscriptForExport {
  id: string;
  fileName: string;
  language: string | null;
  durationSeconds: number | null;
  createdAt: Date;
  text: string | null;
  summary: string | null;
  segments: Segment[] | null;
}

/** What the document renderers (Markdown, Word, NotebookLM guideline) read of a transcript. */
export function documentInput(transcript: TranscriptForExport): DocumentInput {
  return {
    fileName: transcript.fileName,
    language: transcript.language,
    durationSeconds: transcript.durationSeconds,
    createdAt: transcript.createdAt,
    text: transcript.text ?? '',
    segments: transcript.segments ?? [],
    summary: transcript.summary,
  };
}

export interface RenderedTranscript {
  body: string;
  contentType: string;
  extension: string;
}

/** 3725.5 → "01:02:05,500" (SRT) or "01:02:05.500" (VTT); hours grow past 99 if needed. */
export function formatTimestamp(seconds: number, separator: ',' | '.'): string {
  const totalMs = Math.max(0, Math.round(seconds * 1000));
  const ms = totalMs % 1000;
  const totalSeconds = Math.floor(totalMs / 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}${separator}${pad(ms, 3)}`;
}

/** The timed cues: the stored segments, or the whole text as one cue when there are none. */
function cues(transcript: TranscriptForExport): Segment[] {
  const segments = (transcript.segments ?? []).filter((segment) => segment.text.trim() !== '');
  if (segments.length > 0) return segments;
  const text = transcript.text?.trim();
  return text ? [{ start: 0, end: transcript.durationSeconds ?? 0, text }] : [];
}

function srt(transcript: TranscriptForExport): string {
  return cues(transcript)
    .map(
      (cue, index) =>
        `${index + 1}\n${formatTimestamp(cue.start, ',')} --> ${formatTimestamp(cue.end, ',')}\n${cue.text.trim()}\n`,
    )
    .join('\n');
}

/** WebVTT cue text may not contain "-->", and "&" and "<" start entities and tags. */
function vttText(text: string): string {
  return text.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/-->/g, '--&gt;');
}

function vtt(transcript: TranscriptForExport): string {
  const body = cues(transcript)
    .map((cue) => `${formatTimestamp(cue.start, '.')} --> ${formatTimestamp(cue.end, '.')}\n${vttText(cue.text)}\n`)
    .join('\n');
  return body ? `WEBVTT\n\n${body}` : 'WEBVTT\n';
}

function txt(transcript: TranscriptForExport): string {
  const stored = transcript.text?.trim();
  const text =
    stored !== undefined && stored !== ''
      ? stored
      : cues(transcript)
          .map((cue) => cue.text.trim())
          .join('\n');
  return text ? `${text}\n` : '';
}

function json(transcript: TranscriptForExport): string {
  return (
    JSON.stringify(
      {
        id: transcript.id,
        file_name: transcript.fileName,
        language: transcript.language,
        duration_seconds: transcript.durationSeconds,
        text: transcript.text ?? '',
        summary: transcript.summary,
        segments: (transcript.segments ?? []).map(({ start, end, text, words }) => ({
          start,
          end,
          text,
          ...(words ? { words } : {}),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

const RENDERERS: Record<DownloadFormat, { render: (t: TranscriptForExport) => string; contentType: string }> = {
  txt: { render: txt, contentType: 'text/plain; charset=utf-8' },
  srt: { render: srt, contentType: 'application/x-subrip; charset=utf-8' },
  vtt: { render: vtt, contentType: 'text/vtt; charset=utf-8' },
  json: { render: json, contentType: 'application/json; charset=utf-8' },
  md: {
    render: (transcript) => renderTranscriptMarkdown(documentInput(transcript)),
    contentType: 'text/markdown; charset=utf-8',
  },
};

/** A completed transcript as a downloadable file in the given format (UTF-8). */
export function renderTranscript(transcript: TranscriptForExport, format: DownloadFormat): RenderedTranscript {
  const { render, contentType } = RENDERERS[format];
  return { body: render(transcript), contentType, extension: format };
}
