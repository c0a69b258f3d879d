import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { JobWaiters } from './job-waiters.js';
import { QueueSweeper } from './queue-sweeper.js';
import { RunnerKeyGuard } from './runner-key.guard.js';
import { RunnerQueueController } from './runner-queue.controller.js';
import { RunnerQueueService } from './runner-queue.service.js';
import { RunnerRepository } from './runner.repository.js';

@Module({
  imports: [TranscriptionsModule, EventsModule],
  controllers: [RunnerQueueController],
  providers: [RunnerQueueService, RunnerRepository, QueueSweeper, RunnerKeyGuard, JobWaiters],
  exports: [RunnerQueueService],
})
export class RunnerQueueModule {}
