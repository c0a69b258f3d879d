import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { LANGUAGE_OR_AUTO } from '@app/contracts';
import { signAccessToken } from '@server/auth/access-token.js';
import { apiClient, audioForm, expectErrorShape, makeWav } from './support/api.js';
import { ROOT } from './support/processes.js';
import { startTestServer, type TestServer } from './support/server.js';

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root">web-app-page</div></body></html>';
const APP_JS = 'console.log("web app");\n';
const BIG_JS = `export const texts = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `text ${i}`))};\n`;
const CSP_LOCAL =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
const SUPABASE_URL = 'https://project-ref.supabase.co';
const SERVICE_ROLE_KEY = 'service-role-key-that-must-stay-on-the-server';
const JWT_SECRET = 'supabase-jwt-secret-that-must-stay-on-the-server-0123';
const GLM_KEY = 'glm-key-that-must-stay-on-the-server';

/** A built web app as Vite leaves it: index.html, hashed assets, a file at the top. */
async function makeWebDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ws-web-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(dir, 'assets', 'app-abc123.js'), APP_JS);
  // What scripts/compress-web.mjs leaves beside a large asset.
  await writeFile(path.join(dir, 'assets', 'big-def456.js'), BIG_JS);
  await writeFile(path.join(dir, 'assets', 'big-def456.js.gz'), gzipSync(BIG_JS));
  await writeFile(path.join(dir, 'assets', 'big-def456.js.br'), brotliCompressSync(BIG_JS));
  await writeFile(path.join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /shared/\n');
  return dir;
}

function expectPage(response: Response, csp = CSP_LOCAL): void {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-cache');
  expect(response.headers.get('content-security-policy')).toBe(csp);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('the web app served at / (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let webDir: string;
  const get = (route: string, init?: RequestInit) => fetch(server.url + route, init);

  beforeAll(async () => {
    webDir = await makeWebDir();
    server = await startTestServer({ WEB_DIR: webDir });
  });
  afterAll(async () => {
    await server.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it.each(['/', '/transcriptions/abc', '/admin/users', '/shared/tok', '/s/tok', '/index.html'])(
    'serves index.html at %s, with the CSP, no-cache and no referrer',
    async (route) => {
      const response = await get(route);
      expectPage(response);
      expect(await response.text()).toBe(INDEX_HTML);
    },
  );

  it('answers HEAD for a page and for an asset', async () => {
    const page = await get('/transcriptions/abc', { method: 'HEAD' });
    expectPage(page);
    expect(await page.text()).toBe('');
    const asset = await get('/assets/app-abc123.js', { method: 'HEAD' });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-length')).toBe(String(Buffer.byteLength(APP_JS)));
  });

  it('serves hashed assets as immutable, with their content type', async () => {
    const response = await get('/assets/app-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(APP_JS);
  });

  it('sends an asset’s Brotli or gzip copy to clients that take it, and the file itself to others', async () => {
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const response = await get('/assets/big-def456.js', { headers: { 'accept-encoding': accept } });
      expect([accept, response.status, response.headers.get('content-encoding')]).toEqual([accept, 200, encoding]);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('vary')).toMatch(/Accept-Encoding/i);
      expect(await response.text()).toBe(BIG_JS); // fetch decodes what it was sent
    }
  });

  it('serves other files as themselves, revalidated', async () => {
    const response = await get('/robots.txt');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('Disallow: /shared/');
  });

  it('answers a missing asset with a 404, not the page', async () => {
    const response = await get('/assets/missing.js');
    expect(response.status).toBe(404);
    expectErrorShape(await response.json(), 404);
  });

  it.each(['/api/nope', '/api', '/API/nope', '/api/transcriptions/x/nothing', '/health/x', '/metrics/x', '/v1/nope', '/v1'])(
    'leaves %s to the API: its JSON 404',
    async (route) => {
      const response = await get(route);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBeNull();
      expectErrorShape(await response.json(), 404);
    },
  );

  it('serves the page to GET and HEAD only', async () => {
    const response = await get('/transcriptions/abc', { method: 'POST' });
    expect(response.status).toBe(404);
    expectErrorShape(await response.json(), 404);
  });

  it('leaves /health, /api/docs, /metrics and the API as they were', async () => {
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'healthy', service: 'server', database: 'up' });
    const docs = await get('/api/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('whisper_server_');
    for (const route of ['/api/transcriptions', '/API/Transcriptions']) {
      const unauthenticated = await get(route);
      expect(unauthenticated.status).toBe(401);
      expectErrorShape(await unauthenticated.json(), 401);
    }
  });

  it('keeps the pages out of the OpenAPI document', async () => {
    const document = (await (await get('/api/docs-json')).json()) as { paths: Record<string, unknown> };
    for (const route of Object.keys(document.paths)) expect(route).toMatch(/^\/(api\/|v1\/|health$)/);
  });
});

