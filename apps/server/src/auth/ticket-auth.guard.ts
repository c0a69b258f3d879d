import { type ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import type { User } from '../users/user.js';
import { UserAuthGuard } from './user-auth.guard.js';

/**
 * A user token as usual, or `?ticket=` in the URL for what a browser loads without headers
 * (EventSource, <audio>). A subclass says whose ticket it is; an inactive user's ticket is refused.
 */
export abstract class TicketAuthGuard extends UserAuthGuard {
  /** The ticket's user, if it is valid for this request. */
  protected abstract redeem(ticket: string, request: Request): Promise<User | undefined>;
  /** Why an unknown ticket is refused, and how to get a new one. */
  protected abstract readonly refusal: string;

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: User }>();
    const ticket = request.query.ticket;
    if (ticket === undefined) return super.canActivate(context);
    const user = typeof ticket === 'string' ? await this.redeem(ticket, request) : undefined;
    if (!user) throw new UnauthorizedException(this.refusal);
    if (!user.isActive) throw new ForbiddenException('your account is not active yet: an administrator has to activate it');
    request.user = user;
    return true;
  }
}
