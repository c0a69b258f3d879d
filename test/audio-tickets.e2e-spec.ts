import { AudioTicketRepository } from '@server/audio/audio-ticket.repository.js';
import { signAccessToken } from '@server/auth/access-token.js';
import { newSecretToken, secretTokenHash } from '@server/common/secret-tokens.js';
import type { User } from '@server/users/user.js';
import { apiClient, expectErrorShape, makeWav } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

// Audio tickets let the web app's <audio> element (which cannot send Authorization) play one
// recording for an hour: issued over HTTP, used with nothing but the URL.
describe('audio tickets (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let owner: User;
  let ownerToken: string;
  let adminToken: string;
  const wav = makeWav(20_000);

  const upload = async (as: User = owner) => (await data.pending({ owner: as, audio: wav })).id;
  /** A user as data.user makes them, and a token of theirs. */
  const signUp = async (email: string, admin = false) => {
    const user = await data.user({ email, admin });
    return { user, token: await signAccessToken(server.config, { email }) };
  };
  const issue = (id: string, token = ownerToken) => call('POST', `/api/audio/${id}/ticket`, { token });
  /** GET with only the URL, as an <audio> element does. */
  const play = (url: string, range?: string) => call('GET', url, range ? { headers: { range } } : {});

  beforeAll(async () => {
    server = await startTestServer();
    data = TestData.of(server);
    call = apiClient(server.url);
    ({ user: owner, token: ownerToken } = await signUp('listener@example.com'));
    ({ token: adminToken } = await signUp('ticket-admin@example.com', true));
  });
  afterAll(() => server.close());

  it('issues a URL for one hour that plays the audio, with Range, without Authorization, again and again', async () => {
    const id = await upload();
    const before = Date.now();
    const issued = await issue(id);
    expect(issued.status).toBe(201);
    const url = issued.body.url as string;
    expect(url).toMatch(new RegExp(`^/api/audio/${id}\\?ticket=[A-Za-z0-9_-]{32}$`)); // 24 random bytes: 192 bits
    const expiresAt = Date.parse(issued.body.expires_at as string);
    expect(expiresAt - before).toBeGreaterThan(3590_000);
    expect(expiresAt - before).toBeLessThan(3610_000);

    // Seeking: several Range requests with the same URL.
    const part = await play(url, 'bytes=1000-1999');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${wav.length}`);
    expect(part.bytes.equals(wav.subarray(1000, 2000))).toBe(true);
    const later = await play(url, 'bytes=15000-');
    expect(later.status).toBe(206);
    expect(later.bytes.equals(wav.subarray(15000))).toBe(true);
    const whole = await play(url);
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(wav)).toBe(true);
    expect(whole.headers.get('cache-control')).toBe('private, no-store');
  });

  it('stores only the ticket’s hash', async () => {
    const id = await upload();
    const ticket = new URL((await issue(id)).body.url as string, server.url).searchParams.get('ticket')!;
    const tickets = server.app.get(AudioTicketRepository);
    expect(await tickets.userOf(secretTokenHash(ticket), id)).toBe(owner.id);
    expect(await tickets.userOf(ticket, id)).toBeUndefined();
  });

  it('refuses a ticket for another recording, an unknown or malformed one, and opens nothing else with it', async () => {
    const [first, second] = [await upload(), await upload()];
    const ticket = new URL((await issue(first)).body.url as string, server.url).searchParams.get('ticket')!;
    for (const url of [
      `/api/audio/${second}?ticket=${ticket}`,
      `/api/audio/${first}?ticket=${newSecretToken()}`,
      `/api/audio/${first}?ticket=x`,
      `/api/audio/${first}?ticket=${ticket}&ticket=${ticket}`,
      `/api/audio/not-a-uuid?ticket=${ticket}`,
    ]) {
      const refused = await play(url);
      expect(refused.status).toBe(401);
      expectErrorShape(refused.body, 401);
      expect(refused.body.message).toContain('ticket');
    }
    expect((await play(`/api/transcriptions/${first}?ticket=${ticket}`)).status).toBe(401);
    expect((await play(`/api/audio/${first}`)).status).toBe(401);
    expect((await play(`/api/audio/${first}?ticket=${ticket}`)).status).toBe(200);
  });

  it("answers 404 for another user's transcription, an unknown one and deleted audio; 400 for a bad id", async () => {
    const stranger = await data.user({ email: 'ticket-stranger@example.com' });
    const theirs = await upload(stranger);
    const refused = await issue(theirs);
    expect(refused.status).toBe(404);
    expectErrorShape(refused.body, 404);
    expect((await issue('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await issue('not-a-uuid')).status).toBe(400);
    expect((await call('POST', `/api/audio/${await upload()}/ticket`)).status).toBe(401);

    // Completed without AUDIO_RETENTION_HOURS: the audio is deleted at once.
    const done = await upload();
    await data.complete(done);
    const gone = await issue(done);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toContain('audio');
  });

  it('refuses an expired ticket, and the sweep prunes it while live ones keep working', async () => {
    const id = await upload();
    const tickets = server.app.get(AudioTicketRepository);
    const expired = newSecretToken();
    await tickets.insert(secretTokenHash(expired), owner.id, id, -1);
    const refused = await play(`/api/audio/${id}?ticket=${expired}`);
    expect(refused.status).toBe(401);
    expectErrorShape(refused.body, 401);

    const live = (await issue(id)).body.url as string;
    expect(await tickets.deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await tickets.userOf(secretTokenHash(expired), id)).toBeUndefined();
    expect((await play(live)).status).toBe(200);
  });

  it('stops working when its user is deactivated (403) or deleted (401), and when the transcription is deleted', async () => {
    const { user, token } = await signUp('ticket-leaver@example.com');
    const id = await upload(user);
    const url = (await issue(id, token)).body.url as string;
    expect((await play(url)).status).toBe(200);

    const deactivate = await call('PUT', `/api/admin/users/${user.id}/activate`, {
      token: adminToken,
      json: { is_active: false },
    });
    expect(deactivate.status).toBe(200);
    const inactive = await play(url);
    expect(inactive.status).toBe(403);
    expectErrorShape(inactive.body, 403);

    expect((await call('DELETE', `/api/admin/users/${user.id}`, { token: adminToken })).status).toBe(204);
    expect((await play(url)).status).toBe(401);

    const mine = await upload();
    const mineUrl = (await issue(mine)).body.url as string;
    expect((await call('DELETE', `/api/transcriptions/${mine}`, { token: ownerToken })).status).toBe(204);
    expect((await play(mineUrl)).status).toBe(401);
  });
});
