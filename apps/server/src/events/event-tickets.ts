import { Injectable } from '@nestjs/common';
import { newSecretToken, secretTokenHash } from '../common/secret-tokens.js';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { EventRepository } from './event.repository.js';

/** How long a ticket may wait to be used. */
export const TICKET_SECONDS = 60;

/**
 * Single-use, short-lived tickets to open one event stream: a browser's EventSource cannot send
 * an Authorization header, and a long-lived token must never go into a URL (logs, history). Only
 * their hashes are stored, so any replica can redeem one, once.
 */
@Injectable()
export class EventTickets {
  constructor(
    private readonly events: EventRepository,
    private readonly users: UsersService,
  ) {}

  async issue(user: User): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = newSecretToken();
    return { ticket, expiresAt: await this.events.insertTicket(secretTokenHash(ticket), user.id, TICKET_SECONDS) };
  }

  /** The ticket's user, if it is unexpired and unused (it is used up now). */
  async redeem(ticket: string): Promise<User | undefined> {
    const userId = await this.events.redeemTicket(secretTokenHash(ticket));
    return userId === undefined ? undefined : this.users.find(userId);
  }
}
