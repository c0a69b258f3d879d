import { jest } from '@jest/globals';
import type { QueueStatistics, TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import { QueueMetrics } from './queue-metrics.js';
import { ServerMetrics } from './server-metrics.js';

const STATISTICS: QueueStatistics = {
  counts: { pending: 3, processing: 1, completed: 7, failed: 0, cancelled: 2 },
  oldestPendingAgeSeconds: 42.5,
  meanProcessingTimeSeconds: 3,
  storedAudioBytes: 1000,
};

function setUp(statistics: () => Promise<QueueStatistics>) {
  const metrics = new ServerMetrics();
  const transcriptions = { statistics: jest.fn(statistics) };
  new QueueMetrics(metrics, transcriptions as unknown as TranscriptionsService);
  return { metrics, transcriptions };
}

describe('QueueMetrics', () => {
  it('reads the queue from the database once per scrape, for both gauges', async () => {
    const { metrics, transcriptions } = setUp(() => Promise.resolve(STATISTICS));
    const text = await metrics.scrape();
    expect(text).toContain('whisper_server_queue_jobs{status="pending"} 3\n');
    expect(text).toContain('whisper_server_queue_jobs{status="cancelled"} 2\n');
    expect(text).toContain('whisper_server_queue_oldest_pending_age_seconds 42.5\n');
    expect(transcriptions.statistics).toHaveBeenCalledTimes(1);
    await metrics.scrape();
    expect(transcriptions.statistics).toHaveBeenCalledTimes(2); // a new scrape reads again: nothing is cached
  });

  it('reports an empty queue as age 0', async () => {
    const { metrics } = setUp(() => Promise.resolve({ ...STATISTICS, oldestPendingAgeSeconds: null }));
    expect(await metrics.scrape()).toContain('whisper_server_queue_oldest_pending_age_seconds 0\n');
  });

  it('still answers with everything else when the database fails or does not answer: no counts, age NaN', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      for (const statistics of [
        () => Promise.reject(new Error('connection refused')),
        () => new Promise<never>(() => undefined),
      ]) {
        const { metrics } = setUp(statistics);
        metrics.jobCompleted();
        const scrape = metrics.scrape();
        await jest.advanceTimersByTimeAsync(3000);
        const text = await scrape;
        expect(text).not.toMatch(/^whisper_server_queue_jobs\{/m);
        expect(text).toMatch(/^whisper_server_queue_oldest_pending_age_seconds nan$/im); // prom-client writes "Nan"; Prometheus reads any case
        expect(text).toContain('whisper_server_jobs_completed_total 1\n');
        expect(text).toContain('process_cpu_user_seconds_total');
      }
    } finally {
      jest.useRealTimers();
    }
  });
});
