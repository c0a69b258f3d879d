/**
 * What a personal API key may do (docs/api.md "User API: API keys"), each including the one
 * before: `read` GET routes of the user API; `transcribe` uploads too; `admin` all the user may
 * do, admin routes included while the user is an admin.
 */
export enum ApiKeyScope {
  Read = 'read',
  Transcribe = 'transcribe',
  Admin = 'admin',
}

/** Keys are `wsk_` and 43 base64url characters (32 random bytes). */
export const API_KEY_PREFIX = 'wsk_';

/** Live (unrevoked, unexpired) keys a user may hold at once. */
export const MAX_API_KEYS_PER_USER = 50;
