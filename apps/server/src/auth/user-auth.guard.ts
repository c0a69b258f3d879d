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
import { DatabaseUnavailableException, isDatabaseUnavailable } from '../database/database-errors.js';
import type { User } from '../users/user.js';
import { SigningKeysUnavailableError } from './jwks-key-set.js';
import { USER_JWT } from './user-jwt.strategy.js';

export interface UserAuthOptions {
  /** Admins only (403 for others). */
  admin?: boolean;
  /** Inactive users may call it too (only GET /api/users/me). */
  allowInactive?: boolean;
}
export const USER_AUTH_OPTIONS = 'user-auth-options';

/** A valid user token (401 otherwise), an active user (403), and an admin where asked (403). */
@Injectable()
export class UserAuthGuard extends AuthGuard(USER_JWT) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const options = this.reflector.getAllAndOverride<UserAuthOptions | undefined>(USER_AUTH_OPTIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const user = context.switchToHttp().getRequest<{ user: User }>().user;
    if (!user.isActive && !options?.allowInactive) {
      throw new ForbiddenException('your account is not active yet: an administrator has to activate it');
    }
    if (options?.admin && !user.isAdmin) throw new ForbiddenException('administrators only');
    return true;
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
