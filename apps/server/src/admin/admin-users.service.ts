import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TranscriptionEntity, UserEntity } from '../database/entities/index.js';
import { AudioStorage } from '../storage/audio-storage.js';
import { SupabaseAdmin } from './supabase-admin.js';

/** Serializes changes to who is an active admin, so two at once cannot remove the last one. */
const ADMIN_CHANGES_LOCK = 0x77_73_61_64; // "wsad"

@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: AudioStorage,
    private readonly supabase: SupabaseAdmin,
  ) {}

  list(): Promise<UserEntity[]> {
    return this.dataSource.getRepository(UserEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  setActive(id: string, isActive: boolean): Promise<UserEntity> {
    return this.change(id, { isActive }, 'deactivate');
  }

  setAdmin(id: string, isAdmin: boolean): Promise<UserEntity> {
    return this.change(id, { isAdmin }, 'revoke admin from');
  }

  /** Deletes the user, their transcriptions (cascade) and audio, and their Supabase auth user. */
  async delete(id: string): Promise<void> {
    const audioIds = await this.dataSource.transaction(async (manager) => {
      const user = await this.lockAndFind(manager, id);
      await this.assertAnotherActiveAdmin(manager, user, 'delete');
      const ids = (await manager.find(TranscriptionEntity, { select: { id: true }, where: { userId: id } })).map((t) => t.id);
      await this.supabase.deleteAuthUser(id); // inside the transaction: if Supabase refuses, nothing changes
      await manager.delete(UserEntity, { id });
      return ids;
    });
    for (const audioId of audioIds) await this.storage.delete(audioId);
  }

  private async change(id: string, values: Partial<Pick<UserEntity, 'isActive' | 'isAdmin'>>, verb: string): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockAndFind(manager, id);
      const next = { ...user, ...values };
      if (!(next.isActive && next.isAdmin)) await this.assertAnotherActiveAdmin(manager, user, verb);
      await manager.update(UserEntity, { id }, values);
      return manager.findOneByOrFail(UserEntity, { id });
    });
  }

  private async lockAndFind(manager: EntityManager, id: string): Promise<UserEntity> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CHANGES_LOCK]);
    const user = await manager.findOneBy(UserEntity, { id });
    if (!user) throw new NotFoundException('user not found');
    return user;
  }

  /** `user` is about to stop being an active admin: refuse if no other one would be left. */
  private async assertAnotherActiveAdmin(manager: EntityManager, user: UserEntity, verb: string): Promise<void> {
    if (!(user.isActive && user.isAdmin)) return;
    const others = await manager
      .createQueryBuilder(UserEntity, 'u')
      .where('u.is_admin AND u.is_active AND u.id <> :id', { id: user.id })
      .getCount();
    if (others === 0) {
      throw new ConflictException(`cannot ${verb} the last active administrator: make someone else an admin first`);
    }
  }
}
