import { Module } from '@nestjs/common';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { SupabaseAdmin } from './supabase-admin.js';
import { UserAdministration } from './user-administration.service.js';
import { UserRepository } from './user.repository.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TranscriptionsModule],
  controllers: [UsersController],
  providers: [UsersService, UserAdministration, UserRepository, SupabaseAdmin],
  exports: [UsersService, UserAdministration],
})
export class UsersModule {}
