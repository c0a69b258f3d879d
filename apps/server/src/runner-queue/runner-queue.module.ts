import { Module } from '@nestjs/common';
import { QueueSweeper } from './queue-sweeper.js';
import { RunnerKeyGuard } from './runner-key.guard.js';
import { RunnerQueueController } from './runner-queue.controller.js';
import { RunnerQueueService } from './runner-queue.service.js';

@Module({
  controllers: [RunnerQueueController],
  providers: [RunnerQueueService, QueueSweeper, RunnerKeyGuard],
})
export class RunnerQueueModule {}
