import { jest } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { ClaimedJobDto } from '@app/contracts';
import { loadRunnerConfig } from '../config/runner-config.js';
import { type ServerClient, ServerUnavailableError } from '../server-client/server-client.js';
import type { JobProcessor } from './job-processor.js';
import { JobStopped } from './job-processor.js';
import { Poller } from './poller.js';

const job = (id: string) => ({ id, lease_id: `lease-${id}` }) as ClaimedJobDto;

/** Jobs still "running" at the end of a test are stopped, so their timers do not keep Jest alive. */
const allStops: AbortController[] = [];

function setUp(env: Record<string, string> = {}) {
  const config = loadRunnerConfig({
    RUNNER_API_KEY: 'k'.repeat(16),
    POLL_INTERVAL_SECONDS: '1',
    MAX_CONCURRENT_JOBS: '2',
    CLAIM_WAIT_SECONDS: '0', // plain polling, unless a test says otherwise
    ...env,
  });
  const server = { claim: jest.fn<ServerClient['claim']>(), heartbeat: jest.fn<ServerClient['heartbeat']>() };
  const stops: AbortController[] = [];
  const processor = {
    // A job runs until it is stopped.
    process: jest.fn((_job: ClaimedJobDto, stop: AbortController) => {
      stops.push(stop);
      allStops.push(stop);
      return new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve()));
    }),
  };
  const poller = new Poller(
    config,
    server as unknown as ServerClient,
    processor as unknown as JobProcessor,
    new SchedulerRegistry(),
  );
  return { poller, server, processor, stops };
}

describe('Poller', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    for (const stop of allStops.splice(0)) stop.abort(new JobStopped('shutdown'));
  });

  it('claims only free slots and tracks the jobs it runs', async () => {
    const { poller, server } = setUp();
    server.claim.mockResolvedValueOnce([job('a')]).mockResolvedValueOnce([job('b')]);
    await poller.poll();
    expect(server.claim).toHaveBeenLastCalledWith(2, 0, expect.any(AbortSignal));
    await poller.poll();
    expect(server.claim).toHaveBeenLastCalledWith(1, 0, expect.any(AbortSignal));
    await poller.poll(); // full: no call
    expect(server.claim).toHaveBeenCalledTimes(2);
    expect(poller.activeJobIds().sort()).toEqual(['a', 'b']);
    expect(poller.lastSuccessfulPoll).toBeInstanceOf(Date);
  });

  it('backs off exponentially (with jitter, capped) while the server is down: never a tight loop', async () => {
    let now = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const { poller, server } = setUp();
    const attemptsAt: number[] = [];
    server.claim.mockImplementation(() => {
      attemptsAt.push(Date.now());
      return Promise.reject(new ServerUnavailableError('server down'));
    });
    for (now = 0; now <= 120_000; now += 100) await poller.poll();
    const gaps = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
    expect(gaps.length).toBeGreaterThan(4);
    expect(gaps.length).toBeLessThan(20); // 1 poll a second would be 120
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1.5 * 16_000 + 100); // 16 poll intervals, plus jitter
    expect(gaps[4]!).toBeGreaterThan(gaps[0]!);
    // Back again: the next poll claims at once and the backoff is forgotten.
    server.claim.mockResolvedValue([]);
    now = 10_000_000;
    await poller.poll();
    await poller.poll();
    expect(server.claim).toHaveBeenCalledTimes(attemptsAt.length + 2);
  });

  it('stops the jobs the heartbeat says it no longer holds', async () => {
    const { poller, server, stops } = setUp();
    server.claim.mockResolvedValueOnce([job('a'), job('b')]);
    await poller.poll();
    server.heartbeat.mockResolvedValueOnce({ cancelled_job_ids: ['b'] });
    await poller.heartbeat();
    expect(server.heartbeat).toHaveBeenCalledWith(['a', 'b']);
    expect(stops.map((stop) => (stop.signal.reason as JobStopped | undefined)?.reason)).toEqual([undefined, 'cancelled']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(poller.activeJobIds()).toEqual(['a']);
  });

  it('on shutdown stops claiming, waits the grace period, then stops the rest as "shutdown"', async () => {
    const { poller, server, stops } = setUp({ SHUTDOWN_GRACE_SECONDS: '0.1' });
    server.claim.mockResolvedValueOnce([job('a')]);
    await poller.poll();
    await poller.beforeApplicationShutdown();
    expect((stops[0]!.signal.reason as JobStopped).reason).toBe('shutdown');
    await poller.poll();
    expect(server.claim).toHaveBeenCalledTimes(1);
  });

  describe('long-polling (CLAIM_WAIT_SECONDS)', () => {
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('claims with the wait and, once jobs come, claims again at once for the free slots', async () => {
      const { poller, server } = setUp({ CLAIM_WAIT_SECONDS: '25' });
      let release!: (jobs: ClaimedJobDto[]) => void;
      server.claim
        .mockResolvedValueOnce([job('a')])
        .mockImplementationOnce(() => new Promise<ClaimedJobDto[]>((resolve) => (release = resolve)));
      await poller.poll();
      await settle();
      expect(server.claim.mock.calls.map(([limit, wait]) => [limit, wait])).toEqual([
        [2, 25],
        [1, 25],
      ]);
      await poller.poll(); // a claim is still waiting: no second one
      expect(server.claim).toHaveBeenCalledTimes(2);
      release([]);
    });

    it('does not loop on an empty answer that came early (a server going down); waits for the next tick', async () => {
      const { poller, server } = setUp({ CLAIM_WAIT_SECONDS: '25' });
      server.claim.mockResolvedValue([]);
      await poller.poll();
      await settle();
      await settle();
      expect(server.claim).toHaveBeenCalledTimes(1);
    });

    it('shutdown gives up the waiting claim', async () => {
      const { poller, server } = setUp({ CLAIM_WAIT_SECONDS: '25' });
      let signal: AbortSignal | undefined;
      server.claim.mockImplementation((_limit, _wait, given) => {
        signal = given;
        return new Promise<ClaimedJobDto[]>((_resolve, reject) =>
          given?.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      });
      const polling = poller.poll();
      await poller.beforeApplicationShutdown();
      expect(signal?.aborted).toBe(true);
      await polling;
      expect(poller.lastSuccessfulPoll).toBeNull(); // it ended without an answer
    });
  });
});
