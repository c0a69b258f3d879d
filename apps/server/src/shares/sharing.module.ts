import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module.js';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { SharedController } from './shared.controller.js';
import { ShareLinkRepository } from './share-link.repository.js';
import { ShareLinksController } from './share-links.controller.js';
import { SharingService } from './sharing.service.js';

/** Public links to transcriptions: made and revoked by owners, read by anyone holding one. */
@Module({
  imports: [TranscriptionsModule, ChatModule],
  controllers: [ShareLinksController, SharedController],
  providers: [SharingService, ShareLinkRepository],
})
export class SharingModule {}
