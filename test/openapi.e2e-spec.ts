import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './support/processes.js';
import { startTestServer, type TestServer } from './support/server.js';

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
}

type Scheme = 'user' | 'runner' | null;

/**
 * Every route docs/api.md lists ("| METHOD | /path | …" rows), with the scheme its section says
 * opens it: the user API and the admin API take user tokens, the runner API the runner key, the
 * public and shared-link routes nothing.
 */
function documentedRoutes(): [string, string, Scheme][] {
  const routes: [string, string, Scheme][] = [];
  let scheme: Scheme = null;
  for (const line of readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8').split('\n')) {
    if (line.startsWith('## '))
      scheme = /^## (User|Admin) API/.test(line) ? 'user' : line.startsWith('## Runner API') ? 'runner' : null;
    const row = /^\| (GET|POST|PUT|PATCH|DELETE) \| (\/\S*) \|/.exec(line);
    // The OpenAPI UI itself is not in the document it shows.
    if (row && row[2] !== '/api/docs') routes.push([row[1]!.toLowerCase(), row[2]!, scheme]);
  }
  return routes;
}
const ROUTES = documentedRoutes();

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

  it('documents every route it serves in docs/api.md, and nothing more', () => {
    expect(ROUTES.length).toBeGreaterThan(50);
    const served = Object.entries(document.paths)
      .flatMap(([route, operations]) => Object.keys(operations).map((method) => `${method} ${route}`))
      .filter((route) => !route.endsWith(' /api/docs'))
      .sort();
    expect(served).toEqual(
      ROUTES.map(([method, route]) => `${method} ${route}`)
        .filter((route) => route !== 'get /api/docs')
        .sort(),
    );
  });

  it('describes the upload as multipart with a binary file', () => {
    const body = document.paths['/api/audio/upload']!.post!.requestBody as {
      content: Record<string, { schema: { properties: Record<string, { format?: string }> } }>;
    };
    expect(body.content['multipart/form-data']!.schema.properties.file!.format).toBe('binary');
  });
});