describe('the server without a built web app', () => {
  it.each([
    ['an absent directory', false],
    ['a directory without index.html', true],
  ])('serves no page from %s: / is the API’s 404', async (_name, create) => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'ws-no-web-'));
    const webDir = path.join(parent, 'web');
    if (create) await mkdir(path.join(webDir, 'assets'), { recursive: true });
    const server = await startTestServer({ WEB_DIR: webDir });
    try {
      for (const route of ['/', '/transcriptions/abc']) {
        const response = await fetch(server.url + route);
        expect(response.status).toBe(404);
        expectErrorShape(await response.json(), 404);
      }
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
      await rm(parent, { recursive: true, force: true });
    }
  });
});

describe('GET /api/config', () => {
  const version = async () =>
    (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  describe('in local auth mode', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ MAX_UPLOAD_MB: '123', UPLOAD_RATE_LIMIT: '0' });
    });
    afterAll(() => server.close());

    it('answers without sign-in, with local auth, the upload limit, the languages and no chat', async () => {
      const response = await fetch(`${server.url}/api/config`);
      expect(response.status).toBe(200);
      const config = (await response.json()) as { languages: { code: string; name: string }[] } & Record<string, unknown>;
      expect(config).toEqual({
        auth_mode: 'local',
        supabase_url: null,
        supabase_anon_key: null,
        max_upload_bytes: 123 * 1024 * 1024,
        max_upload_mb: 123,
        languages: expect.any(Array),
        default_language: 'auto',
        chat_available: false,
        version: await version(),
      });
      expect(config.languages[0]).toEqual({ code: 'auto', name: expect.any(String) });
      expect(config.languages).toEqual(
        expect.arrayContaining([
          { code: 'en', name: 'English' },
          { code: 'zh', name: 'Chinese' },
        ]),
      );
      expect(config.languages.length).toBeGreaterThan(90);
      expect(new Set(config.languages.map((language) => language.code)).size).toBe(config.languages.length);
      for (const { code } of config.languages) expect(code).toMatch(LANGUAGE_OR_AUTO);
    });

    it('lists languages an upload is accepted with', async () => {
      // Local mode activates a new user at their first request.
      const token = await signAccessToken(server.config, { email: 'languages@example.com' });
      const { body } = await apiClient(server.url)('GET', '/api/config');
      const codes = (body.languages as { code: string }[]).map((language) => language.code);
      for (const code of ['auto', 'yue', 'haw', 'jw']) {
        expect(codes).toContain(code);
        const upload = await apiClient(server.url)('POST', '/api/audio/upload', {
          token,
          form: audioForm(makeWav(2000), `${code}.wav`, { language: code }),
        });
        expect(upload.status).toBe(201);
        expect(upload.body.language).toBe(code);
      }
    });
  });

  describe('with a Supabase project and a language model', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({
        SUPABASE_URL,
        SUPABASE_ANON_KEY: 'public-anon-key',
        SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
        SUPABASE_JWT_SECRET: JWT_SECRET,
        GLM_API_KEY: GLM_KEY,
        WEB_DIR: await makeWebDir(),
      });
    });
    afterAll(async () => {
      await server.close();
      await rm(server.config.webDirSetting!, { recursive: true, force: true });
    });

    it('gives the public Supabase settings and says chat works, and never a secret', async () => {
      const response = await fetch(`${server.url}/api/config`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({
        auth_mode: 'supabase',
        supabase_url: SUPABASE_URL,
        supabase_anon_key: 'public-anon-key',
        chat_available: true,
        default_language: 'auto',
      });
      for (const secret of [SERVICE_ROLE_KEY, JWT_SECRET, GLM_KEY]) expect(text).not.toContain(secret);
    });

    it("lets the page reach Supabase's origin, and nothing else beyond its own", async () => {
      expectPage(
        await fetch(`${server.url}/shared/tok`),
        CSP_LOCAL.replace("connect-src 'self'", `connect-src 'self' ${SUPABASE_URL}`),
      );
    });
  });
});
