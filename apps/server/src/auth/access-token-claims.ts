/** Claims this project reads from an access token (Supabase's, or one signed locally). */
export interface AccessTokenClaims {
  sub: string;
  email?: string;
  aud?: string | string[];
  exp?: number;
  /** Supabase's app_metadata is writable only with the service role (or the JWT secret). */
  app_metadata?: { whisper_admin?: boolean };
}

/** Supabase's audience for signed-in users' tokens. */
export const TOKEN_AUDIENCE = 'authenticated';
/** The issuer of tokens signed in local auth mode (no Supabase project). */
export const LOCAL_ISSUER = 'whisper-summarizer-local';
