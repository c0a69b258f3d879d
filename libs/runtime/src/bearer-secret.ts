import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A shared secret sent as `Authorization: Bearer <secret>` (the runner key, METRICS_TOKEN),
 * compared in constant time, over digests so that its length leaks nothing either.
 */
export class BearerSecret {
  private readonly expected: Buffer;

  constructor(secret: string) {
    this.expected = digest(secret);
  }

  /** What an Authorization header holds: this secret, no bearer token at all, or another one. */
  check(authorization: string | undefined): 'ok' | 'missing' | 'wrong' {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return 'missing';
    return timingSafeEqual(digest(match[1]!), this.expected) ? 'ok' : 'wrong';
  }
}
