/** One word (whisper token) of a segment, when word timestamps were asked for: seconds from the start of the file. */
export interface Word {
  word: string;
  start: number;
  end: number;
  /** whisper's confidence in it, 0–1. */
  probability?: number;
}

/** A timed piece of a transcript: seconds from the start of the file, and what was said. */
export interface Segment {
  start: number;
  end: number;
  text: string;
  /** Its words with their times; only for jobs with word timestamps. */
  words?: Word[];
}

/**
 * A whisper model a job may name and runners announce: the runner's WHISPER_MODEL names
 * (large-v3-turbo, base, small.en …).
 */
export const MODEL_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
export const MODEL_NAME_MESSAGE = 'a model name is 1–100 letters, digits or . _ - (such as large-v3-turbo or small.en)';

/** What whisper does with the audio: transcribe it as spoken, or translate it to English. */
export const TRANSCRIPTION_TASKS = ['transcribe', 'translate'] as const;
export type TranscriptionTask = (typeof TRANSCRIPTION_TASKS)[number];

/**
 * A language: an ISO 639-1/-3 code, optionally with a region or script (zh-TW, zh-Hant). Uploads
 * may also say "auto" (detect it); whisper itself takes the base code (see whisperLanguage).
 */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;
export const LANGUAGE_OR_AUTO = /^(auto|[a-z]{2,3}(-[A-Za-z]{2,4})?)$/;

/** The code whisper.cpp understands for a language: "zh-TW" → "zh"; "auto" stays "auto". */
export function whisperLanguage(language: string): string {
  return language.split('-')[0]!;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of users and transcriptions: any UUID (Supabase's are v4, ours too). */
export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}
