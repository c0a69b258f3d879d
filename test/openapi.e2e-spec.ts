import { startTestServer, type TestServer } from './support/server.js';

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
}

// Every route of docs/api.md, with the scheme that opens it.
const ROUTES: [string, string, 'user' | 'runner' | null][] = [
  ['get', '/health', null],
  ['get', '/api/users/me', 'user'],
  ['post', '/api/audio/upload', 'user'],
  ['get', '/api/audio/{id}', 'user'],
  ['get', '/api/transcriptions', 'user'],
  ['get', '/api/transcriptions/{id}', 'user'],
  ['get', '/api/transcriptions/{id}/download', 'user'],
  ['post', '/api/transcriptions/{id}/cancel', 'user'],
  ['post', '/api/transcriptions/{id}/retry', 'user'],
  ['delete', '/api/transcriptions/{id}', 'user'],
  ['get', '/api/admin/users', 'user'],
  ['put', '/api/admin/users/{id}/activate', 'user'],
  ['put', '/api/admin/users/{id}/admin', 'user'],
  ['delete', '/api/admin/users/{id}', 'user'],
  ['get', '/api/admin/jobs', 'user'],
  ['post', '/api/admin/jobs/{id}/requeue', 'user'],
  ['get', '/api/admin/runners', 'user'],
  ['get', '/api/admin/stats', 'user'],
  ['get', '/api/runner/jobs', 'runner'],
  ['post', '/api/runner/jobs/claim', 'runner'],
  ['post', '/api/runner/jobs/{id}/start', 'runner'],
  ['get', '/api/runner/audio/{id}', 'runner'],
  ['get', '/api/runner/audio/{id}/download', 'runner'],
  ['post', '/api/runner/jobs/{id}/progress', 'runner'],
  ['post', '/api/runner/jobs/{id}/complete', 'runner'],
  ['post', '/api/runner/jobs/{id}/fail', 'runner'],
  ['post', '/api/runner/heartbeat', 'runner'],
];

describe('OpenAPI document', () => {
  let server: TestServer;
  let document: { paths: Record<string, Record<string, Operation>>; components: { securitySchemes: object } };

  beforeAll(async () => {
    server = await startTestServer();
    document = (await (await fetch(`${server.url}/api/docs-json`)).json()) as typeof document;
  });
  afterAll(() => server.close());

  it('serves the UI', async () => {
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it.each(ROUTES)('documents %s %s with its auth scheme and error responses', (method, route, scheme) => {
    const operation = document.paths[route]?.[method];
    expect(operation).toBeDefined();
    if (scheme) {
      expect(operation!.security).toEqual([{ [scheme]: [] }]);
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(['401']));
    }
  });

  it('describes the upload as multipart with a binary file', () => {
    const body = document.paths['/api/audio/upload']!.post!.requestBody as {
      content: Record<string, { schema: { properties: Record<string, { format?: string }> } }>;
    };
    expect(body.content['multipart/form-data']!.schema.properties.file!.format).toBe('binary');
  });
});
