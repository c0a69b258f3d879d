import { randomUUID } from 'node:crypto';
import { ApiKeyRepository } from '@server/api-keys/api-key.repository.js';
import type { User } from '@server/users/user.js';
import { apiClient, audioForm, expectErrorShape, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';

const ENV = { SUPABASE_JWT_SECRET: TEST_JWT_SECRET, UPLOAD_RATE_LIMIT: '0' };
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY = /^wsk_[A-Za-z0-9_-]{43}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Person = User & { token: string };

describe('API keys (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  const call = (...args: Parameters<ReturnType<typeof apiClient>>) => apiClient(server.url)(...args);
  const data = () => TestData.of(server);
  const person = async (options: { admin?: boolean } = {}): Promise<Person> => {
    const email = `${randomUUID()}@example.com`;
    const user = await data().user({ email, admin: options.admin });
    return { ...user, token: signToken({ sub: user.id, email }) };
  };
  const newKey = async (owner: Person, scope = 'read', extra: Record<string, unknown> = {}) => {
    const created = await call('POST', '/api/api-keys', { token: owner.token, json: { name: `${scope} key`, scope, ...extra } });
    expect(created.status).toBe(201);
    return created.body as { id: string; key: string; prefix: string };
  };
  /** The status of `read()` once it is `status`, or the last one after `withinMs`. */
  const statusWithin = async (read: () => Promise<number>, status: number, withinMs: number): Promise<number> => {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const current = await read();
      if (current === status || Date.now() > deadline) return current;
      await sleep(25);
    }
  };
  const upload = (key: string) => call('POST', '/api/audio/upload', { token: key, form: audioForm(makeWav(4000), 'key.wav') });

  beforeAll(async () => {
    server = await startTestServer(ENV);
  });
  afterAll(() => server.close());

  it('creates (shown once), lists without the key, and revokes; another user’s key is 404', async () => {
    const owner = await person();
    const created = await call('POST', '/api/api-keys', {
      token: owner.token,
      json: { name: '  laptop ', scope: 'transcribe', expires_in_days: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      name: 'laptop',
      scope: 'transcribe',
      prefix: created.body.key.slice(0, 8),
      key: expect.stringMatching(KEY),
      expires_at: expect.stringMatching(ISO_DATE),
      created_at: expect.stringMatching(ISO_DATE),
    });
    const days = (Date.parse(created.body.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const listed = await call('GET', '/api/api-keys', { token: owner.token });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        id: created.body.id,
        name: 'laptop',
        scope: 'transcribe',
        prefix: created.body.prefix,
        expires_at: created.body.expires_at,
        last_used_at: null,
        created_at: created.body.created_at,
        revoked_at: null,
      },
    ]);
    expect(listed.bytes.toString()).not.toContain(created.body.key.slice(8));

    const { key, id } = created.body;
    expect((await call('GET', '/api/transcriptions', { token: key })).status).toBe(200);
    const used = await statusWithin(
      async () => ((await call('GET', '/api/api-keys', { token: owner.token })).body[0].last_used_at ? 200 : 0),
      200,
      3000,
    );
    expect(used).toBe(200);

    const stranger = await person();
    expect((await call('DELETE', `/api/api-keys/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await call('DELETE', `/api/api-keys/${id}`, { token: owner.token })).status).toBe(204);
    expect((await call('DELETE', `/api/api-keys/${id}`, { token: owner.token })).status).toBe(204);
    expect((await call('GET', '/api/api-keys', { token: owner.token })).body[0].revoked_at).toMatch(ISO_DATE);
    const refused = await call('GET', '/api/transcriptions', { token: key });
    expect(refused.status).toBe(401);
    expectErrorShape(refused.body, 401);
    expect(refused.body.message).toBe('this API key has been revoked');
  });

  it('refuses bad input with sentences', async () => {
    const owner = await person();
    const cases = [
      { name: ' ', scope: 'read' },
      { name: 'x'.repeat(101), scope: 'read' },
      { name: 'x', scope: 'everything' },
      { name: 'x', scope: 'read', expires_in_days: 0 },
      { name: 'x', scope: 'read', expires_in_days: 1.5 },
      { scope: 'read' },
    ];
    for (const json of cases) {
      const answer = await call('POST', '/api/api-keys', { token: owner.token, json });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/name|scope|expires_in_days/);
    }
    expect((await call('DELETE', '/api/api-keys/not-a-uuid', { token: owner.token })).status).toBe(400);
  });

  it('scopes: read may GET only; transcribe may upload too; anything else needs a session token or an admin key', async () => {
    const owner = await person();
    const read = await newKey(owner, 'read');
    const transcribe = await newKey(owner, 'transcribe');

    const refused = await upload(read.key);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      'this API key has the read scope; this route needs a key with the transcribe scope, or a session token',
    );

    const uploaded = await upload(transcribe.key);
    expect(uploaded.status).toBe(201);
    const { id } = uploaded.body;
    const seen = await call('GET', `/api/transcriptions/${id}`, { token: read.key });
    expect(seen.status).toBe(200);
    expect(seen.body.id).toBe(id);

    const deletion = await call('DELETE', `/api/transcriptions/${id}`, { token: transcribe.key });
    expect(deletion.status).toBe(403);
    expect(deletion.body.message).toContain('needs a key with the admin scope');
    expect((await call('POST', '/api/webhooks', { token: read.key, json: { url: 'https://example.com/h' } })).status).toBe(403);
    expect((await call('GET', '/api/users/me', { token: read.key })).body.id).toBe(owner.id);
    expect((await call('POST', '/api/events/ticket', { token: read.key })).status).toBe(403);
  });

  it('refuses unknown, malformed and expired keys with 401 and a sentence', async () => {
    const owner = await person();
    const unknown = await call('GET', '/api/transcriptions', { token: `wsk_${'A'.repeat(43)}` });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toContain('no such key');
    expect((await call('GET', '/api/transcriptions', { token: 'wsk_short' })).body.message).toContain(
      'not a key this server issued',
    );

    const expiring = await newKey(owner, 'read', { expires_in_days: 1 });
    await server.app.get(ApiKeyRepository).setExpiresAt(expiring.id, new Date(Date.now() - 1000));
    const expired = await call('GET', '/api/transcriptions', { token: expiring.key });
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/^this API key expired at \d{4}-/);
  });

  it('an admin-scope key: only admins create one; it opens admin routes until its user stops being an admin', async () => {
    const user = await person();
    const refused = await call('POST', '/api/api-keys', { token: user.token, json: { name: 'x', scope: 'admin' } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('only administrators may create keys with the admin scope');

    const admin = await person({ admin: true });
    const otherAdmin = await person({ admin: true });
    const adminKey = await newKey(admin, 'admin');
    const readKey = await newKey(admin, 'read');
    expect((await call('GET', '/api/admin/users', { token: adminKey.key })).status).toBe(200);
    const notEnough = await call('GET', '/api/admin/users', { token: readKey.key });
    expect(notEnough.status).toBe(403);
    expect(notEnough.body.message).toContain('needs a key with the admin scope');
    expect((await call('DELETE', `/api/transcriptions/${randomUUID()}`, { token: adminKey.key })).status).toBe(404);
    const everyone = await call('GET', '/api/events?scope=all', { token: readKey.key });
    expect(everyone.status).toBe(403);
    expect(everyone.body.message).toBe('scope=all with an API key needs a key with the admin scope, or a session token');

    const demoted = await call('PUT', `/api/admin/users/${admin.id}/admin`, {
      token: otherAdmin.token,
      json: { is_admin: false },
    });
    expect(demoted.status).toBe(200);
    const read = async () => (await call('GET', '/api/admin/users', { token: adminKey.key })).status;
    expect(await statusWithin(read, 403, 1500)).toBe(403);
    expect((await call('GET', '/api/transcriptions', { token: adminKey.key })).status).toBe(200);
  });

  it('managing keys needs a session token: /api/api-keys refuses every key', async () => {
    const admin = await person({ admin: true });
    const adminKey = await newKey(admin, 'admin');
    for (const [method, path] of [
      ['GET', '/api/api-keys'],
      ['POST', '/api/api-keys'],
      ['DELETE', `/api/api-keys/${adminKey.id}`],
    ] as const) {
      const answer = await call(method, path, {
        token: adminKey.key,
        json: method === 'POST' ? { name: 'x', scope: 'read' } : undefined,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.message).toBe('API keys cannot be used here: sign in and use your session token');
    }
  });

  it('admins list and revoke anyone’s keys', async () => {
    const admin = await person({ admin: true });
    const owner = await person();
    const key = await newKey(owner, 'read');
    expect((await call('GET', '/api/admin/api-keys', { token: owner.token })).status).toBe(403);
    const all = await call('GET', '/api/admin/api-keys', { token: admin.token });
    expect(all.status).toBe(200);
    expect(all.body).toContainEqual(
      expect.objectContaining({ id: key.id, user_id: owner.id, user_email: owner.email, scope: 'read' }),
    );
    expect(all.bytes.toString()).not.toContain(key.key);
    expect((await call('DELETE', `/api/admin/api-keys/${key.id}`, { token: admin.token })).status).toBe(204);
    expect((await call('DELETE', `/api/admin/api-keys/${key.id}`, { token: admin.token })).status).toBe(204);
    expect((await call('DELETE', `/api/admin/api-keys/${randomUUID()}`, { token: admin.token })).status).toBe(404);
    expect((await call('GET', '/api/transcriptions', { token: key.key })).status).toBe(401);
  });

  it('a deactivated user’s keys get 403 within a second; a deleted user’s keys are gone', async () => {
    const admin = await person({ admin: true });
    const owner = await person();
    const key = await newKey(owner, 'read');
    const read = async () => (await call('GET', '/api/transcriptions', { token: key.key })).status;
    expect(await read()).toBe(200);
    expect(
      (await call('PUT', `/api/admin/users/${owner.id}/activate`, { token: admin.token, json: { is_active: false } })).status,
    ).toBe(200);
    const started = Date.now();
    expect(await statusWithin(read, 403, 1500)).toBe(403);
    expect(Date.now() - started).toBeLessThan(1500);
    const answer = await call('GET', '/api/transcriptions', { token: key.key });
    expect(answer.body.message).toBe('your account is not active yet: an administrator has to activate it');

    expect((await call('DELETE', `/api/admin/users/${owner.id}`, { token: admin.token })).status).toBe(204);
    expect(await statusWithin(read, 401, 1500)).toBe(401);
    const listed = (await call('GET', '/api/admin/api-keys', { token: admin.token })).body as { id: string }[];
    expect(listed.map((k) => k.id)).not.toContain(key.id);
  });

  it('at most 50 live keys per user (409); a revoked one frees its place', async () => {
    const owner = await person();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((await newKey(owner)).id);
    const refused = await call('POST', '/api/api-keys', { token: owner.token, json: { name: 'one more', scope: 'read' } });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('50 live API keys');
    expect((await call('DELETE', `/api/api-keys/${ids[0]}`, { token: owner.token })).status).toBe(204);
    await newKey(owner);
  });

  it('checks a key with one query, reused for the requests of the next second', async () => {
    const owner = await person();
    const key = await newKey(owner, 'read');
    const repository = server.app.get(ApiKeyRepository);
    const original = repository.findForCheck.bind(repository);
    let lookups = 0;
    repository.findForCheck = (hash: string) => {
      lookups += 1;
      return original(hash);
    };
    try {
      const started = Date.now();
      const answers = await Promise.all([1, 2, 3].map(() => call('GET', '/api/transcriptions', { token: key.key })));
      expect((await call('GET', '/api/users/me', { token: key.key })).status).toBe(200);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      if (Date.now() - started < 900) expect(lookups).toBe(1);
      await sleep(1100);
      expect((await call('GET', '/api/transcriptions', { token: key.key })).status).toBe(200);
      expect(lookups).toBeGreaterThanOrEqual(2);
    } finally {
      repository.findForCheck = original;
    }
  });

  it('a revocation is seen within a second by another server replica on the same database', async () => {
    const replica = await startTestServer(ENV, { database: server.database, dataDir: server.dataDir });
    try {
      const owner = await person();
      const key = await newKey(owner, 'read');
      const onReplica = async () => (await apiClient(replica.url)('GET', '/api/transcriptions', { token: key.key })).status;
      expect(await onReplica()).toBe(200); // now in the replica's cache
      expect((await call('DELETE', `/api/api-keys/${key.id}`, { token: owner.token })).status).toBe(204);
      expect((await call('GET', '/api/transcriptions', { token: key.key })).status).toBe(401);
      const started = Date.now();
      expect(await statusWithin(onReplica, 401, 2000)).toBe(401);
      expect(Date.now() - started).toBeLessThanOrEqual(1100);
    } finally {
      await replica.close();
    }
  });
});
