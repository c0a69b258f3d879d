import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { ServerConfig } from '../config/server-config.js';
import { WebhookRepository } from './webhook.repository.js';
import { type DueDelivery, eventBody, retryDelaySeconds } from './webhook-event.js';
import { WebhookSender } from './webhook-sender.js';

/** Deliveries one replica sends at once; more wait for the next scan (or another replica). */
const MAX_IN_FLIGHT = 32;
/** A claim outlives the attempt's time limit by this much before another worker may take it over. */
const LEASE_MARGIN_SECONDS = 30;
/** Events whose deliveries are all over are kept this long for their owner to look at, then deleted. */
const HISTORY_SECONDS = 30 * 24 * 3600;
const PRUNE_EVERY_MS = 3600 * 1000;

/**
 * The delivery worker; every server replica runs one. Every WEBHOOK_SCAN_SECONDS it claims the
 * due deliveries it has room for (SKIP LOCKED: replicas never share one) and sends them in the
 * background. 2xx: delivered. Anything else: tried again after 10 s, 30 s, 2 min, … 8 h
 * (WEBHOOK_RETRY_BASE_SECONDS scales them) until WEBHOOK_RETRY_HOURS after the event, then
 * failed. A replica that dies mid-delivery leaves its claim to expire: the delivery is sent again
 * (at least once, never lost; receivers dedupe on X-Webhook-Id). One that shuts down hands its
 * unfinished deliveries back at once.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private claiming: Promise<number> | undefined;
  private stopping = false;

  constructor(
    private readonly deliveries: WebhookRepository,
    private readonly sender: WebhookSender,
    private readonly config: ServerConfig,
    private readonly tasks: PeriodicTasks,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.every('webhook deliveries', this.config.webhookScanSeconds * 1000, this.logger, () => this.dispatchDue());
    this.tasks.every('webhook history prune', PRUNE_EVERY_MS, this.logger, () => this.deliveries.pruneFinished(HISTORY_SECONDS));
  }

  /** Claims what is due (as much as there is room for) and starts sending it; returns how many it started. */
  async dispatchDue(): Promise<number> {
    const room = MAX_IN_FLIGHT - this.inFlight.size;
    if (this.stopping || room <= 0) return 0;
    this.claiming = this.claimAndStart(room);
    try {
      return await this.claiming;
    } finally {
      this.claiming = undefined;
    }
  }

  /** Stops claiming, interrupts what is being sent, and waits until it is handed back. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.claiming?.catch(() => undefined);
    const running = [...this.inFlight.values()];
    for (const { abort } of running) abort.abort();
    await Promise.all(running.map(({ done }) => done));
  }

  private async claimAndStart(room: number): Promise<number> {
    const due = await this.deliveries.claimDue(room, this.config.webhookTimeoutSeconds + LEASE_MARGIN_SECONDS);
    for (const delivery of due) {
      const abort = new AbortController();
      if (this.stopping) abort.abort(); // claimed while the server began to stop: handed back at once
      const done = this.deliver(delivery, abort.signal).finally(() => this.inFlight.delete(delivery.id));
      this.inFlight.set(delivery.id, { abort, done });
    }
    return due.length;
  }

  private async deliver(delivery: DueDelivery, signal: AbortSignal): Promise<void> {
    try {
      if (!delivery.enabled) {
        await this.deliveries.recordFailure(delivery, {
          statusCode: null,
          error: 'the webhook is disabled',
          retryInSeconds: null,
        });
        return;
      }
      const outcome = await this.sender.send(
        { id: delivery.id, eventType: delivery.eventType, url: delivery.url, secret: delivery.secret, body: eventBody(delivery) },
        signal,
      );
      if (outcome.delivered) {
        await this.deliveries.markDelivered(delivery, outcome.statusCode);
      } else if (outcome.interrupted) {
        await this.deliveries.release(delivery);
      } else {
        const delay = retryDelaySeconds(delivery.attempts, this.config.webhookRetryBaseSeconds);
        const giveUpAt = delivery.retryFrom.getTime() + this.config.webhookRetryHours * 3600 * 1000;
        const retryInSeconds = Date.now() + delay * 1000 <= giveUpAt ? delay : null;
        await this.deliveries.recordFailure(delivery, { statusCode: outcome.statusCode, error: outcome.error, retryInSeconds });
        if (retryInSeconds === null) {
          this.logger.warn(
            `webhook delivery ${delivery.id} failed for good after ${delivery.attempts} attempts: ${outcome.error}`,
          );
        }
      }
    } catch (error) {
      // The claim expires and the delivery is sent again: at least once.
      this.logger.warn(
        `webhook delivery ${delivery.id}: its outcome could not be recorded (${String(error)}); it will be sent again`,
      );
    }
  }
}
