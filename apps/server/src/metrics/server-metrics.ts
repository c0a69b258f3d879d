import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { scrapeMetrics } from '@app/runtime';

/** What a runner's `fail` did to the job: final (failed, or a summary job back to completed), requeued (attempts left), released (handed back, no attempt counted). */
export type FailureOutcome = 'final' | 'requeued' | 'released';
/** Clients waiting on events: SSE streams, and runners' long-poll claims. */
export type SubscriberKind = 'sse' | 'claim_wait';

/** Upload times reach UPLOAD_TIMEOUT_SECONDS, an hour by default: the default buckets stop at 10 s. */
const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

/**
 * The server's metrics, in a registry of its own rather than prom-client's global one, so that
 * several servers in one process (the e2e tests) keep theirs apart. Counters are bumped where
 * things happen, through these methods; the queue's gauges are read from the database at scrape
 * time (QueueMetrics). It depends on nothing, so any provider may inject it.
 */
@Injectable()
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];

  private readonly claimed = new Counter({
    name: 'whisper_server_jobs_claimed_total',
    help: 'Jobs handed to runners (claim and start)',
    registers: this.registers,
  });
  private readonly completed = new Counter({
    name: 'whisper_server_jobs_completed_total',
    help: 'Results stored by runners (repeated completions not counted)',
    registers: this.registers,
  });
  private readonly failed = new Counter({
    name: 'whisper_server_jobs_failed_total',
    help: 'Jobs runners gave up on, by what became of them: final, requeued (attempts left) or released (handed back at shutdown)',
    labelNames: ['outcome'],
    registers: this.registers,
  });
  private readonly leaseExpiries = new Counter({
    name: 'whisper_server_lease_expiries_total',
    help: 'Jobs whose runner stopped reporting until the lease expired: requeued, or failed after MAX_ATTEMPTS',
    labelNames: ['outcome'],
    registers: this.registers,
  });
  private readonly uploads = new Counter({
    name: 'whisper_server_uploads_total',
    help: 'Upload attempts: accepted (stored and queued) or refused (any error)',
    labelNames: ['outcome'],
    registers: this.registers,
  });
  private readonly uploadBytes = new Counter({
    name: 'whisper_server_upload_bytes_total',
    help: 'Bytes of accepted uploads',
    registers: this.registers,
  });
  private readonly requests = new Histogram({
    name: 'whisper_server_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code (/metrics and /health excluded)',
    labelNames: ['method', 'route', 'status'],
    buckets: REQUEST_SECONDS_BUCKETS,
    registers: this.registers,
  });
  private readonly subscribers = new Gauge({
    name: 'whisper_server_event_subscribers',
    help: 'Clients waiting on job events: SSE streams (sse) and long-polling claims (claim_wait)',
    labelNames: ['kind'],
    registers: this.registers,
  });

  constructor() {
    // Every series exists from the start, so rate() and dashboards see a 0 rather than nothing.
    for (const outcome of ['final', 'requeued', 'released'] satisfies FailureOutcome[]) this.failed.inc({ outcome }, 0);
    for (const outcome of ['requeued', 'failed']) this.leaseExpiries.inc({ outcome }, 0);
    for (const outcome of ['accepted', 'refused']) this.uploads.inc({ outcome }, 0);
    for (const kind of ['sse', 'claim_wait'] satisfies SubscriberKind[]) this.subscribers.set({ kind }, 0);
  }

  jobsClaimed(count: number): void {
    this.claimed.inc(count);
  }

  jobCompleted(): void {
    this.completed.inc();
  }

  jobFailed(outcome: FailureOutcome): void {
    this.failed.inc({ outcome });
  }

  leasesExpired(requeued: number, failed: number): void {
    this.leaseExpiries.inc({ outcome: 'requeued' }, requeued);
    this.leaseExpiries.inc({ outcome: 'failed' }, failed);
  }

  uploadAccepted(bytes: number): void {
    this.uploads.inc({ outcome: 'accepted' });
    this.uploadBytes.inc(bytes);
  }

  uploadRefused(): void {
    this.uploads.inc({ outcome: 'refused' });
  }

  requestServed(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status: String(status) }, seconds);
  }

  subscriberOpened(kind: SubscriberKind): void {
    this.subscribers.inc({ kind });
  }

  subscriberClosed(kind: SubscriberKind): void {
    this.subscribers.dec({ kind });
  }

  /** Everything, in Prometheus text format (with the process's default metrics). */
  scrape(): Promise<string> {
    return scrapeMetrics(this.registry);
  }
}
