import { Module } from '@nestjs/common';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { AdminController } from './admin.controller.js';
import { AdminStatsService } from './admin-stats.service.js';
import { AdminUsersService } from './admin-users.service.js';
import { SupabaseAdmin } from './supabase-admin.js';

@Module({
  imports: [TranscriptionsModule],
  controllers: [AdminController],
  providers: [AdminUsersService, AdminStatsService, SupabaseAdmin],
})
export class AdminModule {}
