import { Module } from '@nestjs/common';
import { RunnerQueueModule } from '../runner-queue/runner-queue.module.js';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminController } from './admin.controller.js';
import { AdminStatsService } from './admin-stats.service.js';

@Module({
  imports: [TranscriptionsModule, UsersModule, RunnerQueueModule],
  controllers: [AdminController],
  providers: [AdminStatsService],
})
export class AdminModule {}
