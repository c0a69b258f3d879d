import type { AdminApiKeyDto, ApiKeyDto, ApiKeyScope } from '@app/contracts';
import type { Plain } from '../transcriptions/transcription-dto.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A personal API key as stored: never the key, only its hash (which stays in the repository). */
export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
  /** Only in admin lists. */
  userEmail?: string | null;
}

export interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  expires_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
  revoked_at: Date | null;
  user_email?: string | null;
}

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    userEmail: row.user_email,
  };
}

export function toApiKeyDto(key: ApiKey): Plain<ApiKeyDto> {
  return {
    id: key.id,
    name: key.name,
    scope: key.scope,
    prefix: key.prefix,
    expires_at: iso(key.expiresAt),
    last_used_at: iso(key.lastUsedAt),
    created_at: key.createdAt.toISOString(),
    revoked_at: iso(key.revokedAt),
  };
}

export function toAdminApiKeyDto(key: ApiKey): Plain<AdminApiKeyDto> {
  return { ...toApiKeyDto(key), user_id: key.userId, user_email: key.userEmail ?? null };
}
