import { Module } from '@nestjs/common';
import { LanguageModelModule } from '../language-model/language-model.module.js';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { ChatController } from './chat.controller.js';
import { ChatRepository } from './chat.repository.js';
import { ChatService } from './chat.service.js';

/** Chat about transcriptions; its service is exported for the public share page, which shows the owner's conversation. */
@Module({
  imports: [TranscriptionsModule, LanguageModelModule],
  controllers: [ChatController],
  providers: [ChatService, ChatRepository],
  exports: [ChatService],
})
export class ChatModule {}
