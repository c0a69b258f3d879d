import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passportJwt from 'passport-jwt';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { type AccessTokenClaims, TOKEN_AUDIENCE } from './access-token-claims.js';
import { ACCEPTED_ALGORITHMS, TokenKeys } from './token-keys.js';

export const USER_JWT = 'user-jwt';

function decodeHeader(rawToken: string): { alg?: string; kid?: string } {
  try {
    return JSON.parse(Buffer.from(rawToken.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: string; kid?: string };
  } catch {
    return {};
  }
}

/** Verifies Supabase access tokens locally (signature, algorithm, audience, issuer, expiry). */
@Injectable()
export class UserJwtStrategy extends PassportStrategy(passportJwt.Strategy, USER_JWT) {
  constructor(
    keys: TokenKeys,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: passportJwt.ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: ACCEPTED_ALGORITHMS,
      audience: TOKEN_AUDIENCE,
      issuer: keys.issuer,
      ignoreExpiration: false,
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: Error | null, key?: string) => void) => {
        keys.keyFor(decodeHeader(rawToken)).then(
          (key) => done(null, key),
          (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
  }

  validate(claims: AccessTokenClaims): Promise<User> {
    // jsonwebtoken checks `exp` only when it is there; a token without one would never expire.
    if (typeof claims.exp !== 'number') throw new UnauthorizedException('invalid access token: it has no expiry (exp)');
    return this.users.findOrCreate(claims);
  }
}
