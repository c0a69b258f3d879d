import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { ServerConfig } from '../config/server-config.js';
import { type AccessTokenClaims, LOCAL_ISSUER, TOKEN_AUDIENCE } from './access-token-claims.js';
import { readOrCreateLocalSecret } from './local-auth-secret.js';
import { supabaseAuthUrl } from './token-keys.js';

export interface AccessTokenRequest {
  email: string;
  admin?: boolean;
  /** Defaults to an id derived from the e-mail, so the same e-mail is always the same user. */
  sub?: string;
  expiresInSeconds?: number;
}

/** A stable user id for an e-mail address (UUID-formatted sha256), for locally minted tokens. */
export function userIdForEmail(email: string): string {
  const hex = createHash('sha256').update(`whisper-summarizer:${email.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * An access token shaped like Supabase's (aud "authenticated", role, email, app_metadata),
 * signed with the configured HS256 secret: SUPABASE_JWT_SECRET, or the local one.
 */
export async function signAccessToken(config: ServerConfig, request: AccessTokenRequest): Promise<string> {
  const secret = config.supabaseJwtSecret ?? (config.localAuth ? await readOrCreateLocalSecret(config.dataDir) : undefined);
  if (!secret) {
    throw new Error('no HS256 secret to sign with: set SUPABASE_JWT_SECRET (or unset SUPABASE_URL for local auth)');
  }
  const claims: AccessTokenClaims & { role: string } = {
    sub: request.sub ?? userIdForEmail(request.email),
    email: request.email,
    role: 'authenticated',
    app_metadata: request.admin ? { whisper_admin: true } : {},
  };
  const issuer = config.supabaseUrl ? supabaseAuthUrl(config.supabaseUrl) : config.localAuth ? LOCAL_ISSUER : undefined;
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    audience: TOKEN_AUDIENCE,
    expiresIn: request.expiresInSeconds ?? 24 * 3600,
    ...(issuer ? { issuer } : {}),
  });
}
