import { randomUUID } from 'node:crypto';
import { signAccessToken } from '@server/auth/access-token.js';
import { apiClient } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';

// An admin stops anyone's job from the jobs page: POST /api/admin/jobs/{id}/cancel.
describe('admin: cancelling any job (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let admin: string;
  let user: string;

  beforeAll(async () => {
    server = await startTestServer();
    data = TestData.of(server);
    call = apiClient(server.url);
    await data.user({ email: 'boss@example.com', admin: true });
    await data.user({ email: 'worker@example.com' });
    admin = await signAccessToken(server.config, { email: 'boss@example.com' });
    user = await signAccessToken(server.config, { email: 'worker@example.com' });
  });
  afterAll(() => server.close());

  it("cancels another user's pending and processing jobs; the runner holding one is told to stop", async () => {
    const owner = await data.user({ email: `${randomUUID()}@example.com` });
    const pending = await data.pending({ owner });
    const cancelled = await call('POST', `/api/admin/jobs/${pending.id}/cancel`, { token: admin });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: pending.id, status: 'cancelled', error_message: 'cancelled by an administrator' });

    const running = await data.claimed('gpu-1', { owner });
    expect((await call('POST', `/api/admin/jobs/${running.id}/cancel`, { token: admin })).body.status).toBe('cancelled');
    const beat = await call('POST', '/api/runner/heartbeat', {
      headers: { authorization: `Bearer ${TEST_RUNNER_KEY}` },
      json: { runner_id: 'gpu-1', current_jobs: 1, max_concurrent_jobs: 1, job_ids: [running.id] },
    });
    expect(beat.body.cancelled_job_ids).toEqual([running.id]);
  });

  it('refuses finished jobs (409), unknown ids (404, 400) and non-admins (403, 401)', async () => {
    const done = await data.pending();
    await data.complete(done.id);
    expect((await call('POST', `/api/admin/jobs/${done.id}/cancel`, { token: admin })).status).toBe(409);
    expect((await call('POST', `/api/admin/jobs/${randomUUID()}/cancel`, { token: admin })).status).toBe(404);
    expect((await call('POST', '/api/admin/jobs/nope/cancel', { token: admin })).status).toBe(400);
    const mine = await data.pending();
    expect((await call('POST', `/api/admin/jobs/${mine.id}/cancel`, { token: user })).status).toBe(403);
    expect((await call('POST', `/api/admin/jobs/${mine.id}/cancel`)).status).toBe(401);
  });
});
