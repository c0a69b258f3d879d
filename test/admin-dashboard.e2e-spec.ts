import { signAccessToken } from '@server/auth/access-token.js';
import { apiClient } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

const HOUR_MS = 3600_000;
const hourOf = (date: Date) => new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS).toISOString();

interface Hour {
  hour: string;
  created: number;
  completed: number;
  failed: number;
}

// GET /api/admin/stats on its own database: the last day's figures start from nothing.
describe('admin dashboard statistics (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let stats: () => Promise<Record<string, unknown> & { jobs_per_hour: Hour[] }>;

  beforeAll(async () => {
    server = await startTestServer();
    data = TestData.of(server);
    await data.user({ email: 'dashboard@example.com', admin: true });
    const token = await signAccessToken(server.config, { email: 'dashboard@example.com' });
    const call = apiClient(server.url);
    stats = async () => {
      const response = await call('GET', '/api/admin/stats', { token });
      expect(response.status).toBe(200);
      return response.body;
    };
  });
  afterAll(() => server.close());

  it('has 24 zero hours, oldest first and ending with the current hour, and no real-time factor before any job', async () => {
    const before = new Date();
    const body = await stats();
    const after = new Date();
    expect(body).toMatchObject({ mean_real_time_factor: null, completed_last_24h: 0, failed_last_24h: 0 });
    const hours = body.jobs_per_hour;
    expect(hours).toHaveLength(24);
    expect([hourOf(before), hourOf(after)]).toContain(hours[23]!.hour);
    hours.forEach((entry, n) => {
      expect(entry).toEqual({ hour: expect.any(String), created: 0, completed: 0, failed: 0 });
      if (n > 0) expect(Date.parse(entry.hour) - Date.parse(hours[n - 1]!.hour)).toBe(HOUR_MS);
    });
  });

  it('counts the jobs created, completed and failed, in their hours, and the mean real-time factor of the completed', async () => {
    const fast = await data.pending();
    await data.complete(fast.id, { durationSeconds: 10, processingTimeSeconds: 5 }); // 0.5
    const faster = await data.pending();
    await data.complete(faster.id, { durationSeconds: 30, processingTimeSeconds: 3 }); // 0.1
    const unknownDuration = await data.pending();
    await data.complete(unknownDuration.id, { processingTimeSeconds: 100 }); // no duration: not in the mean
    const broken = await data.pending();
    await data.fail(broken.id);
    const waiting = await data.pending(); // created now, still pending

    const body = await stats();
    expect(body).toMatchObject({
      completed_last_24h: 3,
      failed_last_24h: 1,
      // the fields it had before stay
      counts: { pending: 1, completed: 3, failed: 1 },
      queue_depth: 1,
      mean_processing_time_seconds: expect.any(Number),
      disk: expect.objectContaining({ accepting_uploads: expect.any(Boolean) }),
    });
    expect(body.mean_real_time_factor).toBeCloseTo(0.3, 6);

    const hours = body.jobs_per_hour;
    expect(hours).toHaveLength(24);
    const sum = (field: 'created' | 'completed' | 'failed') => hours.reduce((total, entry) => total + entry[field], 0);
    expect([sum('created'), sum('completed'), sum('failed')]).toEqual([5, 3, 1]);
    const waitingHour = hours.find((entry) => entry.hour === hourOf(waiting.createdAt));
    expect(waitingHour?.created).toBeGreaterThanOrEqual(1);
    const brokenEnded = (await data.transcription(broken.id)).completedAt!;
    expect(hours.find((entry) => entry.hour === hourOf(brokenEnded))?.failed).toBe(1);
  });
});
