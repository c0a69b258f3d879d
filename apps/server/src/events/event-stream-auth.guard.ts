import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator.js';
import { TicketAuthGuard } from '../auth/ticket-auth.guard.js';
import type { User } from '../users/user.js';
import { EventTickets } from './event-tickets.js';

/** An event stream opens with a user token (fetch), or with a ticket in the URL (EventSource). */
@Injectable()
export class EventStreamAuthGuard extends TicketAuthGuard {
  protected readonly refusal = 'the ticket is unknown, used or expired: get a new one (POST /api/events/ticket)';

  constructor(
    reflector: Reflector,
    apiKeys: ApiKeyAuthenticator,
    private readonly tickets: EventTickets,
  ) {
    super(reflector, apiKeys);
  }

  protected redeem(ticket: string): Promise<User | undefined> {
    return this.tickets.redeem(ticket);
  }
}
