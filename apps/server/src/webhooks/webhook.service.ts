import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Page } from '../transcriptions/transcriptions.service.js';
import type { User } from '../users/user.js';
import { type DeliveryFilter, type WebhookChanges, WebhookRepository } from './webhook.repository.js';
import { UnacceptableUrlError, WebhookSender } from './webhook-sender.js';
import { newWebhookSecret } from './webhook-signature.js';
import type { Webhook, WebhookDelivery } from './webhook.js';

/** Enough for any integration; keeps one user's fan-out per event small. */
export const MAX_WEBHOOKS_PER_USER = 20;
const NO_WEBHOOK = 'you have no such webhook';

/**
 * Users' webhooks and the deliveries of their events, and uploads' callback URLs. Secrets are
 * made here and shown once (the caller returns them); they are stored as they are, since every
 * delivery is signed with them.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly sender: WebhookSender,
  ) {}

  /** A new webhook; its secret is returned this once. */
  async create(owner: User, url: string, description: string | null): Promise<{ webhook: Webhook; secret: string }> {
    const secret = newWebhookSecret();
    const webhook = await this.webhooks.insertUnderLimit(
      owner.id,
      { url: await this.acceptableUrl(url), description, secret },
      MAX_WEBHOOKS_PER_USER,
    );
    if (!webhook) {
      throw new ConflictException(`you already have ${MAX_WEBHOOKS_PER_USER} webhooks, the most one may have; delete one first`);
    }
    this.logger.log(`webhook ${webhook.id} registered by user ${owner.id}`);
    return { webhook, secret };
  }

  list(owner: User): Promise<Webhook[]> {
    return this.webhooks.listOf(owner.id);
  }

  async get(owner: User, id: string): Promise<Webhook> {
    const webhook = await this.webhooks.find(owner.id, id);
    if (!webhook) throw new NotFoundException(NO_WEBHOOK);
    return webhook;
  }

  async update(owner: User, id: string, changes: WebhookChanges): Promise<Webhook> {
    const url = changes.url === undefined ? undefined : await this.acceptableUrl(changes.url);
    const webhook = await this.webhooks.update(owner.id, id, { ...changes, url });
    if (!webhook) throw new NotFoundException(NO_WEBHOOK);
    return webhook;
  }

  async delete(owner: User, id: string): Promise<void> {
    if (!(await this.webhooks.delete(owner.id, id))) throw new NotFoundException(NO_WEBHOOK);
    this.logger.log(`webhook ${id} deleted by its owner`);
  }

  /** A new secret for the webhook, returned this once; deliveries are signed with it from now on. */
  async rotateSecret(owner: User, id: string): Promise<{ webhook: Webhook; secret: string }> {
    const secret = newWebhookSecret();
    const webhook = await this.webhooks.setSecret(owner.id, id, secret);
    if (!webhook) throw new NotFoundException(NO_WEBHOOK);
    this.logger.log(`webhook ${id}: secret rotated by its owner`);
    return { webhook, secret };
  }

  async deliveries(owner: User, filter: DeliveryFilter, page: number, pageSize: number): Promise<Page<WebhookDelivery>> {
    const { items, total } = await this.webhooks.deliveriesOf(owner.id, filter, page, pageSize);
    return { items, total, page, page_size: pageSize, total_pages: Math.ceil(total / pageSize) };
  }

  /** Sends the delivery again as soon as a worker is free, with a fresh retry window. */
  async retryDelivery(owner: User, id: string): Promise<WebhookDelivery> {
    const outcome = await this.webhooks.makeDue(owner.id, id);
    if (!outcome) throw new NotFoundException('you have no such webhook delivery');
    if (outcome === 'in-flight') throw new ConflictException('this delivery is being sent right now; look again in a moment');
    const delivery = await this.webhooks.findDelivery(owner.id, id);
    if (!delivery) throw new NotFoundException('you have no such webhook delivery');
    return delivery;
  }

  /** An upload's callback_url, checked as a webhook's is, as it will be called. */
  callbackUrl(url: string): Promise<string> {
    return this.acceptableUrl(url, 'callback_url');
  }

  /** Sends the transcription's events to `url` too, signed with the secret returned (this once). */
  async attachCallback(transcriptionId: string, url: string): Promise<string> {
    const secret = newWebhookSecret();
    await this.webhooks.setCallback(transcriptionId, url, secret);
    return secret;
  }

  private async acceptableUrl(url: string, field = 'url'): Promise<string> {
    try {
      return await this.sender.acceptable(url);
    } catch (error) {
      if (error instanceof UnacceptableUrlError) throw new BadRequestException(`${field}: ${error.message}`);
      throw error;
    }
  }
}
