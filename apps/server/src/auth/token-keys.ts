import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { urlUnder } from '../common/url.js';
import { ServerConfig } from '../config/server-config.js';
import { JwksKeySet, SigningKeysUnavailableError } from './jwks-key-set.js';
import { LOCAL_ISSUER } from './access-token-claims.js';
import { readOrCreateLocalSecret } from './local-auth-secret.js';

export const HMAC_ALGORITHMS = ['HS256'] as const;
export const PUBLIC_KEY_ALGORITHMS = ['RS256', 'ES256'] as const;
export const ACCEPTED_ALGORITHMS = [...HMAC_ALGORITHMS, ...PUBLIC_KEY_ALGORITHMS];

/** Thrown for a token whose header asks for a key we must not use; becomes a 401. */
export class UnusableTokenKeyError extends Error {}

/**
 * The keys access tokens are verified with: the HS256 secret (SUPABASE_JWT_SECRET, or the local
 * one), and the Supabase project's JWKS for RS256/ES256 (cached; refetched, rate-limited, when a
 * token names an unknown `kid`). Each algorithm family only ever gets its own kind of key, which
 * is what rules out algorithm confusion (an RS256 public key used as an HS256 secret).
 */
@Injectable()
export class TokenKeys implements OnModuleInit {
  private readonly logger = new Logger(TokenKeys.name);
  private hmacSecret?: string;
  private readonly jwks?: JwksKeySet;

  constructor(private readonly config: ServerConfig) {
    if (config.supabaseUrl) {
      this.jwks = new JwksKeySet(urlUnder(config.supabaseUrl, 'auth/v1/.well-known/jwks.json'));
    }
  }

  async onModuleInit(): Promise<void> {
    if (this.config.localAuth) {
      this.hmacSecret = await readOrCreateLocalSecret(this.config.dataDir);
      this.logger.warn(
        'local auth mode (no Supabase project configured): tokens are signed with the secret in DATA_DIR; get one with `npm run token -- --email you@example.com --admin`',
      );
    } else {
      this.hmacSecret = this.config.supabaseJwtSecret;
    }
  }

  /**
   * The issuer tokens must carry: the Supabase project's auth URL, or the local one. With only
   * SUPABASE_JWT_SECRET set, the project's URL is unknown and the issuer is not checked.
   */
  get issuer(): string | undefined {
    if (this.config.supabaseUrl) return supabaseAuthUrl(this.config.supabaseUrl);
    return this.config.localAuth ? LOCAL_ISSUER : undefined;
  }

  async keyFor(header: { alg?: string; kid?: string }): Promise<string> {
    if ((HMAC_ALGORITHMS as readonly string[]).includes(header.alg ?? '')) {
      if (!this.hmacSecret) throw new UnusableTokenKeyError('HS256 tokens are not accepted: SUPABASE_JWT_SECRET is not set');
      return this.hmacSecret;
    }
    if ((PUBLIC_KEY_ALGORITHMS as readonly string[]).includes(header.alg ?? '')) {
      if (!this.jwks) throw new UnusableTokenKeyError(`${header.alg} tokens are not accepted: SUPABASE_URL is not set`);
      try {
        return await this.jwks.keyFor(header.kid);
      } catch (error) {
        if (error instanceof SigningKeysUnavailableError) throw error;
        throw new UnusableTokenKeyError(`no signing key for this token (${(error as Error).message})`);
      }
    }
    throw new UnusableTokenKeyError(`token algorithm ${header.alg ?? 'none'} is not accepted`);
  }
}

/** The project's auth API, which is also the issuer of its access tokens. */
export function supabaseAuthUrl(supabaseUrl: string): string {
  return urlUnder(supabaseUrl, 'auth/v1');
}
