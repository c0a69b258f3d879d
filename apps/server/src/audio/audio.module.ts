import { Module } from '@nestjs/common';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AudioController } from './audio.controller.js';
import { UploadAttemptRepository } from './upload-attempts.repository.js';
import { UploadService } from './upload.service.js';

@Module({
  imports: [TranscriptionsModule, WebhooksModule],
  controllers: [AudioController],
  providers: [UploadService, UploadAttemptRepository],
})
export class AudioModule {}
