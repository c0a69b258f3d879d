/** A timed piece of a transcript: seconds from the start of the file, and what was said. */
export interface Segment {
  start: number;
  end: number;
  text: string;
}

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
