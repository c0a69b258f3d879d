import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookRepository } from './webhook.repository.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhookService } from './webhook.service.js';
import { WebhooksController } from './webhooks.controller.js';

/** Users' webhooks, uploads' callback URLs, and the worker that delivers their events from the outbox. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhookService, WebhookRepository, WebhookSender, WebhookDispatcher],
  exports: [WebhookService],
})
export class WebhooksModule {}
