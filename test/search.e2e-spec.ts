import { randomUUID } from 'node:crypto';
import type { SearchMatchDto, TranscriptionPageDto } from '@app/contracts';
import { TranscriptionRepository } from '@server/transcriptions/transcription.repository.js';
import type { User } from '@server/users/user.js';
import { apiClient, expectErrorShape } from './support/api.js';
import { TestData } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { signToken, TEST_JWT_SECRET } from './support/tokens.js';

type Player = User & { token: string };

/** The text each highlight of a match points at. */
const highlighted = (match: SearchMatchDto) => match.highlights.map(([start, end]) => match.snippet.slice(start, end));

// GET /api/transcriptions?q= as a user and a channel member use it: file names, transcripts and
// summaries, Chinese and Japanese inside sentences, ranking, snippets with highlight offsets.
describe('search (HTTP, real PostgreSQL)', () => {
  let server: TestServer;
  let data: TestData;
  let call: ReturnType<typeof apiClient>;

  const player = async (options: { admin?: boolean } = {}): Promise<Player> => {
    const email = `${randomUUID()}@example.com`;
    const user = await data.user({ email, admin: options.admin });
    return { ...user, token: signToken({ sub: user.id, email }) };
  };
  const completed = async (owner: User, fileName: string, text: string, summary: string | null = null) =>
    (await data.complete((await data.pending({ owner, fileName })).id, { text, summary })).id;
  const search = async (as: Player, q: string, extra = '') => {
    const response = await call('GET', `/api/transcriptions?q=${encodeURIComponent(q)}${extra}`, { token: as.token });
    expect(response.status).toBe(200);
    return response.body as TranscriptionPageDto;
  };
  const names = async (as: Player, q: string) => (await search(as, q)).items.map((item) => item.file_name);

  beforeAll(async () => {
    server = await startTestServer({ SUPABASE_JWT_SECRET: TEST_JWT_SECRET });
    call = apiClient(server.url);
    data = TestData.of(server);
  });
  afterAll(() => server.close());

  it('finds by file name, transcript and summary, and says where with a snippet whose highlights point at the match', async () => {
    const ann = await player();
    // Oldest first: newest-first order alone would list them the other way round.
    await completed(ann, 'harbour walk.m4a', 'A walk by the sea.');
    await completed(ann, 'standup.m4a', 'Nothing about boats here.', 'The team agreed to ship the HARBOUR app.');
    await completed(ann, 'other.m4a', 'Unrelated words entirely.', 'Nothing.');
    await completed(ann, 'Quarterly review.m4a', 'We looked at the numbers. The harbour project is late.', 'Delays.');

    const page = await search(ann, 'harbour');
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.file_name)).toEqual(['harbour walk.m4a', 'standup.m4a', 'Quarterly review.m4a']);
    const [byName, bySummary, byText] = page.items;
    expect(byName!.matches).toEqual([{ field: 'file_name', snippet: 'harbour walk.m4a', highlights: [[0, 7]] }]);
    expect(bySummary!.matches).toEqual([
      { field: 'summary', snippet: 'The team agreed to ship the HARBOUR app.', highlights: [[28, 35]] },
    ]);
    expect(byText!.matches).toEqual([
      { field: 'text', snippet: 'We looked at the numbers. The harbour project is late.', highlights: [[30, 37]] },
    ]);
    expect(page.data).toEqual(page.items);

    // Without q, no matches.
    const plain = await call('GET', '/api/transcriptions', { token: ann.token });
    expect(plain.body.items[0]).not.toHaveProperty('matches');
  });

  it('finds a two-character Chinese word and a Japanese word inside sentences', async () => {
    const wei = await player();
    await completed(wei, 'zh.m4a', '今天的会议讨论了预算，下周再确认。');
    await completed(wei, 'ja.m4a', '本日の議事録を共有します。よろしくお願いします。', '来週の会議について');
    await completed(wei, 'en.m4a', 'An English meeting.');

    const chinese = await search(wei, '会议');
    expect(chinese.items.map((item) => item.file_name)).toEqual(['zh.m4a']);
    expect(chinese.items[0]!.matches).toEqual([
      { field: 'text', snippet: '今天的会议讨论了预算，下周再确认。', highlights: [[3, 5]] },
    ]);
    expect(await names(wei, '預算')).toEqual([]); // traditional characters are other characters
    expect(await names(wei, '预算')).toEqual(['zh.m4a']);

    const japanese = await search(wei, '議事録');
    expect(japanese.items.map((item) => item.file_name)).toEqual(['ja.m4a']);
    expect(highlighted(japanese.items[0]!.matches![0]!)).toEqual(['議事録']);
    expect(await names(wei, '会議')).toEqual(['ja.m4a']); // in the summary
    expect(await names(wei, 'お願い')).toEqual(['ja.m4a']);
  });

  it('is case-insensitive and takes % and _ literally', async () => {
    const kim = await player();
    await completed(kim, 'a.m4a', 'Growth was 100% this year.');
    await completed(kim, 'b.m4a', 'Growth was 1000 this year.');
    await completed(kim, 'c.m4a', 'see file_name and the Straße.');
    await completed(kim, 'd.m4a', 'see filename.');

    expect(await names(kim, 'GROWTH WAS')).toEqual(['b.m4a', 'a.m4a']);
    expect(await names(kim, '100%')).toEqual(['a.m4a']);
    expect(await names(kim, '%')).toEqual(['a.m4a']);
    expect(await names(kim, 'file_name')).toEqual(['c.m4a']);
    expect(await names(kim, '_')).toEqual(['c.m4a']);
    expect(await names(kim, 'STRASSE')).toEqual([]);
    expect(await names(kim, 'STRAßE')).toEqual(['c.m4a']);
    expect(await names(kim, "'; DROP TABLE transcriptions; --")).toEqual([]);
  });

  it('finds exactly what a substring scan finds, whichever way the index is used', async () => {
    const LONG_WORD = 'abcdefghij'.repeat(24) + 'klmnopqrst';
    const ida = await player();
    const corpus: [string, string, string | null][] = [
      ['budget-review.m4a', 'The Budget review is planned for next week.', 'Budget plan agreed.'],
      ['budgeted.m4a', 'We budgeted twice; overbudgeting again!', null],
      ['plans.m4a', 'get planning, says the planner', 'planned'],
      ['zh.m4a', '今天的会议讨论了预算，下周再确认。', '会议纪要'],
      ['ja.m4a', '本日の議事録を共有します。時々確認します。', null],
      ['th.m4a', 'สวัสดีครับ ประชุมวันนี้', null],
      ['ru.m4a', 'ЖУРНАЛ совещания: итоги', 'Итоги'],
      ['snake.m4a', 'see snake_case and 100% of e.g. x-ray', null],
      ['mixed.m4a', 'Version2 of the API会议 notes', null],
      ['long.m4a', `a ${LONG_WORD} word`, null],
    ];
    for (const [name, text, summary] of corpus) await completed(ida, name, text, summary);
    const expected = (q: string) =>
      corpus
        .filter(([name, text, summary]) =>
          [name, text, summary ?? ''].some((field) => field.toLowerCase().includes(q.toLowerCase())),
        )
        .map(([name]) => name)
        .sort();
    const queries = [
      'budget', // one word: the index alone
      'udget', // inside words
      'BUDGETED',
      'get plan', // a phrase whose ends are parts of words: candidates, then checked
      'planned for next',
      '会议', // a pair of characters: the index alone
      '会', // one character
      '议讨论了', // several characters: candidates, then checked
      '議事録',
      '時々',
      'ประชุม',
      'журнал', // Unicode case
      'итоги',
      'snake_case',
      '100%',
      'e.g.',
      'x-ray',
      'api会议',
      'version2',
      'e', // in most words
      LONG_WORD.slice(153, 173), // inside the second half of a 250-letter word
      LONG_WORD.slice(10, 120), // a term too long for the index: every row is checked
      'zzqx', // in no word
      'budget zzqx',
    ];
    for (const q of queries) {
      const found = (await search(ida, q, '&page_size=100')).items.map((item) => item.file_name).sort();
      expect({ q, found }).toEqual({ q, found: expected(q) });
    }
    expect(expected('budget')).toHaveLength(2); // the comparison is not vacuous
    expect(expected('get plan')).toHaveLength(2);
  });

  it('follows edits: a corrected transcript is found by its new words, no longer by the old', async () => {
    const eve = await player();
    const id = (
      await data.complete((await data.pending({ owner: eve, fileName: 'call.m4a' })).id, {
        text: 'we met the albatross team',
        segments: [{ start: 0, end: 2, text: 'we met the albatross team' }],
      })
    ).id;
    expect(await names(eve, 'albatross')).toEqual(['call.m4a']);
    const edited = await call('PATCH', `/api/transcriptions/${id}/segments`, {
      token: eve.token,
      json: { segments: [{ index: 0, text: 'we met the cormorant team' }] },
    });
    expect(edited.status).toBe(200);
    expect(await names(eve, 'albatross')).toEqual([]);
    expect(await names(eve, 'cormorant')).toEqual(['call.m4a']);
    expect(await names(eve, 'ormoran')).toEqual(['call.m4a']);
  });

  it("never finds another user's transcriptions, but a channel member finds the channel's", async () => {
    const owner = await player();
    const member = await player();
    const stranger = await player();
    const admin = await player({ admin: true });
    const shared = await completed(owner, 'shared.m4a', 'The secret plan for zanzibar.');
    await completed(owner, 'private.m4a', 'Another zanzibar note.');

    expect(await names(stranger, 'zanzibar')).toEqual([]);
    expect(await names(admin, 'zanzibar')).toEqual([]); // the list is the caller's own view, admins too
    const channel = (await call('POST', '/api/admin/channels', { token: admin.token, json: { name: `c-${randomUUID()}` } }))
      .body as { id: string };
    await call('POST', `/api/admin/channels/${channel.id}/members`, { token: admin.token, json: { user_id: member.id } });
    const assigned = await call('POST', `/api/transcriptions/${shared}/channels`, {
      token: admin.token,
      json: { channel_ids: [channel.id] },
    });
    expect(assigned.status).toBeLessThan(300);

    expect(await names(member, 'ZANZIBAR')).toEqual(['shared.m4a']);
    expect(await names(stranger, 'zanzibar')).toEqual([]);
    expect((await search(owner, 'zanzibar')).total).toBe(2);
    // The channel filter and personal still apply.
    expect((await search(member, 'zanzibar', '&channel_id=personal')).total).toBe(0);
    expect((await search(member, 'zanzibar', `&channel_id=${channel.id}`)).total).toBe(1);
  });

  it('cuts a long transcript to a snippet around the first match, with the offsets in UTF-16 units', async () => {
    const lee = await player();
    const before = 'lorem ipsum dolor sit amet '.repeat(40);
    const after = ' consectetur adipiscing elit'.repeat(40);
    await completed(lee, 'long.m4a', `${before}🎤 会议 needle\nthen needle again${after}`);
    const [item] = (await search(lee, 'NEEDLE')).items;
    const [match] = item!.matches!;
    expect(match!.field).toBe('text');
    expect(match!.snippet.startsWith('…')).toBe(true);
    expect(match!.snippet.endsWith('…')).toBe(true);
    expect(Array.from(match!.snippet).length).toBeLessThanOrEqual(160 + 2);
    expect(match!.snippet).not.toContain('\n');
    expect(match!.snippet).toContain('🎤 会议 needle then needle again');
    // The emoji takes two UTF-16 units: offsets still point at both occurrences.
    expect(highlighted(match!)).toEqual(['needle', 'needle']);
  });

  it('pages ranked results with their total, and pending jobs match by file name', async () => {
    const pat = await player();
    for (let n = 0; n < 5; n++) await completed(pat, `n${n}.m4a`, `word kiwi ${n}`);
    await data.pending({ owner: pat, fileName: 'kiwi.m4a' });
    const first = await search(pat, 'kiwi', '&page_size=2');
    expect(first).toMatchObject({ total: 6, page: 1, total_pages: 3 });
    expect(first.items.map((item) => item.file_name)).toEqual(['kiwi.m4a', 'n4.m4a']);
    const third = await search(pat, 'kiwi', '&page_size=2&page=3');
    expect(third.items.map((item) => item.file_name)).toEqual(['n1.m4a', 'n0.m4a']);
    const beyond = await search(pat, 'kiwi', '&page_size=2&page=9');
    expect(beyond).toMatchObject({ total: 6, items: [] });
    expect((await search(pat, 'kiwi', '&status=pending')).total).toBe(1);
  });

  it('refuses a q over MAX_SEARCH_LENGTH with 400', async () => {
    const sam = await player();
    expect((await search(sam, '会'.repeat(200))).total).toBe(0);
    const response = await call('GET', `/api/transcriptions?q=${encodeURIComponent('会'.repeat(201))}`, { token: sam.token });
    expect(response.status).toBe(400);
    expectErrorShape(response.body, 400);
    expect(response.body.message).toMatch(/q must be 1 to 200 characters/);
  });

  it('the repository ranks file name, summary, transcript and excerpts around the match', async () => {
    const repository = server.app.get(TranscriptionRepository);
    const owner = await player();
    const textOnly = await completed(owner, 'x.m4a', `${'a'.repeat(300)} Kestrel ${'b'.repeat(300)}`);
    const summaryOnly = await completed(owner, 'y.m4a', 'nothing', 'kestrel seen');
    const nameOnly = await completed(owner, 'KESTREL.m4a', 'nothing');
    const { items, total } = await repository.search({ viewerId: owner.id }, {}, 'kestrel', 1, 20);
    expect(total).toBe(3);
    expect(items.map((hit) => hit.transcription.id)).toEqual([nameOnly, summaryOnly, textOnly]);
    expect(items[2]!.excerpts).toEqual([
      {
        field: 'text',
        excerpt: `${'a'.repeat(59)} Kestrel ${'b'.repeat(92)}`,
        before: 60,
        length: 7,
        cutStart: true,
        cutEnd: true,
      },
    ]);
    expect(items[0]!.transcription.text).toBeNull(); // lists do not load the results
    expect((await repository.search({ viewerId: (await player()).id }, {}, 'kestrel', 1, 20)).total).toBe(0);
  });
});
