import { ConflictException, Injectable, UnauthorizedException } from '@nestjs/common';
import { isUuid } from '@app/contracts';
import type { AccessTokenClaims } from '../auth/access-token-claims.js';
import { ServerConfig } from '../config/server-config.js';
import { sqlState } from '../database/database-errors.js';
import type { User } from './user.js';
import { UserRepository } from './user.repository.js';

/** The users.email column's width. */
const MAX_EMAIL_LENGTH = 255;

/** Users as the tokens introduce them: a row per Supabase user, created on first sight. */
@Injectable()
export class UsersService {
  private readonly adminEmails: Set<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly config: ServerConfig,
  ) {
    this.adminEmails = new Set(config.adminEmails.map((email) => email.toLowerCase()));
  }

  /**
   * The user behind verified claims; created on first sight: ADMIN_EMAILS (or a token whose
   * app_metadata says whisper_admin) make an active admin, others start inactive unless
   * AUTO_ACTIVATE_USERS. Concurrent first requests create one row.
   */
  async findOrCreate(claims: AccessTokenClaims): Promise<User> {
    if (!isUuid(claims.sub)) {
      throw new UnauthorizedException('invalid access token: its subject is not a user id');
    }
    const existing = await this.users.findById(claims.sub);
    if (existing) return existing;
    const email = typeof claims.email === 'string' && claims.email ? claims.email.toLowerCase() : null;
    if (email !== null && email.length > MAX_EMAIL_LENGTH) {
      throw new UnauthorizedException(`invalid access token: its e-mail address is longer than ${MAX_EMAIL_LENGTH} characters`);
    }
    const admin = (email !== null && this.adminEmails.has(email)) || claims.app_metadata?.whisper_admin === true;
    try {
      await this.users.insertIfAbsent({
        id: claims.sub,
        email,
        isAdmin: admin,
        isActive: admin || this.config.autoActivateUsers,
      });
    } catch (error) {
      if (sqlState(error) === '23505') {
        throw new ConflictException(`another account already uses the e-mail address ${email}: sign in with that account`);
      }
      throw error;
    }
    const created = await this.users.findById(claims.sub);
    // Deleted by an administrator in the instant since: the token's user no longer exists.
    if (!created) throw new UnauthorizedException('this account was just deleted');
    return created;
  }

  /** Sets the name the user gives themselves (null clears it). */
  async setFullName(user: User, fullName: string | null): Promise<User> {
    const updated = await this.users.setFullName(user.id, fullName);
    if (!updated) throw new UnauthorizedException('this account was just deleted');
    return updated;
  }

  find(id: string): Promise<User | undefined> {
    return this.users.findById(id);
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
