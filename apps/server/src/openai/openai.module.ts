import { Module } from '@nestjs/common';
import { AudioModule } from '../audio/audio.module.js';
import { EventsModule } from '../events/events.module.js';
import { RunnerQueueModule } from '../runner-queue/runner-queue.module.js';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { UsersModule } from '../users/users.module.js';
import { OpenAiController } from './openai.controller.js';
import { OpenAiService } from './openai.service.js';

/** The OpenAI-compatible audio API under /v1. */
@Module({
  imports: [AudioModule, EventsModule, RunnerQueueModule, TranscriptionsModule, UsersModule],
  controllers: [OpenAiController],
  providers: [OpenAiService],
})
export class OpenAiModule {}
