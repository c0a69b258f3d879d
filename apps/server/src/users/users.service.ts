import { ConflictException, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import type { UserDto } from '@app/contracts';
import type { AccessTokenClaims } from '../auth/local-auth-secret.js';
import { ServerConfig } from '../config/server-config.js';
import { UserEntity } from '../database/entities/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    email: user.email,
    is_active: user.isActive,
    is_admin: user.isAdmin,
    created_at: user.createdAt.toISOString(),
  };
}

/** Users as the tokens introduce them: a row per Supabase user, created on first sight. */
@Injectable()
export class UsersService {
  private readonly adminEmails: Set<string>;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly config: ServerConfig,
  ) {
    this.adminEmails = new Set(config.adminEmails.map((email) => email.toLowerCase()));
  }

  /**
   * The user behind verified claims; created on first sight: ADMIN_EMAILS (or a token whose
   * app_metadata says whisper_admin) make an active admin, others start inactive unless
   * AUTO_ACTIVATE_USERS. Concurrent first requests create one row.
   */
  async findOrCreate(claims: AccessTokenClaims): Promise<UserEntity> {
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) {
      throw new UnauthorizedException('invalid access token: its subject is not a user id');
    }
    const existing = await this.users.findOneBy({ id: claims.sub });
    if (existing) return existing;
    const email = typeof claims.email === 'string' && claims.email ? claims.email.toLowerCase() : null;
    const admin = (email !== null && this.adminEmails.has(email)) || claims.app_metadata?.whisper_admin === true;
    try {
      await this.users
        .createQueryBuilder()
        .insert()
        .values({ id: claims.sub, email, isAdmin: admin, isActive: admin || this.config.autoActivateUsers })
        .orIgnore() // ON CONFLICT DO NOTHING: a concurrent request created it
        .execute();
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        throw new ConflictException(`another account already uses the e-mail address ${email}`);
      }
      throw error;
    }
    return this.users.findOneByOrFail({ id: claims.sub });
  }
}
