import { UPLOAD_LANGUAGES } from '@app/contracts';
import { renderTranscript } from '../transcriptions/transcript-formats.js';
import type { Transcription } from '../transcriptions/transcription.js';

/** OpenAI's `response_format` values for /v1/audio/transcriptions and /translations. */
export const OPENAI_RESPONSE_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;
export type OpenAiResponseFormat = (typeof OPENAI_RESPONSE_FORMATS)[number];

export const TIMESTAMP_GRANULARITIES = ['segment', 'word'] as const;
export type TimestampGranularity = (typeof TIMESTAMP_GRANULARITIES)[number];

export interface OpenAiAnswer {
  contentType: string;
  body: string | object;
}

const NAMES = new Map(UPLOAD_LANGUAGES.map((language) => [language.code, language.name.toLowerCase()]));

/** Whisper's own name for a language, as OpenAI answers it ("english"); the code when it has none. */
export function languageName(code: string | null): string {
  if (!code || code === 'auto') return 'unknown';
  const base = code.split('-')[0]!;
  return NAMES.get(base) ?? base;
}

/** A completed transcription in the response format OpenAI's API uses for it. */
export function openAiAnswer(
  transcription: Transcription,
  format: OpenAiResponseFormat,
  granularities: readonly TimestampGranularity[],
  temperature: number,
): OpenAiAnswer {
  const text = transcription.text ?? '';
  switch (format) {
    case 'json':
      return { contentType: 'application/json', body: { text } };
    case 'text':
      return { contentType: 'text/plain; charset=utf-8', body: `${text}\n` };
    case 'srt':
    case 'vtt':
      return { contentType: 'text/plain; charset=utf-8', body: renderTranscript(transcription, format).body };
    case 'verbose_json': {
      const segments = (transcription.segments ?? []).filter((segment) => segment.text.trim() !== '');
      const wantSegments = granularities.length === 0 || granularities.includes('segment');
      const wantWords = granularities.includes('word');
      return {
        contentType: 'application/json',
        body: {
          task: transcription.task,
          language: languageName(transcription.language),
          duration: transcription.durationSeconds ?? 0,
          text,
          ...(wantSegments
            ? {
                segments: segments.map((segment, id) => ({
                  id,
                  seek: Math.floor(segment.start * 100),
                  start: segment.start,
                  end: segment.end,
                  text: segment.text,
                  tokens: [],
                  temperature,
                  avg_logprob: 0,
                  compression_ratio: 0,
                  no_speech_prob: 0,
                })),
              }
            : {}),
          ...(wantWords
            ? {
                words: segments.flatMap((segment) =>
                  (segment.words ?? []).map((word) => ({ word: word.word.trim(), start: word.start, end: word.end })),
                ),
              }
            : {}),
        },
      };
    }
  }
}
