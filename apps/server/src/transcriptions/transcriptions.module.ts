import { Module } from '@nestjs/common';
import { TranscriptionRepository } from './transcription.repository.js';
import { TranscriptionsController } from './transcriptions.controller.js';
import { TranscriptionsService } from './transcriptions.service.js';

/** The transcriptions feature; its repository is shared with the runner queue and the storage sweep, which change jobs too. */
@Module({
  controllers: [TranscriptionsController],
  providers: [TranscriptionsService, TranscriptionRepository],
  exports: [TranscriptionsService, TranscriptionRepository],
})
export class TranscriptionsModule {}
