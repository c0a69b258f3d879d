import { Injectable, Logger, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import { isUuid } from '@app/contracts';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { newSecretToken, SECRET_TOKEN_SHAPE, secretTokenHash } from '../common/secret-tokens.js';
import { sqlState } from '../database/database-errors.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { AudioTicketRepository } from './audio-ticket.repository.js';

/** How long a ticket plays its audio. */
export const AUDIO_TICKET_SECONDS = 3600;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Tickets for the web app's <audio> element, which cannot send an Authorization header: one
 * recording, one hour, any number of requests (seeking makes several Range requests). Only their
 * hashes are stored, so any replica can check one. A ticket acts as its user: a user who is
 * deactivated, deleted or loses sight of the transcription can no longer play it.
 */
@Injectable()
export class AudioTickets implements OnApplicationBootstrap {
  private readonly logger = new Logger(AudioTickets.name);

  constructor(
    private readonly tickets: AudioTicketRepository,
    private readonly transcriptions: TranscriptionsService,
    private readonly users: UsersService,
    private readonly tasks: PeriodicTasks,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.every('audio ticket pruning', PRUNE_EVERY_MS, this.logger, () => this.tickets.deleteExpired());
  }

  /** A ticket to the audio of a transcription the user may read (404 otherwise, or once its audio is deleted). */
  async issue(user: User, transcriptionId: string): Promise<{ ticket: string; expiresAt: Date }> {
    await this.transcriptions.audio({ viewerId: user.id }, transcriptionId);
    const ticket = newSecretToken();
    try {
      const expiresAt = await this.tickets.insert(secretTokenHash(ticket), user.id, transcriptionId, AUDIO_TICKET_SECONDS);
      return { ticket, expiresAt };
    } catch (error) {
      if (sqlState(error) === '23503') throw new NotFoundException('transcription not found'); // deleted meanwhile
      throw error;
    }
  }

  /** The user a ticket stands for, if it is unexpired and for this transcription's audio. */
  async redeem(ticket: string, transcriptionId: string): Promise<User | undefined> {
    if (!SECRET_TOKEN_SHAPE.test(ticket) || !isUuid(transcriptionId)) return undefined;
    const userId = await this.tickets.userOf(secretTokenHash(ticket), transcriptionId);
    return userId === undefined ? undefined : this.users.find(userId);
  }
}
