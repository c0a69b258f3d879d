import { createPublicKey, type JsonWebKey } from 'node:crypto';

/** Unknown kids refetch the set at most this many times a minute, so forged kids cannot flood Supabase. */
const REFETCHES_PER_MINUTE = 5;
const FETCH_TIMEOUT_MS = 5_000;

/** The key set could not be fetched (Supabase unreachable or failing): an outage, not a bad token. */
export class SigningKeysUnavailableError extends Error {}

interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
}

/**
 * The public keys of a JWKS URL (Supabase's asymmetric signing keys), cached. A token naming a
 * kid we do not have triggers a refetch (key rotation), rate-limited by a cooldown.
 */
export class JwksKeySet {
  private keys = new Map<string, string>();
  private recentFetches: number[] = [];
  private inFlight?: Promise<void>;

  constructor(private readonly url: string) {}

  /** The PEM public key for `kid` (or the only key when the token names none). */
  async keyFor(kid: string | undefined): Promise<string> {
    let key = this.find(kid);
    if (!key && this.mayFetch()) {
      await this.refresh();
      key = this.find(kid);
    }
    if (!key) throw new Error(kid ? `unknown signing key "${kid}"` : 'the token names no signing key');
    return key;
  }

  private find(kid: string | undefined): string | undefined {
    if (kid !== undefined) return this.keys.get(kid);
    return this.keys.size === 1 ? [...this.keys.values()][0] : undefined;
  }

  private mayFetch(): boolean {
    const minuteAgo = Date.now() - 60_000;
    this.recentFetches = this.recentFetches.filter((time) => time > minuteAgo);
    return this.recentFetches.length < REFETCHES_PER_MINUTE;
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.recentFetches.push(Date.now());
    let body: { keys?: Jwk[] };
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = (await response.json()) as { keys?: Jwk[] };
    } catch (error) {
      throw new SigningKeysUnavailableError(`the signing keys could not be fetched (${(error as Error).message})`);
    }
    const keys = new Map<string, string>();
    for (const jwk of body.keys ?? []) {
      if (jwk.use && jwk.use !== 'sig') continue;
      try {
        keys.set(jwk.kid ?? '', createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString());
      } catch {
        // a key type we cannot use (e.g. a symmetric "oct" key): skip it
      }
    }
    this.keys = keys;
  }
}
