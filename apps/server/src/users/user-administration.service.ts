import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Queryable } from '../database/database.js';
import { AudioStorage } from '../storage/audio-storage.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import { SupabaseAdmin } from './supabase-admin.js';
import type { User } from './user.js';
import { UserRepository } from './user.repository.js';

/**
 * What administrators do to users: activate, make admin, delete. Changes to who is an active
 * admin are serialized in the database, so there is always one left, even when two admins act
 * at once.
 */
@Injectable()
export class UserAdministration {
  private readonly logger = new Logger(UserAdministration.name);

  constructor(
    private readonly users: UserRepository,
    private readonly transcriptions: TranscriptionsService,
    private readonly storage: AudioStorage,
    private readonly supabase: SupabaseAdmin,
  ) {}

  list(): Promise<User[]> {
    return this.users.list();
  }

  async setActive(id: string, isActive: boolean): Promise<User> {
    const user = await this.change(id, { isActive }, 'deactivate');
    this.logger.log(`user ${id} ${isActive ? 'activated' : 'deactivated'}`);
    return user;
  }

  async setAdmin(id: string, isAdmin: boolean): Promise<User> {
    const user = await this.change(id, { isAdmin }, 'revoke admin from');
    this.logger.log(`user ${id} ${isAdmin ? 'made an administrator' : 'no longer an administrator'}`);
    return user;
  }

  /** Deletes the user, their transcriptions (cascade) and audio, and their Supabase auth user. */
  async delete(id: string): Promise<void> {
    const audioIds = await this.users.transaction(async (tx) => {
      const user = await this.lockAndFind(tx, id);
      await this.assertAnotherActiveAdmin(tx, user, 'delete');
      const ids = await this.transcriptions.idsOwnedBy(id);
      await this.supabase.deleteAuthUser(id); // inside the transaction: if Supabase refuses, nothing changes
      await this.users.delete(id, tx);
      return ids;
    });
    for (const audioId of audioIds) await this.storage.delete(audioId);
    this.logger.log(`user ${id} deleted, with ${audioIds.length} transcription(s) and their audio`);
  }

  private change(id: string, flags: Partial<Pick<User, 'isActive' | 'isAdmin'>>, verb: string): Promise<User> {
    return this.users.transaction(async (tx) => {
      const user = await this.lockAndFind(tx, id);
      const next = { ...user, ...flags };
      if (!(next.isActive && next.isAdmin)) await this.assertAnotherActiveAdmin(tx, user, verb);
      return this.users.update(id, flags, tx);
    });
  }

  private async lockAndFind(tx: Queryable, id: string): Promise<User> {
    await this.users.lockAdminChanges(tx);
    const user = await this.users.findById(id, tx);
    if (!user) throw new NotFoundException('user not found');
    return user;
  }

  /** `user` is about to stop being an active admin: refuse if no other one would be left. */
  private async assertAnotherActiveAdmin(tx: Queryable, user: User, verb: string): Promise<void> {
    if (!(user.isActive && user.isAdmin)) return;
    if ((await this.users.countActiveAdminsOtherThan(user.id, tx)) === 0) {
      throw new ConflictException(`cannot ${verb} the last active administrator: make someone else an admin first`);
    }
  }
}
