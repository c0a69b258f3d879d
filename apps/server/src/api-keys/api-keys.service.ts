import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { API_KEY_PREFIX, ApiKeyScope, MAX_API_KEYS_PER_USER } from '@app/contracts';
import { newSecretToken, secretTokenHash } from '../common/secret-tokens.js';
import type { User } from '../users/user.js';
import { ApiKeyAuthenticator } from './api-key-authenticator.js';
import { ApiKeyRepository } from './api-key.repository.js';
import type { ApiKey } from './api-key.js';

/** Characters of a key kept to recognize it in lists: `wsk_` and four more. */
const PREFIX_LENGTH = API_KEY_PREFIX.length + 4;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Personal API keys: made here and shown once; stored as a SHA-256 hash. */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  /** A new key for `owner`; the key itself is returned this once. */
  async create(owner: User, name: string, scope: ApiKeyScope, expiresInDays?: number): Promise<{ apiKey: ApiKey; key: string }> {
    if (scope === ApiKeyScope.Admin && !owner.isAdmin) {
      throw new ForbiddenException('only administrators may create keys with the admin scope');
    }
    const key = API_KEY_PREFIX + newSecretToken(32);
    const expiresAt = expiresInDays === undefined ? null : new Date(Date.now() + expiresInDays * DAY_MS);
    const apiKey = await this.keys.insertUnderLimit(
      owner.id,
      { name, scope, expiresAt, keyHash: secretTokenHash(key), prefix: key.slice(0, PREFIX_LENGTH) },
      MAX_API_KEYS_PER_USER,
    );
    if (!apiKey) {
      throw new ConflictException(
        `you already have ${MAX_API_KEYS_PER_USER} live API keys, the most one may have; revoke one first`,
      );
    }
    this.logger.log(`API key ${apiKey.id} (${scope}) created by user ${owner.id}`);
    return { apiKey, key };
  }

  list(owner: User): Promise<ApiKey[]> {
    return this.keys.listOf(owner.id);
  }

  listAll(): Promise<ApiKey[]> {
    return this.keys.listAll();
  }

  /** Revokes one of the owner's keys (again: nothing changes); 404 for anyone else's. */
  async revoke(owner: User, id: string): Promise<void> {
    this.forget(await this.keys.revoke(id, owner.id), id);
  }

  /** Revokes anyone's key (admins). */
  async revokeAny(id: string): Promise<void> {
    this.forget(await this.keys.revoke(id), id);
  }

  private forget(keyHash: string | undefined, id: string): void {
    if (keyHash === undefined) throw new NotFoundException('there is no such API key');
    // Other replicas see it at their next lookup, within a second.
    this.authenticator.forget(keyHash);
    this.logger.log(`API key ${id} revoked`);
  }
}
