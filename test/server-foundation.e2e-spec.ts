import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedDatabase } from '@server/database/embedded-postgres.js';
import { expectErrorShape } from './support/api.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';

describe('server foundation (HTTP, real PostgreSQL)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://app.example' });
  });
  afterAll(() => server.close());

  it('GET /health probes the database', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'healthy', service: 'server', database: 'up' });
  });

  it('answers unknown routes with the error shape', async () => {
    const response = await fetch(`${server.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expectErrorShape(await response.json(), 404);
  });

  it('answers a malformed JSON body with a 400 in the error shape, not a 500', async () => {
    const response = await fetch(`${server.url}/api/runner/jobs/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_RUNNER_KEY}` },
      body: '{"unterminated": ',
    });
    expect(response.status).toBe(400);
    expectErrorShape(await response.json(), 400);
  });

  it('gives every request an id, keeping a sane incoming one', async () => {
    const fresh = await fetch(`${server.url}/health`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc.123');
    const replaced = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id <script>');
  });

  it('serves the OpenAPI document and UI', async () => {
    const document = (await (await fetch(`${server.url}/api/docs-json`)).json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toContain('/health');
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['runner', 'user']);
    const ui = await fetch(`${server.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('allows CORS from CORS_ORIGINS only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/health`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    expect((await preflight('https://app.example')).headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GET /health with the database down', () => {
  it('answers 503 with database "down" once PostgreSQL stops', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-health-'));
    await chmod(dataDir, 0o755);
    const database = new EmbeddedDatabase(dataDir);
    const url = await database.start();
    const server = await startTestServer({}, { database: { url, drop: () => Promise.resolve() }, dataDir });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      await database.stop();
      const response = await fetch(`${server.url}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unhealthy', service: 'server', database: 'down' });
    } finally {
      await server.close();
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
