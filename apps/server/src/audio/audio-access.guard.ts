import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator.js';
import { TicketAuthGuard } from '../auth/ticket-auth.guard.js';
import type { User } from '../users/user.js';
import { AudioTickets } from './audio-tickets.js';

/** Audio is fetched with a user token, or by an <audio> element with `?ticket=` for that recording. */
@Injectable()
export class AudioAccessGuard extends TicketAuthGuard {
  protected readonly refusal =
    'the audio ticket is unknown, expired or for another recording: get a new one (POST /api/audio/{id}/ticket)';

  constructor(
    reflector: Reflector,
    apiKeys: ApiKeyAuthenticator,
    private readonly tickets: AudioTickets,
  ) {
    super(reflector, apiKeys);
  }

  protected redeem(ticket: string, request: Request): Promise<User | undefined> {
    const id = request.params.id;
    return typeof id === 'string' ? this.tickets.redeem(ticket, id) : Promise.resolve(undefined);
  }
}
