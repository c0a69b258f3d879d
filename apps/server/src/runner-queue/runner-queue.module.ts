import { Module } from '@nestjs/common';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { QueueSweeper } from './queue-sweeper.js';
import { RunnerKeyGuard } from './runner-key.guard.js';
import { RunnerQueueController } from './runner-queue.controller.js';
import { RunnerQueueService } from './runner-queue.service.js';
import { RunnerRepository } from './runner.repository.js';

@Module({
  imports: [TranscriptionsModule],
  controllers: [RunnerQueueController],
  providers: [RunnerQueueService, RunnerRepository, QueueSweeper, RunnerKeyGuard],
  exports: [RunnerQueueService],
})
export class RunnerQueueModule {}
