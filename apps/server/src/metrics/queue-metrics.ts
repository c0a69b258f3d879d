import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { type QueueStatistics, TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import { ServerMetrics } from './server-metrics.js';

/** A scrape waits no longer for the database: Prometheus gives up on the whole scrape after 10 s by default. */
const READ_TIMEOUT_MS = 3000;

/**
 * The queue's gauges, read from the database when Prometheus scrapes (the database is the
 * truth across server replicas; counting in memory would not be). One read serves both gauges.
 * When the database does not answer, the counts are left out and the age is NaN (unknown, not
 * stale), and the rest of the scrape is served as usual. Kept apart from ServerMetrics, which
 * depends on nothing, so that the providers counting into it never meet TranscriptionsService's
 * dependencies in a cycle.
 */
@Injectable()
export class QueueMetrics {
  private readonly logger = new Logger(QueueMetrics.name);
  private reading?: Promise<QueueStatistics | undefined>;

  constructor(metrics: ServerMetrics, transcriptions: TranscriptionsService) {
    const read = () => (this.reading ??= this.read(transcriptions).finally(() => (this.reading = undefined)));
    new Gauge({
      name: 'whisper_server_queue_jobs',
      help: 'Jobs by status (pending is the queue depth), read from the database at scrape time',
      labelNames: ['status'],
      registers: [metrics.registry],
      async collect() {
        const statistics = await read();
        this.reset();
        for (const [status, count] of Object.entries(statistics?.counts ?? {})) this.set({ status }, count);
      },
    });
    new Gauge({
      name: 'whisper_server_queue_oldest_pending_age_seconds',
      help: 'Age of the oldest pending job (0 when none is pending), read from the database at scrape time',
      registers: [metrics.registry],
      async collect() {
        const statistics = await read();
        this.set(statistics ? (statistics.oldestPendingAgeSeconds ?? 0) : Number.NaN);
      },
    });
  }

  private async read(transcriptions: TranscriptionsService): Promise<QueueStatistics | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
    });
    try {
      return await Promise.race([transcriptions.statistics(), timeout]);
    } catch (error) {
      // The outage is reported by /health and by the requests it fails; one line per scrape would only repeat it.
      this.logger.debug(`queue metrics left out of this scrape: ${(error as Error).message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
