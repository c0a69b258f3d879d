import { SetMetadata } from '@nestjs/common';
import { ApiKeyScope } from '@app/contracts';

export const API_KEY_SCOPE = 'api-key-scope';
/** Metadata value of routes no API key may call. */
export const SESSION_ONLY = 'session';
export type ApiKeyRequirement = ApiKeyScope | typeof SESSION_ONLY;

/**
 * The scope an API key needs for this route. Without it: `read` for GET and HEAD, `admin` for
 * anything else and for admin routes (a session token may always call them).
 */
export const RequiresScope = (scope: ApiKeyScope) => SetMetadata(API_KEY_SCOPE, scope);

/** Only a session token, never an API key (managing keys). */
export const SessionOnly = () => SetMetadata(API_KEY_SCOPE, SESSION_ONLY);

const RANK: Record<ApiKeyScope, number> = { [ApiKeyScope.Read]: 0, [ApiKeyScope.Transcribe]: 1, [ApiKeyScope.Admin]: 2 };

/** The scope a key needs here; a key with it (or a wider one) may pass. */
export function scopeNeeded(declared: ApiKeyRequirement | undefined, method: string, adminRoute: boolean): ApiKeyRequirement {
  if (declared === SESSION_ONLY) return SESSION_ONLY;
  if (adminRoute) return ApiKeyScope.Admin;
  if (declared) return declared;
  return method === 'GET' || method === 'HEAD' ? ApiKeyScope.Read : ApiKeyScope.Admin;
}

export function scopeCovers(held: ApiKeyScope, needed: ApiKeyScope): boolean {
  return RANK[held] >= RANK[needed];
}
