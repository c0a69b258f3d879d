import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { API_KEY_PREFIX, type ApiKeyScope } from '@app/contracts';
import { secretTokenHash } from '../common/secret-tokens.js';
import { toUser, type User } from '../users/user.js';
import { type ApiKeyCheckRow, ApiKeyRepository } from './api-key.repository.js';

/** A request made with a key: whose, and what it may do. */
export interface ApiKeyGrant {
  user: User;
  keyId: string;
  scope: ApiKeyScope;
}

/** How long a lookup is reused: revocation and deactivation reach every replica within it. */
export const API_KEY_CACHE_MS = 1000;
/** last_used_at is written at most this often per key. */
const TOUCH_INTERVAL_MS = 60_000;
/** Beyond this many cached lookups (many distinct keys in one second), the cache starts over. */
const MAX_CACHED = 10_000;
const KEY_SHAPE = /^wsk_[A-Za-z0-9_-]{43}$/;

/** A bearer token that is an API key by its form (a JWT has three dot-separated parts). */
export function isApiKeyForm(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

interface Cached {
  at: number;
  lookup: Promise<ApiKeyCheckRow | undefined>;
}

/**
 * Checks a request's API key with one indexed query (the key joined with its user), shared by the
 * requests of the next second on this process; records uses now and then, never waited for.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly cache = new Map<string, Cached>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly keys: ApiKeyRepository) {}

  /** The key's grant; 401 with the reason for an unknown, revoked or expired key. */
  async authenticate(key: string): Promise<ApiKeyGrant> {
    if (!KEY_SHAPE.test(key)) throw new UnauthorizedException('invalid API key: it is not a key this server issued');
    const row = await this.lookup(secretTokenHash(key));
    if (!row) throw new UnauthorizedException('invalid API key: no such key (it may have been deleted with its user)');
    if (row.key_revoked_at) throw new UnauthorizedException('this API key has been revoked');
    if (row.key_expires_at && row.key_expires_at.getTime() <= Date.now()) {
      throw new UnauthorizedException(`this API key expired at ${row.key_expires_at.toISOString()}`);
    }
    this.touch(row.key_id);
    return { user: toUser(row), keyId: row.key_id, scope: row.key_scope };
  }

  /** Forgets a key at once on this process (it was revoked here). */
  forget(keyHash: string): void {
    this.cache.delete(keyHash);
  }

  private lookup(keyHash: string): Promise<ApiKeyCheckRow | undefined> {
    const now = Date.now();
    const cached = this.cache.get(keyHash);
    if (cached && now - cached.at < API_KEY_CACHE_MS) return cached.lookup;
    if (this.cache.size >= MAX_CACHED) this.prune(now);
    const lookup = this.keys.findForCheck(keyHash);
    this.cache.set(keyHash, { at: now, lookup });
    // A failed lookup (database outage) is not reused.
    lookup.catch(() => {
      if (this.cache.get(keyHash)?.lookup === lookup) this.cache.delete(keyHash);
    });
    return lookup;
  }

  private prune(now: number): void {
    for (const [hash, entry] of this.cache) if (now - entry.at >= API_KEY_CACHE_MS) this.cache.delete(hash);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
  }

  private touch(keyId: string): void {
    const now = Date.now();
    if (now - (this.touched.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    if (this.touched.size >= MAX_CACHED) this.touched.clear();
    this.touched.set(keyId, now);
    this.keys.touch(keyId).catch((error: unknown) => {
      this.logger.warn(`could not record the use of API key ${keyId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
