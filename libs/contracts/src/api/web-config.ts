import type { LanguageOption } from '../languages.js';

/** `local`: tokens signed by the server (npm start, `npm run token`); `supabase`: a Supabase project's sign-in. */
export type AuthMode = 'local' | 'supabase';

/** GET /api/config: what the web app needs before anyone signs in. Only public values. */
export interface WebConfigDto {
  auth_mode: AuthMode;
  /** The Supabase project to sign in with (null in local mode). */
  supabase_url: string | null;
  /** Supabase's public (anon) key, made to be shipped to browsers. */
  supabase_anon_key: string | null;
  max_upload_bytes: number;
  max_upload_mb: number;
  /** What an upload's `language` may be: "auto" first, then the languages whisper transcribes. */
  languages: LanguageOption[];
  default_language: string;
  /** The server has a language model (GLM_API_KEY): chat works. */
  chat_available: boolean;
  /** The server's version (package.json). */
  version: string;
}
