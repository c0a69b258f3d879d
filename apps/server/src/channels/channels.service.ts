import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { sqlState } from '../database/database-errors.js';
import type { ChannelBrief } from '../transcriptions/transcription.js';
import { type OwnerScope, type Page, type Scope, TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import type { User } from '../users/user.js';
import type { AudioEntry, Channel, Membership } from './channel.js';
import { type ChannelChanges, ChannelRepository } from './channel.repository.js';

const ADMIN = { admin: true } as const;

const channelNotFound = () => new NotFoundException('channel not found');

/**
 * Channels as administrators make and fill them, and the assignment of transcriptions to them.
 * Reading what is assigned to a channel is the transcriptions' own business (a member's scope);
 * here an owner may share only into channels they are in, so no one pushes content into a group
 * they do not belong to. An administrator may assign anything anywhere.
 */
@Injectable()
export class ChannelsService {
  private readonly logger = new Logger(ChannelsService.name);

  constructor(
    private readonly channels: ChannelRepository,
    private readonly transcriptions: TranscriptionsService,
  ) {}

  list(): Promise<Channel[]> {
    return this.channels.list();
  }

  async create(admin: User, name: string, description: string | null): Promise<Channel> {
    const channel = await this.uniquelyNamed(name, () => this.channels.insert({ name, description, createdBy: admin.id }));
    this.logger.log(`channel ${channel.id} created`);
    return channel;
  }

  async detail(id: string): Promise<{ channel: Channel; members: User[] }> {
    const channel = await this.channels.find(id);
    if (!channel) throw channelNotFound();
    return { channel, members: await this.channels.members(id) };
  }

  async update(id: string, changes: ChannelChanges): Promise<Channel> {
    const channel = await this.uniquelyNamed(changes.name, () => this.channels.update(id, changes));
    if (!channel) throw channelNotFound();
    return channel;
  }

  /** Deletes the channel: its members lose sight of its transcriptions at once. */
  async delete(id: string): Promise<void> {
    if (!(await this.channels.delete(id))) throw channelNotFound();
    this.logger.log(`channel ${id} deleted, with its memberships and assignments`);
  }

  /** Adds the user to the channel; a member already is left as they are (`added` false). */
  async addMember(channelId: string, userId: string, admin: User): Promise<{ membership: Membership; added: boolean }> {
    const added = await this.channels.addMember(channelId, userId, admin.id);
    if (added) {
      this.logger.log(`user ${userId} added to channel ${channelId}`);
      return { membership: added, added: true };
    }
    const existing = await this.channels.membership(channelId, userId);
    if (existing) return { membership: existing, added: false };
    if (!(await this.channels.find(channelId))) throw channelNotFound();
    throw new NotFoundException('user not found');
  }

  /** Removes the member: they lose sight of the channel's transcriptions at once. */
  async removeMember(channelId: string, userId: string): Promise<void> {
    if (!(await this.channels.removeMember(channelId, userId))) {
      throw new NotFoundException('the user is not a member of this channel');
    }
    this.logger.log(`user ${userId} removed from channel ${channelId}`);
  }

  /** The channels of a transcription the scope may see (404 otherwise). */
  async channelsOf(scope: Scope, id: string): Promise<ChannelBrief[]> {
    return (await this.transcriptions.get(scope, id)).channels;
  }

  /**
   * Makes `channelIds` the transcription's channels (none: it is in no channel any more); returns
   * them. 404 when the scope cannot see it, 403 when it sees it only through a channel. Unknown
   * channels (400) or, for an owner, channels they are not in (403) change nothing.
   */
  async assign(scope: OwnerScope, assignedBy: User, id: string, channelIds: string[]): Promise<string[]> {
    await this.transcriptions.owned(scope, id);
    // PostgreSQL reads a UUID whatever its case: one id written twice is one channel.
    const ids = [...new Set(channelIds.map((channelId) => channelId.toLowerCase()))];
    const ownerId = 'ownerId' in scope ? scope.ownerId : null;
    await this.channels.transaction(async (tx) => {
      if (!(await this.channels.lockAssignments(id, tx))) throw new NotFoundException('transcription not found');
      const found = await this.channels.assignable(ids, ownerId, tx);
      const unknown = ids.filter((channelId) => !found.some((channel) => channel.id === channelId));
      if (unknown.length > 0) throw new BadRequestException(`no such channel: ${unknown.join(', ')}`);
      const foreign = ownerId === null ? [] : found.filter((channel) => !channel.isMember);
      if (foreign.length > 0) {
        throw new ForbiddenException(
          `you are not a member of the channel${foreign.length === 1 ? '' : 's'} ${foreign.map((channel) => `"${channel.name}"`).join(', ')}: ` +
            'only its members and administrators may share transcriptions with it',
        );
      }
      await this.channels.replaceAssignments(id, ids, assignedBy.id, tx);
    });
    this.logger.log(`transcription ${id} assigned to ${ids.length} channel(s) by ${ownerId ? 'its owner' : 'an administrator'}`);
    return ids;
  }

  /** Every transcription, newest first, with its owner's e-mail address. */
  async audio(page: number, pageSize: number): Promise<Page<AudioEntry>> {
    const list = await this.transcriptions.list(ADMIN, {}, page, pageSize);
    const emails = await this.channels.emailsOf([...new Set(list.items.flatMap((t) => t.userId ?? []))]);
    return {
      ...list,
      items: list.items.map((t) => ({ transcription: t, userEmail: t.userId === null ? null : (emails.get(t.userId) ?? null) })),
    };
  }

  /** Runs `write`; a name another channel has is a 409 that says so. */
  private async uniquelyNamed<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (sqlState(error) === '23505') {
        throw new ConflictException(`a channel named "${name}" already exists (names are compared whatever their case)`);
      }
      throw error;
    }
  }
}
