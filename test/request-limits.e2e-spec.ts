import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { apiClient, audioForm, expectErrorShape, makeWav } from './support/api.js';
import { rawRequest } from './support/raw-request.js';
import { startTestServer, TEST_RUNNER_KEY, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';

const MB = 1024 * 1024;
const RUNNER = { authorization: `Bearer ${TEST_RUNNER_KEY}` };
const ADMIN_EMAIL = 'admin@example.com';

describe('what requests may cost, and inputs that must be 4xx (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let call: ReturnType<typeof apiClient>;
  let user: string;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer({
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      AUTO_ACTIVATE_USERS: 'true',
      ADMIN_EMAILS: ADMIN_EMAIL,
      UPLOAD_RATE_LIMIT: '0',
    });
    call = apiClient(server.url);
    user = signToken({ email: 'limits@example.com' });
    admin = signToken({ email: ADMIN_EMAIL });
    expect((await call('GET', '/api/users/me', { token: admin })).status).toBe(200);
  });
  afterAll(() => server.close());

  const upload = async (bytes = makeWav(4000)) => {
    const response = await call('POST', '/api/audio/upload', { token: user, form: audioForm(bytes, 'clip.wav') });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const claimOne = async () => {
    const id = await upload();
    const claimed = await call('POST', '/api/runner/jobs/claim', { headers: RUNNER, json: { runner_id: 'limits', limit: 50 } });
    const job = (claimed.body as { id: string; lease_id: string }[]).find((candidate) => candidate.id === id)!;
    return { id, lease_id: job.lease_id };
  };
  const complete = (job: { id: string; lease_id: string }, result: Record<string, unknown>) =>
    call('POST', `/api/runner/jobs/${job.id}/complete`, {
      headers: RUNNER,
      json: { runner_id: 'limits', lease_id: job.lease_id, text: '', segments: [], processing_time_seconds: 1, ...result },
    });

  describe('bodies are read only after authentication', () => {
    it.each([
      ['the runner API, with a wrong key', '/api/runner/jobs/claim', { authorization: 'Bearer wrong-key-0123456789' }, 401],
      ['the user API, without a token', `/api/transcriptions/${randomUUID()}/cancel`, {}, 401],
    ])('%s: a 26 MB body is refused before it is sent', async (_name, route, headers, status) => {
      const request = rawRequest(`${server.url}${route}`, 'POST', {
        ...headers,
        'content-type': 'application/json',
        'content-length': 26 * MB,
      });
      request.write(`{"runner_id": "${'x'.repeat(64 * 1024)}`);
      try {
        const response = await Promise.race([
          request.response,
          new Promise<never>((_resolve, reject) =>
            setTimeout(() => reject(new Error('no answer before the body was sent')), 3000),
          ),
        ]);
        expect(response.status).toBe(status);
      } finally {
        request.destroy();
      }
    });

    it('user routes take small JSON bodies only (64 KB): larger is 413', async () => {
      const target = (await call('GET', '/api/users/me', { token: user })).body.id as string;
      const response = await call('PUT', `/api/admin/users/${target}/activate`, {
        token: admin,
        json: { is_active: true, padding: 'x'.repeat(100 * 1024) },
      });
      expect(response.status).toBe(413);
      expectErrorShape(response.body, 413);
      expect(response.body.message).toContain('64 KB');
    });

    it('refuses deeply nested JSON with 400, not a crash', async () => {
      const nested = `{"runner_id": "deep", "limit": 1, "x": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const response = await fetch(`${server.url}/api/runner/jobs/claim`, {
        method: 'POST',
        headers: { ...RUNNER, 'content-type': 'application/json' },
        body: nested,
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toContain('nests deeper');
    });
  });

  describe('what a completion may carry', () => {
    const segments = (count: number) => Array.from({ length: count }, (_, i) => ({ start: i, end: i + 1, text: ` word ${i}` }));

    it('stores the largest allowed result: 50,000 segments and megabytes of text', async () => {
      const job = await claimOne();
      const response = await complete(job, { text: 'x'.repeat(2_000_000), segments: segments(50_000) });
      expect(response.status).toBe(200);
      const stored = await call('GET', `/api/transcriptions/${job.id}`, { token: user });
      expect(stored.body.segments).toHaveLength(50_000);
      expect(stored.body.segments[49_999]).toEqual({ start: 49_999, end: 50_000, text: ' word 49999' });
    });

    it.each([
      ['50,001 segments', { segments: segments(50_001) }, 'too many segments'],
      ['a transcript over 3,000,000 characters', { text: 'x'.repeat(3_000_001) }, 'transcript is too long'],
      [
        'a segment over 2,000 characters',
        { segments: [{ start: 0, end: 1, text: 'x'.repeat(2001) }] },
        'segments.0.text is too long',
      ],
      ['a body over 32 MB', { text: 'x'.repeat(32 * MB + 1) }, '32 MB'],
    ])('refuses %s with 413 and stores nothing', async (_name, result, message) => {
      const job = await claimOne();
      const response = await complete(job, result);
      expect(response.status).toBe(413);
      expectErrorShape(response.body, 413);
      expect(response.body.message).toContain(message);
      expect((await call('GET', `/api/transcriptions/${job.id}`, { token: user })).body.status).toBe('processing');
    });

    it.each([
      ['a negative start', [{ start: -1, end: 1, text: 'a' }], 'segments.0.start'],
      ['a text that is not a string', [{ start: 0, end: 1, text: 5 }], 'segments.0.text'],
      ['an unknown key', [{ start: 0, end: 1, text: 'a', speaker: 'x' }], 'segments.0.speaker should not exist'],
      ['segments that are not a list', 'none', 'segments must be an array'],
    ])('refuses %s with 400', async (_name, bad, message) => {
      const job = await claimOne();
      const response = await complete(job, { segments: bad });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(message);
    });
  });

  it('refuses absurd page numbers with 400, not a database error', async () => {
    for (const page of ['1e18', '1000001', '99999999999999999999']) {
      const response = await call('GET', `/api/transcriptions?page=${page}`, { token: user });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('page must not be greater than 1000000');
    }
    expect((await call('GET', '/api/admin/jobs?page=1e18', { token: admin })).status).toBe(400);
    const last = await call('GET', '/api/transcriptions?page=1000000', { token: user });
    expect(last.status).toBe(200);
    expect(last.body.items).toEqual([]);
  });

  it('answers a suffix range longer than the file with the whole file (206), as RFC 9110 says', async () => {
    const audio = makeWav(4000);
    const id = await upload(audio);
    for (const [route, headers] of [
      [`/api/audio/${id}`, { authorization: `Bearer ${user}` }],
      [`/api/runner/audio/${id}/download`, RUNNER],
    ] as const) {
      const response = await call('GET', route, { headers: { ...headers, range: 'bytes=-999999' } });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes 0-3999/4000`);
      expect(response.bytes.equals(audio)).toBe(true);
      const tail = await call('GET', route, { headers: { ...headers, range: 'bytes=-10' } });
      expect(tail.bytes.equals(audio.subarray(-10))).toBe(true);
    }
  });

  it('never builds the runner download URL from the request’s Host or X-Forwarded-* headers', async () => {
    const id = await upload();
    const info = await call('GET', `/api/runner/audio/${id}`, {
      headers: { ...RUNNER, host: 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
    });
    expect(info.body.download_url).toBe(`/api/runner/audio/${id}/download`);
  });

  describe('tokens', () => {
    it('refuses a token without an expiry', async () => {
      const claims: Record<string, unknown> = { sub: randomUUID(), email: 'forever@example.com', role: 'authenticated' };
      const forever = jwt.sign(claims, TEST_JWT_SECRET, {
        algorithm: 'HS256',
        audience: 'authenticated',
      });
      const response = await call('GET', '/api/users/me', { token: forever });
      expect(response.status).toBe(401);
      expect(response.body.message).toContain('no expiry');
    });

    it('answers a new account with an e-mail already taken with 409 and a sentence', async () => {
      expect((await call('GET', '/api/users/me', { token: signToken({ email: 'taken@example.com' }) })).status).toBe(200);
      const response = await call('GET', '/api/users/me', { token: signToken({ email: 'Taken@example.com' }) });
      expect(response.status).toBe(409);
      expectErrorShape(response.body, 409);
      expect(response.body.message).toBe(
        'another account already uses the e-mail address taken@example.com: sign in with that account',
      );
    });

    it('answers a 300-character e-mail with 401 and a sentence, no database message', async () => {
      const response = await call('GET', '/api/users/me', { token: signToken({ email: `${'a'.repeat(288)}@example.com` }) });
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('invalid access token: its e-mail address is longer than 255 characters');
    });
  });
});

describe('PUBLIC_URL', () => {
  it('makes the runner download URL absolute, under the configured base', async () => {
    const server = await startTestServer({
      SUPABASE_JWT_SECRET: TEST_JWT_SECRET,
      AUTO_ACTIVATE_USERS: 'true',
      PUBLIC_URL: 'https://transcribe.example.com/base',
    });
    try {
      const call = apiClient(server.url);
      const created = await call('POST', '/api/audio/upload', {
        token: signToken({ email: 'p@example.com' }),
        form: audioForm(makeWav(1000), 'p.wav'),
      });
      const info = await call('GET', `/api/runner/audio/${created.body.id}`, { headers: RUNNER });
      expect(info.body.download_url).toBe(`https://transcribe.example.com/base/api/runner/audio/${created.body.id}/download`);
    } finally {
      await server.close();
    }
  });
});
