import {
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { type ApiKeyGrant, ApiKeyAuthenticator, isApiKeyForm } from '../api-keys/api-key-authenticator.js';
import { DatabaseUnavailableException, isDatabaseUnavailable } from '../database/database-errors.js';
import type { User } from '../users/user.js';
import { API_KEY_SCOPE, type ApiKeyRequirement, SESSION_ONLY, scopeCovers, scopeNeeded } from './api-key-scope.decorator.js';
import { SigningKeysUnavailableError } from './jwks-key-set.js';
import { USER_JWT } from './user-jwt.strategy.js';

export interface UserAuthOptions {
  /** Admins only (403 for others). */
  admin?: boolean;
  /** Inactive users may call it too (only GET /api/users/me). */
  allowInactive?: boolean;
}
export const USER_AUTH_OPTIONS = 'user-auth-options';

type AuthenticatedRequest = Request & { user?: User; apiKey?: ApiKeyGrant };

/**
 * A valid user token (401 otherwise), an active user (403), and an admin where asked (403). The
 * token is a session JWT (three dot-separated parts) or a personal API key (`wsk_…`), which must
 * also have the scope the route needs (403).
 */
@Injectable()
export class UserAuthGuard extends AuthGuard(USER_JWT) {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyAuthenticator,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined && isApiKeyForm(bearer)) {
      request.apiKey = await this.authenticateKey(bearer);
      request.user = request.apiKey.user;
    } else {
      await super.canActivate(context);
    }
    const targets = [context.getHandler(), context.getClass()];
    const options = this.reflector.getAllAndOverride<UserAuthOptions | undefined>(USER_AUTH_OPTIONS, targets);
    const user = request.user!;
    if (!user.isActive && !options?.allowInactive) {
      throw new ForbiddenException('your account is not active yet: an administrator has to activate it');
    }
    if (options?.admin && !user.isAdmin) throw new ForbiddenException('administrators only');
    if (request.apiKey) {
      const declared = this.reflector.getAllAndOverride<ApiKeyRequirement | undefined>(API_KEY_SCOPE, targets);
      checkScope(request.apiKey, scopeNeeded(declared, request.method, options?.admin === true));
    }
    return true;
  }

  private async authenticateKey(key: string): Promise<ApiKeyGrant> {
    try {
      return await this.apiKeys.authenticate(key);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw new DatabaseUnavailableException();
      throw error;
    }
  }

  /**
   * `error` comes from validate() (finding the user): its own HTTP status, a 503 for a database
   * outage, else a 500. `info` says why the token itself was refused: a 401 with the reason, or a
   * 503 when the signing keys could not be fetched.
   */
  override handleRequest<TUser>(error: unknown, user: TUser, info: unknown): TUser {
    if (error instanceof HttpException) throw error;
    if (isDatabaseUnavailable(error)) throw new DatabaseUnavailableException();
    if (error instanceof Error) throw error;
    if (info instanceof SigningKeysUnavailableError) {
      throw new ServiceUnavailableException(`access tokens cannot be checked right now: ${info.message}`);
    }
    if (!user) {
      const reason = info instanceof Error ? info.message : 'missing bearer token';
      throw new UnauthorizedException(reason === 'No auth token' ? 'missing bearer token' : `invalid access token: ${reason}`);
    }
    return user;
  }
}

function checkScope(grant: ApiKeyGrant, needed: ApiKeyRequirement): void {
  if (needed === SESSION_ONLY) {
    throw new ForbiddenException('API keys cannot be used here: sign in and use your session token');
  }
  if (!scopeCovers(grant.scope, needed)) {
    throw new ForbiddenException(
      `this API key has the ${grant.scope} scope; this route needs a key with the ${needed} scope, or a session token`,
    );
  }
}
