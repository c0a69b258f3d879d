import { Module } from '@nestjs/common';
import { SummaryTemplatesModule } from '../summary-templates/summary-templates.module.js';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AudioAccessGuard } from './audio-access.guard.js';
import { AudioTicketRepository } from './audio-ticket.repository.js';
import { AudioTickets } from './audio-tickets.js';
import { AudioController } from './audio.controller.js';
import { UploadAttemptRepository } from './upload-attempts.repository.js';
import { UploadService } from './upload.service.js';

@Module({
  imports: [TranscriptionsModule, UsersModule, WebhooksModule, SummaryTemplatesModule],
  controllers: [AudioController],
  providers: [UploadService, UploadAttemptRepository, AudioTickets, AudioTicketRepository, AudioAccessGuard],
  exports: [UploadService],
})
export class AudioModule {}
