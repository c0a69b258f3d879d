import { createHash, randomBytes } from 'node:crypto';

/**
 * Share links, event tickets and audio tickets are bearer secrets that travel in URLs. Each is
 * 192 random bits, and only its SHA-256 is stored: a leaked database opens nothing.
 */
export function newSecretToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** What is stored of a token, and looked up by. */
export function secretTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens look like newSecretToken's; anything else cannot be one and is answered as unknown. */
export const SECRET_TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;
