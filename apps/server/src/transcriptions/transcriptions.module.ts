import { Module } from '@nestjs/common';
import { LanguageModelModule } from '../language-model/language-model.module.js';
import { SummaryTemplatesModule } from '../summary-templates/summary-templates.module.js';
import { NotebookLmGuide } from './notebooklm-guide.js';
import { TranscriptionRepository } from './transcription.repository.js';
import { TranscriptionsController } from './transcriptions.controller.js';
import { TranscriptionsService } from './transcriptions.service.js';

/** The transcriptions feature; its repository is shared with the runner queue and the storage sweep, which change jobs too. */
@Module({
  imports: [LanguageModelModule, SummaryTemplatesModule],
  controllers: [TranscriptionsController],
  providers: [TranscriptionsService, TranscriptionRepository, NotebookLmGuide],
  exports: [TranscriptionsService, TranscriptionRepository],
})
export class TranscriptionsModule {}
