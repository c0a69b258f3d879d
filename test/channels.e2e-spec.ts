import { randomUUID } from 'node:crypto';
import type { User } from '@server/users/user.js';
import { apiClient, expectErrorShape } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Player = User & { token: string };

// Channels as the original web app's SPA uses them: the admin dashboard's channel and audio
// tabs, and a transcription's "assign to channels" dialog; each request with the body the SPA
// sends, each answer checked for the fields it reads.
describe('channels (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;
  let admin: Player;

  /** An active user of their own (admin if asked), with a token. */
  const player = async (options: { admin?: boolean } = {}): Promise<Player> => {
    const email = `${randomUUID()}@example.com`;
    const user = await data.user({ email, admin: options.admin });
    return { ...user, token: signToken({ sub: user.id, email }) };
  };
  const createChannel = async (body: { name?: string; description?: string } = {}) => {
    const response = await call('POST', '/api/admin/channels', {
      token: admin.token,
      json: { name: `Channel ${randomUUID()}`, ...body },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; name: string; description: string | null };
  };
  const addMember = async (channelId: string, user: User) => {
    const response = await call('POST', `/api/admin/channels/${channelId}/members`, {
      token: admin.token,
      json: { user_id: user.id },
    });
    expect(response.status).toBe(201);
    return response.body;
  };
  const completedJob = async (owner: User) => (await data.complete((await data.pending({ owner })).id)).id;
  const assign = (as: Player, transcriptionId: string, channelIds: string[]) =>
    call('POST', `/api/transcriptions/${transcriptionId}/channels`, { token: as.token, json: { channel_ids: channelIds } });
  const channelIdsOf = async (transcriptionId: string) =>
    (await data.transcription(transcriptionId)).channels.map((c) => c.id).sort();
  const listIds = async (as: Player, query = '') =>
    ((await call('GET', `/api/transcriptions${query}`, { token: as.token })).body.items as { id: string }[]).map((t) => t.id);

  beforeAll(async () => {
    server = await startTestServer({ SUPABASE_JWT_SECRET: TEST_JWT_SECRET });
    call = apiClient(server.url);
    data = TestData.of(server);
    admin = await player({ admin: true });
  });
  afterAll(() => server.close());

  describe('administration', () => {
    it('creates a channel (201, name trimmed, no description as null) and lists every channel by name with member counts', async () => {
      const suffix = randomUUID();
      const created = await call('POST', '/api/admin/channels', {
        token: admin.token,
        json: { name: `  b-Sales ${suffix} `, description: 'Deals and leads' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(UUID),
        name: `b-Sales ${suffix}`,
        description: 'Deals and leads',
        created_by: admin.id,
        created_at: expect.stringMatching(ISO_DATE),
        updated_at: expect.stringMatching(ISO_DATE),
        member_count: 0,
      });
      // The SPA leaves out a blank description.
      const plain = await createChannel({ name: `A-plain ${suffix}` });
      expect(plain.description).toBeNull();
      await addMember(plain.id, await player());

      const list = await call('GET', '/api/admin/channels', { token: admin.token });
      expect(list.status).toBe(200);
      const names = (list.body as { name: string }[]).map((channel) => channel.name);
      expect(names).toEqual([...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
      expect(list.body).toEqual(expect.arrayContaining([created.body, { ...plain, member_count: 1 }]));
    });

    it('shows a channel with its members as users; 404 for none, 400 for a bad id', async () => {
      const channel = await createChannel({ description: 'team' });
      const member = await player();
      await addMember(channel.id, member);
      const detail = await call('GET', `/api/admin/channels/${channel.id}`, { token: admin.token });
      expect(detail.status).toBe(200);
      expect(detail.body).toEqual({
        ...channel,
        member_count: 1,
        members: [
          {
            id: member.id,
            email: member.email,
            is_active: true,
            is_admin: false,
            activated_at: expect.stringMatching(ISO_DATE),
            full_name: null,
            created_at: expect.stringMatching(ISO_DATE),
          },
        ],
      });
      const missing = await call('GET', `/api/admin/channels/${randomUUID()}`, { token: admin.token });
      expect(missing.status).toBe(404);
      expectErrorShape(missing.body, 404);
      expect((await call('GET', '/api/admin/channels/not-a-uuid', { token: admin.token })).status).toBe(400);
    });

    it('updates name and description (absent: kept; null or blank: cleared); 404 for none', async () => {
      const channel = await createChannel({ description: 'old' });
      const renamed = await call('PUT', `/api/admin/channels/${channel.id}`, {
        token: admin.token,
        json: { name: ` ${channel.name} renamed `, description: 'new' },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({
        id: channel.id,
        name: `${channel.name} renamed`,
        description: 'new',
        member_count: 0,
      });
      expect(Date.parse(renamed.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(renamed.body.created_at));

      const kept = await call('PUT', `/api/admin/channels/${channel.id}`, { token: admin.token, json: {} });
      expect(kept.body).toMatchObject({ name: `${channel.name} renamed`, description: 'new' });
      const cleared = await call('PUT', `/api/admin/channels/${channel.id}`, { token: admin.token, json: { description: null } });
      expect(cleared.body).toMatchObject({ name: `${channel.name} renamed`, description: null });
      await call('PUT', `/api/admin/channels/${channel.id}`, { token: admin.token, json: { description: 'again' } });
      const blank = await call('PUT', `/api/admin/channels/${channel.id}`, { token: admin.token, json: { description: '  ' } });
      expect(blank.body.description).toBeNull();

      const missing = await call('PUT', `/api/admin/channels/${randomUUID()}`, { token: admin.token, json: { name: 'x' } });
      expect(missing.status).toBe(404);
      expectErrorShape(missing.body, 404);
    });

    it('refuses bad bodies with 400: blank, too long or null names, unknown fields', async () => {
      const channel = await createChannel();
      const cases: [string, string, unknown][] = [
        ['POST', '/api/admin/channels', {}],
        ['POST', '/api/admin/channels', { name: '   ' }],
        ['POST', '/api/admin/channels', { name: 'x'.repeat(101) }],
        ['POST', '/api/admin/channels', { name: 7 }],
        ['POST', '/api/admin/channels', { name: 'ok', colour: 'red' }],
        ['PUT', `/api/admin/channels/${channel.id}`, { name: null }],
        ['PUT', `/api/admin/channels/${channel.id}`, { name: '' }],
        ['POST', `/api/admin/channels/${channel.id}/members`, { user_id: 'bob' }],
        ['POST', `/api/admin/channels/${channel.id}/members`, {}],
      ];
      for (const [method, route, json] of cases) {
        const response = await call(method, route, { token: admin.token, json });
        expect({ method, json, status: response.status }).toEqual({ method, json, status: 400 });
        expectErrorShape(response.body, 400);
      }
      const longest = await call('POST', '/api/admin/channels', {
        token: admin.token,
        json: { name: randomUUID().padEnd(100, 'x') },
      });
      expect(longest.status).toBe(201);
    });

    it('refuses a name another channel has, whatever its case, with 409 (also when two admins create it at once)', async () => {
      const channel = await createChannel();
      const duplicate = await call('POST', '/api/admin/channels', {
        token: admin.token,
        json: { name: channel.name.toUpperCase() },
      });
      expect(duplicate.status).toBe(409);
      expectErrorShape(duplicate.body, 409);
      expect(duplicate.body.message).toContain('already exists');

      const other = await createChannel();
      const rename = await call('PUT', `/api/admin/channels/${other.id}`, { token: admin.token, json: { name: channel.name } });
      expect(rename.status).toBe(409);
      expect(rename.body.message).toContain('already exists');
      // Its own name in another case is no clash.
      const recase = await call('PUT', `/api/admin/channels/${other.id}`, {
        token: admin.token,
        json: { name: other.name.toUpperCase() },
      });
      expect(recase.status).toBe(200);

      const name = `Race ${randomUUID()}`;
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => call('POST', '/api/admin/channels', { token: admin.token, json: { name } })),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409]);
    });

    it('deletes a channel (200 with a message), then 404', async () => {
      const channel = await createChannel();
      const deleted = await call('DELETE', `/api/admin/channels/${channel.id}`, { token: admin.token });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ message: 'Channel deleted' });
      expect((await call('GET', `/api/admin/channels/${channel.id}`, { token: admin.token })).status).toBe(404);
      const again = await call('DELETE', `/api/admin/channels/${channel.id}`, { token: admin.token });
      expect(again.status).toBe(404);
      expectErrorShape(again.body, 404);
    });

    it('adds a member (201; again: 200 with the same membership) and removes one (200; again: 404)', async () => {
      const channel = await createChannel();
      const user = await player();
      const added = await call('POST', `/api/admin/channels/${channel.id}/members`, {
        token: admin.token,
        json: { user_id: user.id },
      });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({
        channel_id: channel.id,
        user_id: user.id,
        assigned_at: expect.stringMatching(ISO_DATE),
        assigned_by: admin.id,
      });
      const again = await call('POST', `/api/admin/channels/${channel.id}/members`, {
        token: admin.token,
        json: { user_id: user.id },
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(added.body);
      expect((await call('GET', `/api/admin/channels/${channel.id}`, { token: admin.token })).body.member_count).toBe(1);

      const removed = await call('DELETE', `/api/admin/channels/${channel.id}/members/${user.id}`, { token: admin.token });
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({ message: expect.any(String) });
      const notMember = await call('DELETE', `/api/admin/channels/${channel.id}/members/${user.id}`, { token: admin.token });
      expect(notMember.status).toBe(404);
      expectErrorShape(notMember.body, 404);
    });

    it('answers 404 for a member of no channel or no user', async () => {
      const channel = await createChannel();
      const user = await player();
      const noChannel = await call('POST', `/api/admin/channels/${randomUUID()}/members`, {
        token: admin.token,
        json: { user_id: user.id },
      });
      expect(noChannel.status).toBe(404);
      expect(noChannel.body.message).toContain('channel');
      const noUser = await call('POST', `/api/admin/channels/${channel.id}/members`, {
        token: admin.token,
        json: { user_id: randomUUID() },
      });
      expect(noUser.status).toBe(404);
      expect(noUser.body.message).toContain('user');
    });

    it('refuses every admin route to a user who is not an admin (403), and to no token (401)', async () => {
      const user = await player();
      const channel = await createChannel();
      const job = await completedJob(user);
      const routes: [string, string, unknown?][] = [
        ['GET', '/api/admin/channels'],
        ['POST', '/api/admin/channels', { name: `mine ${randomUUID()}` }],
        ['GET', `/api/admin/channels/${channel.id}`],
        ['PUT', `/api/admin/channels/${channel.id}`, { name: 'mine' }],
        ['DELETE', `/api/admin/channels/${channel.id}`],
        ['POST', `/api/admin/channels/${channel.id}/members`, { user_id: user.id }],
        ['DELETE', `/api/admin/channels/${channel.id}/members/${user.id}`],
        ['GET', '/api/admin/audio'],
        ['GET', `/api/admin/audio/${job}/channels`],
        ['POST', `/api/admin/audio/${job}/channels`, { channel_ids: [channel.id] }],
      ];
      for (const [method, route, json] of routes) {
        const forbidden = await call(method, route, { token: user.token, json });
        expect({ method, route, status: forbidden.status }).toEqual({ method, route, status: 403 });
        expectErrorShape(forbidden.body, 403);
        expect((await call(method, route, { json })).status).toBe(401);
      }
      // Nothing changed.
      expect((await call('GET', `/api/admin/channels/${channel.id}`, { token: admin.token })).body).toMatchObject({
        name: channel.name,
        member_count: 0,
      });
      expect(await channelIdsOf(job)).toEqual([]);
    });
  });

  describe('sharing a transcription with channels', () => {
    it('shares with members, read-only: they list, read and filter it; others get 404; removal and deletion revoke at once', async () => {
      const [alice, bob, carol] = [await player(), await player(), await player()];
      const channel = await createChannel({ description: 'the team' });
      await addMember(channel.id, alice);
      await addMember(channel.id, bob);
      const job = await completedJob(alice);
      const bobsOwn = await completedJob(bob);

      const assigned = await assign(alice, job, [channel.id]);
      expect(assigned.status).toBe(200);
      expect(assigned.body).toEqual({ message: expect.any(String), channel_ids: [channel.id] });
      const brief = { id: channel.id, name: channel.name, description: 'the team' };

      // A member sees it: in lists (all, the channel's, not "personal"), alone, and its channels.
      const list = await call('GET', '/api/transcriptions', { token: bob.token });
      expect(list.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: job, is_personal: false, channels: [brief] })]),
      );
      expect(await listIds(bob, `?channel_id=${channel.id}`)).toEqual([job]);
      expect(await listIds(bob, '?channel_id=personal')).toEqual([bobsOwn]);
      expect(await listIds(alice, '?channel_id=personal')).toEqual([job]);
      const read = await call('GET', `/api/transcriptions/${job}`, { token: bob.token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: job, text: 'hello world', channels: [brief] });
      for (const as of [alice, bob, admin]) {
        const channels = await call('GET', `/api/transcriptions/${job}/channels`, { token: as.token });
        expect(channels.status).toBe(200);
        expect(channels.body).toEqual([brief]);
      }

      // ... but may not change it.
      for (const [method, route, json] of [
        ['DELETE', `/api/transcriptions/${job}`, undefined],
        ['POST', `/api/transcriptions/${job}/cancel`, undefined],
        ['POST', `/api/transcriptions/${job}/channels`, { channel_ids: [] }],
      ] as const) {
        const refused = await call(method, route, { token: bob.token, json });
        expect({ route, status: refused.status }).toEqual({ route, status: 403 });
        expectErrorShape(refused.body, 403);
      }
      expect(await channelIdsOf(job)).toEqual([channel.id]);

      // Someone in no channel of it gets nothing, as if it did not exist.
      for (const [method, route, json] of [
        ['GET', `/api/transcriptions/${job}`, undefined],
        ['GET', `/api/transcriptions/${job}/channels`, undefined],
        ['POST', `/api/transcriptions/${job}/channels`, { channel_ids: [] }],
      ] as const) {
        const hidden = await call(method, route, { token: carol.token, json });
        expect({ route, status: hidden.status }).toEqual({ route, status: 404 });
        expectErrorShape(hidden.body, 404);
      }
      expect(await listIds(carol)).toEqual([]);

      // Removing the member revokes their sight of it at once.
      expect((await call('DELETE', `/api/admin/channels/${channel.id}/members/${bob.id}`, { token: admin.token })).status).toBe(
        200,
      );
      expect((await call('GET', `/api/transcriptions/${job}`, { token: bob.token })).status).toBe(404);
      expect(await listIds(bob)).toEqual([bobsOwn]);

      // Deleting the channel revokes everyone's; the transcription stays with its owner.
      await addMember(channel.id, carol);
      expect((await call('GET', `/api/transcriptions/${job}`, { token: carol.token })).status).toBe(200);
      expect((await call('DELETE', `/api/admin/channels/${channel.id}`, { token: admin.token })).status).toBe(200);
      expect((await call('GET', `/api/transcriptions/${job}`, { token: carol.token })).status).toBe(404);
      const own = await call('GET', `/api/transcriptions/${job}`, { token: alice.token });
      expect(own.status).toBe(200);
      expect(own.body.channels).toEqual([]);
    });

    it('lets an owner share only with channels they are in (403 naming it); an admin with any', async () => {
      const alice = await player();
      const [mine, foreign] = [await createChannel(), await createChannel()];
      await addMember(mine.id, alice);
      const job = await completedJob(alice);

      const refused = await assign(alice, job, [mine.id, foreign.id]);
      expect(refused.status).toBe(403);
      expectErrorShape(refused.body, 403);
      expect(refused.body.message).toContain(`"${foreign.name}"`);
      expect(refused.body.message).not.toContain(`"${mine.name}"`);
      expect(await channelIdsOf(job)).toEqual([]);

      const byAdmin = await assign(admin, job, [mine.id, foreign.id]);
      expect(byAdmin.status).toBe(200);
      expect(await channelIdsOf(job)).toEqual([mine.id, foreign.id].sort());
    });

    it('replaces the whole set at once: an unknown channel (400, named) changes nothing; an empty list clears it', async () => {
      const alice = await player();
      const [a, b, c] = [await createChannel(), await createChannel(), await createChannel()];
      for (const channel of [a, b, c]) await addMember(channel.id, alice);
      const job = await completedJob(alice);
      expect((await assign(alice, job, [a.id, b.id])).status).toBe(200);

      const unknown = randomUUID();
      const refused = await assign(alice, job, [c.id, unknown]);
      expect(refused.status).toBe(400);
      expectErrorShape(refused.body, 400);
      expect(refused.body.message).toContain(unknown);
      expect(await channelIdsOf(job)).toEqual([a.id, b.id].sort());

      const replaced = await assign(alice, job, [b.id, c.id, c.id.toUpperCase()]);
      expect(replaced.body.channel_ids).toEqual([b.id, c.id]);
      expect(await channelIdsOf(job)).toEqual([b.id, c.id].sort());
      const cleared = await assign(alice, job, []);
      expect(cleared.body).toEqual({ message: expect.any(String), channel_ids: [] });
      expect(await channelIdsOf(job)).toEqual([]);

      for (const json of [{}, { channel_ids: 'x' }, { channel_ids: ['not-a-uuid'] }, { channel_ids: [], extra: 1 }]) {
        const response = await call('POST', `/api/transcriptions/${job}/channels`, { token: alice.token, json });
        expect({ json, status: response.status }).toEqual({ json, status: 400 });
      }
      expect((await assign(alice, randomUUID(), [])).status).toBe(404);
      expect((await call('GET', '/api/transcriptions/not-a-uuid/channels', { token: alice.token })).status).toBe(400);
    });

    it('ends with exactly one of the sets when owner and admin replace them at the same time', async () => {
      const alice = await player();
      const channels = [await createChannel(), await createChannel(), await createChannel()];
      for (const channel of channels) await addMember(channel.id, alice);
      const job = await completedJob(alice);
      const sets = [[channels[0]!.id, channels[1]!.id], [channels[1]!.id, channels[2]!.id], [channels[2]!.id], [channels[0]!.id]];
      const answers = await Promise.all(sets.map((set, n) => assign(n % 2 ? admin : alice, job, set)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(sets.map((set) => [...set].sort())).toContainEqual(await channelIdsOf(job));
    });
  });

  describe('admin audio management', () => {
    it('lists every transcription newest first with owner e-mail, stage and channels; first page without a query', async () => {
      const [alice, bob] = [await player(), await player()];
      const channel = await createChannel({ description: 'd' });
      const done = await completedJob(alice);
      const pending = (await data.pending({ owner: bob, fileName: 'later.m4a' })).id;
      expect(
        (await call('POST', `/api/admin/audio/${done}/channels`, { token: admin.token, json: { channel_ids: [channel.id] } }))
          .status,
      ).toBe(200);

      const list = await call('GET', '/api/admin/audio', { token: admin.token });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        items: expect.any(Array),
        data: list.body.items,
        total: expect.any(Number),
        page: 1,
        page_size: 100,
        total_pages: Math.ceil(list.body.total / 100),
      });
      const items = list.body.items as { id: string; created_at: string }[];
      const created = items.map((item) => Date.parse(item.created_at));
      expect(created).toEqual([...created].sort((x, y) => y - x));
      expect(items.findIndex((item) => item.id === pending)).toBeLessThan(items.findIndex((item) => item.id === done));
      const row = await data.transcription(done);
      expect(items.find((item) => item.id === done)).toEqual({
        id: done,
        user_id: alice.id,
        user_email: alice.email,
        file_name: row.fileName,
        language: null,
        duration_seconds: null,
        stage: 'completed',
        status: 'completed',
        error_message: null,
        created_at: row.createdAt.toISOString(),
        completed_at: expect.stringMatching(ISO_DATE),
        channels: [{ id: channel.id, name: channel.name, description: 'd' }],
      });
      expect(items.find((item) => item.id === pending)).toMatchObject({
        user_email: bob.email,
        file_name: 'later.m4a',
        stage: 'uploading',
        status: 'pending',
        completed_at: null,
        channels: [],
      });

      const paged = await call('GET', '/api/admin/audio?page=2&page_size=1', { token: admin.token });
      expect(paged.body).toMatchObject({ page: 2, page_size: 1, total: list.body.total, items: [list.body.items[1]] });
      for (const query of ['?page_size=1001', '?page=0', '?page_size=x', '?status=pending']) {
        expect((await call('GET', `/api/admin/audio${query}`, { token: admin.token })).status).toBe(400);
      }
    });

    it("reads and replaces any transcription's channels, whoever owns it; 404 for none, 400 for an unknown channel", async () => {
      const alice = await player();
      const [a, b] = [await createChannel(), await createChannel()];
      const job = await completedJob(alice);

      const assigned = await call('POST', `/api/admin/audio/${job}/channels`, {
        token: admin.token,
        json: { channel_ids: [a.id, b.id] },
      });
      expect(assigned.status).toBe(200);
      expect(assigned.body).toEqual({ message: expect.any(String), channel_ids: [a.id, b.id] });
      const read = await call('GET', `/api/admin/audio/${job}/channels`, { token: admin.token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(
        expect.arrayContaining([
          { id: a.id, name: a.name, description: null },
          { id: b.id, name: b.name, description: null },
        ]),
      );
      expect(read.body).toHaveLength(2);

      const unknown = await call('POST', `/api/admin/audio/${job}/channels`, {
        token: admin.token,
        json: { channel_ids: [randomUUID()] },
      });
      expect(unknown.status).toBe(400);
      expect(await channelIdsOf(job)).toEqual([a.id, b.id].sort());
      expect(
        (await call('POST', `/api/admin/audio/${job}/channels`, { token: admin.token, json: { channel_ids: [] } })).status,
      ).toBe(200);
      expect(await channelIdsOf(job)).toEqual([]);

      for (const [method, json] of [
        ['GET', undefined],
        ['POST', { channel_ids: [] }],
      ] as const) {
        const missing = await call(method, `/api/admin/audio/${randomUUID()}/channels`, { token: admin.token, json });
        expect(missing.status).toBe(404);
        expectErrorShape(missing.body, 404);
      }
      expect((await call('GET', '/api/admin/audio/nope/channels', { token: admin.token })).status).toBe(400);
    });
  });
});
