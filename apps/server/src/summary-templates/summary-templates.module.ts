import { Module } from '@nestjs/common';
import { SummaryTemplateRepository } from './summary-template.repository.js';
import { AdminSummaryTemplatesController, SummaryTemplatesController } from './summary-templates.controller.js';
import { SummaryTemplatesService } from './summary-templates.service.js';

/** Summary templates: admin CRUD, the users' list, and the lookup uploads and new summaries use. */
@Module({
  controllers: [AdminSummaryTemplatesController, SummaryTemplatesController],
  providers: [SummaryTemplatesService, SummaryTemplateRepository],
  exports: [SummaryTemplatesService],
})
export class SummaryTemplatesModule {}
