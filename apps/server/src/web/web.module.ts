import { Module } from '@nestjs/common';
import { LanguageModelModule } from '../language-model/language-model.module.js';
import { WebConfigController } from './web-config.controller.js';
import { WebConfigService } from './web-config.service.js';
import { WebPages } from './web-pages.js';

/** The web app's side of the server: its files and page routes (WebPages), and GET /api/config. */
@Module({
  imports: [LanguageModelModule],
  controllers: [WebConfigController],
  providers: [WebPages, WebConfigService],
  exports: [WebPages],
})
export class WebModule {}
