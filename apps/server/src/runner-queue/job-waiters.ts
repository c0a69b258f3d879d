import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TranscriptionStatus } from '@app/contracts';
import type { BusEvent } from '../events/event.js';
import { EventBus } from '../events/event-bus.js';
import { ServerMetrics } from '../metrics/server-metrics.js';

/** Why a wait ended: a job may be pending now, the time is up, or the waiter must stop (it left, or the server is stopping). */
export type WakeReason = 'job' | 'timeout' | 'stop';

interface Waiter {
  wake(reason: WakeReason): void;
}

/**
 * Claims waiting for work (long-poll). Each job that becomes pending — uploaded, requeued,
 * retried, its lease expired — wakes every waiting claim on every server replica (a job may name
 * a model only some runners have, and the event does not say which): the woken claims race for it
 * through the usual atomic claim, which hands it only to a runner with its model, and the others
 * wait again. Claims with the same models share one statement, so a wake costs a statement per
 * model set, not per runner.
 */
@Injectable()
export class JobWaiters implements OnModuleInit {
  private readonly waiting = new Set<Waiter>();

  constructor(
    private readonly bus: EventBus,
    private readonly metrics: ServerMetrics,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe((event) => this.onEvent(event));
  }

  /** How many claims are waiting now. */
  get count(): number {
    return this.waiting.size;
  }

  /**
   * Starts waiting now (so that a job arriving while the caller still checks for one is not
   * missed); `woken` resolves with why it ended. `stop()` ends it early (the caller left, the
   * server stops).
   */
  wait(ms: number): { woken: Promise<WakeReason>; stop: () => void } {
    let waiter!: Waiter;
    const woken = new Promise<WakeReason>((resolve) => {
      const timer = setTimeout(() => waiter.wake('timeout'), ms);
      waiter = {
        wake: (reason) => {
          clearTimeout(timer);
          if (this.waiting.delete(waiter)) this.metrics.subscriberClosed('claim_wait');
          resolve(reason);
        },
      };
    });
    this.waiting.add(waiter);
    this.metrics.subscriberOpened('claim_wait');
    return { woken, stop: () => waiter.wake('stop') };
  }

  /** Wakes the longest-waiting claim, if any (also used to pass on a wake its claim could not use). */
  wakeOne(): void {
    const first = this.waiting.values().next();
    if (!first.done) first.value.wake('job');
  }

  /** Wakes every waiting claim. */
  wakeAll(): void {
    for (const waiter of [...this.waiting]) waiter.wake('job');
  }

  private onEvent(event: BusEvent): void {
    if (
      event.topic === 'transcription' &&
      event.payload.change !== 'deleted' &&
      event.payload.status === TranscriptionStatus.Pending
    ) {
      this.wakeAll();
    }
  }
}
