import { type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator.js';
import { UserAuthGuard } from '../auth/user-auth.guard.js';
import type { User } from '../users/user.js';
import { AudioTickets } from './audio-tickets.js';

/** Audio is fetched with a user token, or by an <audio> element with `?ticket=` for that recording. */
@Injectable()
export class AudioAccessGuard extends UserAuthGuard {
  constructor(
    reflector: Reflector,
    apiKeys: ApiKeyAuthenticator,
    private readonly tickets: AudioTickets,
  ) {
    super(reflector, apiKeys);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: User }>();
    const ticket = request.query.ticket;
    if (ticket === undefined) return super.canActivate(context);
    const id = request.params.id;
    const user = typeof ticket === 'string' && typeof id === 'string' ? await this.tickets.redeem(ticket, id) : undefined;
    if (!user) {
      throw new UnauthorizedException(
        'the audio ticket is unknown, expired or for another recording: get a new one (POST /api/audio/{id}/ticket)',
      );
    }
    if (!user.isActive) throw new ForbiddenException('your account is not active yet: an administrator has to activate it');
    request.user = user;
    return true;
  }
}
