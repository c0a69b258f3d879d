import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserEntity } from '../database/entities/index.js';

export interface NewUser {
  id: string;
  email: string | null;
  isAdmin: boolean;
  isActive: boolean;
}

/** Statements on the users table. */
@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  /**
   * Inserts the user unless one with this id exists (a concurrent first request made it). An
   * e-mail address another user already has is still refused (unique violation, 23505).
   */
  async insertIfAbsent(user: NewUser): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO users (id, email, is_admin, is_active) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [user.id, user.email, user.isAdmin, user.isActive],
    );
  }
}
