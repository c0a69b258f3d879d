import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Claims this project reads from an access token. */
export interface AccessTokenClaims {
  sub: string;
  email?: string;
  aud?: string | string[];
  exp?: number;
  /** Supabase's app_metadata is writable only with the service role (or the JWT secret). */
  app_metadata?: { whisper_admin?: boolean };
}

export const TOKEN_AUDIENCE = 'authenticated';
export const LOCAL_ISSUER = 'whisper-summarizer-local';

/**
 * Local auth mode (no Supabase project): the HS256 secret is generated once and kept in
 * `$DATA_DIR/jwt-secret`, so tokens stay valid across restarts and `npm run token` can sign them.
 */
export async function readOrCreateLocalSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, 'jwt-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw error;
  }
}
