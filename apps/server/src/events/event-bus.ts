import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTasks } from '../common/periodic-tasks.js';
import { Database, type Listening } from '../database/database.js';
import { type BusEvent, EVENTS_CHANNEL, parseNotification } from './event.js';
import { EventRepository } from './event.repository.js';

/** How long events are kept: a listener or a browser away for longer gets a resync instead of a replay. */
export const EVENT_REPLAY_SECONDS = 15 * 60;
/** Looking back this much further than the moment a connection was lost covers changes that committed just then. */
const CATCH_UP_MARGIN_MS = 5_000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;
const CHECK_EVERY_MS = 15_000;
/** Ids already passed on, remembered so that a catch-up never delivers one twice. */
const SEEN_IDS = 10_000;

export type EventListener = (event: BusEvent) => void;

/**
 * The server process's one LISTEN connection to PostgreSQL, passing every job and runner event to
 * the subscribers in this process (long-poll claims, event streams). Events come from triggers, in
 * the transaction of the change, so every replica hears every change. When the connection breaks
 * (a database restart), it reconnects with backoff and then re-reads the events recorded since the
 * break, so a subscriber misses nothing; an event is passed on once.
 */
@Injectable()
export class EventBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventBus.name);
  private readonly listeners = new Set<EventListener>();
  private readonly seen = new Set<number>();
  private listening?: Listening;
  private lostAt: Date | null = null;
  private retryMs = RETRY_MIN_MS;
  private retry?: NodeJS.Timeout;
  private reconnecting = false;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly events: EventRepository,
    private readonly tasks: PeriodicTasks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
    this.tasks.every('event pruning', 60_000, this.logger, () => this.events.prune(EVENT_REPLAY_SECONDS));
    this.tasks.every('event connection check', CHECK_EVERY_MS, this.logger, async () => this.listening?.check());
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.listening?.stop();
  }

  /** Calls `listener` with every event from now on; returns the way to stop. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether events are arriving now (false while the connection is being re-established). */
  get connected(): boolean {
    return this.listening !== undefined;
  }

  private async connect(): Promise<void> {
    this.reconnecting = false;
    let listening: Listening;
    try {
      listening = await this.db.listen(
        EVENTS_CHANNEL,
        (text) => this.receive(text),
        (error) => this.lost(error),
      );
    } catch (error) {
      this.lost(error as Error);
      return;
    }
    this.listening = listening;
    if (this.lostAt) {
      const since = new Date(this.lostAt.getTime() - CATCH_UP_MARGIN_MS);
      this.lostAt = null;
      try {
        const missed = await this.events.recordedSince(since);
        for (const event of missed) this.deliver(event);
        this.logger.log(`listening for events again; ${missed.length} recorded meanwhile caught up on`);
      } catch (error) {
        this.lostAt = new Date(since.getTime() + CATCH_UP_MARGIN_MS); // still to catch up on
        listening.stop();
        this.lost(error as Error);
        return;
      }
    }
    this.retryMs = RETRY_MIN_MS;
  }

  private lost(error: Error): void {
    this.listening = undefined;
    this.lostAt ??= new Date();
    if (this.stopped || this.reconnecting) return;
    this.reconnecting = true;
    this.logger.warn(`the event connection is lost (${error.message}); reconnecting in ${this.retryMs} ms`);
    this.retry = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }

  private receive(text: string): void {
    const event = parseNotification(text);
    if (event) this.deliver(event);
    else this.logger.warn(`ignored a notification that is not an event: ${text.slice(0, 200)}`);
  }

  private deliver(event: BusEvent): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    if (this.seen.size > SEEN_IDS) this.seen.delete(this.seen.values().next().value!);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(`an event listener failed: ${String(error)}`);
      }
    }
  }
}
