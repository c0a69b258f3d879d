import { type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator.js';
import { UserAuthGuard } from '../auth/user-auth.guard.js';
import type { User } from '../users/user.js';
import { EventTickets } from './event-tickets.js';

/** An event stream opens with a user token (fetch), or with a ticket in the URL (EventSource). */
@Injectable()
export class EventStreamAuthGuard extends UserAuthGuard {
  constructor(
    reflector: Reflector,
    apiKeys: ApiKeyAuthenticator,
    private readonly tickets: EventTickets,
  ) {
    super(reflector, apiKeys);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: User }>();
    const ticket = request.query.ticket;
    if (ticket === undefined) return super.canActivate(context);
    const user = typeof ticket === 'string' ? await this.tickets.redeem(ticket) : undefined;
    if (!user) throw new UnauthorizedException('the ticket is unknown, used or expired: get a new one (POST /api/events/ticket)');
    if (!user.isActive) throw new ForbiddenException('your account is not active yet: an administrator has to activate it');
    request.user = user;
    return true;
  }
}
