import type { ServerConfig } from '../config/server-config.js';
import type { HeldRequests } from '../events/held-requests.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import type { AudioStorage } from '../storage/audio-storage.js';
import type { ClaimedJob, TranscriptionRepository } from '../transcriptions/transcription.repository.js';
import type { JobWaiters } from './job-waiters.js';
import type { RunnerRepository } from './runner.repository.js';
import { RunnerQueueService } from './runner-queue.service.js';

describe('RunnerQueueService claims', () => {
  /** The model sets the claim statements were run with, one entry per statement. */
  let statements: string[][];
  let service: RunnerQueueService;

  beforeEach(() => {
    statements = [];
    const transcriptions = {
      claimSlots: (_slots: string[], _leaseSeconds: number, models: string[]) => {
        statements.push(models);
        return Promise.resolve(new Map<number, ClaimedJob>());
      },
    } as unknown as TranscriptionRepository;
    service = new RunnerQueueService(
      transcriptions,
      {} as RunnerRepository,
      {} as AudioStorage,
      { leaseSeconds: 60, audioRetentionHours: 0 } as ServerConfig,
      {} as JobWaiters,
      {} as HeldRequests,
      {} as ServerMetrics,
    );
  });

  /** How many claim batchers the service holds (one per model set): what the cap bounds. */
  const batchers = () => (service as unknown as { claims: Map<string, unknown> }).claims.size;

  it('claims with the same models, in any order, share one batcher; each set is claimed with its own models', async () => {
    await Promise.all([service.claim('a', 1, ['small', 'base']), service.claim('b', 1, ['base', 'small', 'base'])]);
    await service.claim('c', 1, []);
    expect(batchers()).toBe(2);
    expect(statements).toContainEqual(['base', 'small']);
    expect(statements).toContainEqual([]);
  });

  it('holds at most 1,000 batchers however many model sets come and go, and still serves every claim', async () => {
    for (let n = 0; n < 2500; n++) {
      expect(await service.claim(`runner-${n}`, 1, [`model-${n}`])).toEqual([]);
      expect(batchers()).toBeLessThanOrEqual(1000);
    }
    expect(statements).toHaveLength(2500);
    expect(statements[2499]).toEqual(['model-2499']);
  });
});
