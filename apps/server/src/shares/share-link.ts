import type { ShareLinkDto } from '@app/contracts';
import type { Plain } from '../transcriptions/transcription-dto.js';

/** A public, revocable link to one transcription. */
export interface ShareLink {
  id: string;
  transcriptionId: string;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  accessCount: number;
  lastAccessedAt: Date | null;
}

export interface ShareLinkRow {
  id: string;
  transcription_id: string;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  access_count: number;
  last_accessed_at: Date | null;
}

export function toShareLink(row: ShareLinkRow): ShareLink {
  return {
    id: row.id,
    transcriptionId: row.transcription_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    accessCount: row.access_count,
    lastAccessedAt: row.last_accessed_at,
  };
}

export function isLive(link: ShareLink, now = new Date()): boolean {
  return link.revokedAt === null && (link.expiresAt === null || link.expiresAt > now);
}

export function toShareLinkDto(link: ShareLink): Plain<ShareLinkDto> {
  return {
    id: link.id,
    transcription_id: link.transcriptionId,
    created_at: link.createdAt.toISOString(),
    expires_at: link.expiresAt?.toISOString() ?? null,
    revoked_at: link.revokedAt?.toISOString() ?? null,
    access_count: link.accessCount,
    last_accessed_at: link.lastAccessedAt?.toISOString() ?? null,
    is_live: isLive(link),
  };
}
