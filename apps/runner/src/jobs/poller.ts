import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { ClaimedJobDto } from '@app/contracts';
import { RunnerConfig } from '../config/runner-config.js';
import { ServerClient, ServerUnavailableError } from '../server-client/server-client.js';
import { JobProcessor, JobStopped } from './job-processor.js';

/** Backoff grows to 16 poll intervals, at most a minute. */
const MAX_BACKOFF_POLLS = 16;
const MAX_BACKOFF_MS = 60_000;

/**
 * Asks the server for work, up to MAX_CONCURRENT_JOBS at once, always through the atomic claim:
 * a claim waits at the server up to CLAIM_WAIT_SECONDS for a job to arrive (so a new upload is
 * picked up at once), and the next one follows as soon as it answers; POLL_INTERVAL_SECONDS
 * (@nestjs/schedule) is the fallback cadence, and the only one with CLAIM_WAIT_SECONDS=0.
 * Heartbeats carry its job ids and stop the jobs the server no longer gives it. An unreachable
 * server means exponential backoff with jitter, never a crash or a tight loop. On shutdown it
 * stops claiming (ending a waiting claim), lets running jobs finish for SHUTDOWN_GRACE_SECONDS,
 * and hands back the rest.
 */
@Injectable()
export class Poller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Poller.name);
  private readonly running = new Map<string, { stop: AbortController; done: Promise<void> }>();
  /** When the server last answered a claim or heartbeat (for /health). */
  lastSuccessfulPoll: Date | null = null;
  private stopping = false;
  private polling = false;
  private failures = 0;
  private retryAt = 0;
  private readonly waitingClaim = new AbortController();

  constructor(
    private readonly config: RunnerConfig,
    private readonly server: ServerClient,
    private readonly processor: JobProcessor,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(
      'poll',
      setInterval(() => void this.poll(), this.config.pollIntervalSeconds * 1000),
    );
    this.scheduler.addInterval(
      'heartbeat',
      setInterval(() => void this.heartbeat(), this.config.heartbeatIntervalSeconds * 1000),
    );
    void this.poll();
  }

  /** Claims as many jobs as there are free slots (skipped while backing off); with long-polling, claims again at once. */
  async poll(): Promise<void> {
    if (this.stopping || this.polling || Date.now() < this.retryAt) return;
    const free = this.config.maxConcurrentJobs - this.running.size;
    if (free <= 0) return;
    this.polling = true;
    const started = Date.now();
    let again = false;
    try {
      const jobs = await this.server.claim(free, this.config.claimWaitSeconds, this.waitingClaim.signal);
      this.serverAnswered();
      for (const job of jobs) this.start(job);
      // Claim again at once after work or a full wait; an empty answer that came early (a server
      // shutting down) waits for the next tick instead of looping.
      const waitedMs = Date.now() - started;
      again = this.config.claimWaitSeconds > 0 && (jobs.length > 0 || waitedMs >= this.config.claimWaitSeconds * 1000 - 1000);
    } catch (error) {
      // A claim given up at shutdown is no failure of the server.
      if (!this.waitingClaim.signal.aborted) this.serverFailed(error, 'claim');
    } finally {
      this.polling = false;
    }
    if (again) setImmediate(() => void this.poll());
  }

  async heartbeat(): Promise<void> {
    if (Date.now() < this.retryAt) return;
    try {
      const { cancelled_job_ids } = await this.server.heartbeat(this.activeJobIds());
      this.serverAnswered();
      for (const id of cancelled_job_ids) this.running.get(id)?.stop.abort(new JobStopped('cancelled'));
    } catch (error) {
      this.serverFailed(error, 'heartbeat');
    }
  }

  /** The jobs this runner is working on (for /health and the heartbeat). */
  activeJobIds(): string[] {
    return [...this.running.keys()];
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.waitingClaim.abort();
    if (this.running.size === 0) return;
    const graceMs = this.config.shutdownGraceSeconds * 1000;
    this.logger.log(`shutting down: waiting up to ${this.config.shutdownGraceSeconds} s for ${this.running.size} running job(s)`);
    const all = Promise.all([...this.running.values()].map((job) => job.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const job of this.running.values()) job.stop.abort(new JobStopped('shutdown'));
    await all; // each hands its job back (fail, released) and cleans up
  }

  private start(job: ClaimedJobDto): void {
    const stop = new AbortController();
    const timeout = setTimeout(() => stop.abort(new JobStopped('timeout')), this.config.jobTimeoutSeconds * 1000);
    const done = this.processor
      .process(job, stop)
      .catch((error: unknown) => this.logger.error(`job ${job.id}: ${String(error)}`)) // never an unhandled rejection
      .finally(() => {
        clearTimeout(timeout);
        this.running.delete(job.id);
        void this.poll(); // a slot is free: look for more work now rather than at the next tick
      });
    this.running.set(job.id, { stop, done });
  }

  private serverAnswered(): void {
    if (this.failures > 0) this.logger.log('server reachable again');
    this.failures = 0;
    this.retryAt = 0;
    this.lastSuccessfulPoll = new Date();
  }

  private serverFailed(error: unknown, what: string): void {
    this.failures += 1;
    const interval = this.config.pollIntervalSeconds * 1000;
    const base = Math.min(MAX_BACKOFF_MS, interval * MAX_BACKOFF_POLLS, interval * 2 ** (this.failures - 1));
    const delay = Math.round(base * (0.5 + Math.random())); // jitter: runners do not come back in lockstep
    this.retryAt = Date.now() + delay;
    const reason = error instanceof ServerUnavailableError ? error.message : `${what} failed: ${(error as Error).message}`;
    this.logger.warn(`${reason}; retrying in ${(delay / 1000).toFixed(1)} s (failure ${this.failures})`);
  }
}
