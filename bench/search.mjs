#!/usr/bin/env node
// `npm run bench:search`: 10,000 completed transcripts of about an hour each (~50,000 characters:
// English, some Chinese and Japanese) over 50 users and 10 channels, then GET /api/transcriptions?q=
// over HTTP against the built server: p50/p95 per query, for a user with 200 transcripts and for
// one who also sees 10 channels' (about 2,800 in all). Data is made in SQL from a pool of paragraphs.
//   node bench/search.mjs [--transcripts 10000] [--runs 30]      (DATABASE_URL: use that server)
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { machine, percentile, ROOT, startServer, tokenFor, withDatabase } from './support.mjs';

const { values } = parseArgs({
  options: { transcripts: { type: 'string', default: '10000' }, runs: { type: 'string', default: '30' } },
});
const TRANSCRIPTS = Number(values.transcripts);
const RUNS = Number(values.runs);
const USERS = 50;
const CHANNELS = 10;
const PER_CHANNEL = 300;
const PARAGRAPHS_PER_TRANSCRIPT = 50; // × ~1,000 characters
const BATCH = 250;

const ENGLISH = `the a and to of in that is it we you for on this with be have are was so but not they at
what about can just our if do all there one will get would like from more think know which people
right time going okay yeah well really need project team customer budget quarter sales plan report
market product meeting review data numbers growth launch design feature release support issue
question answer agree decide next week month year today tomorrow schedule deadline cost price
revenue target goal result update status call email office remote hire training process change
risk problem solution idea option proposal contract partner vendor account invoice payment
delivery quality test bug fix server client user mobile website platform cloud security network`.split(/\s+/);
const CHINESE = `我们 今天 讨论 项目 预算 客户 市场 销售 计划 报告 产品 问题 方案 团队 时间 下周 季度
增长 数据 需要 可以 已经 因为 所以 但是 这个 那个 非常 重要 进行 完成 负责 确认 安排 提供 支持
合同 价格 成本 目标 结果 质量 测试 发布 功能 设计 用户 平台 服务 安全 网络 经理 同事 部门 公司`.split(/\s+/);
const CHINESE_MEETING = '今天的会议讨论了预算。';
const JAPANESE = `私たち 今日 プロジェクト 予算 お客様 市場 販売 計画 報告 製品 問題 提案 チーム 時間 来週
四半期 成長 データ 必要 できます すでに なので しかし これ それ とても 重要 進める 完了 担当 確認
契約 価格 費用 目標 結果 品質 テスト リリース 機能 設計 ユーザー サービス 部長 同僚 会社 です ます`.split(/\s+/);
const JAPANESE_MEETING = '議事録を共有します。';

/** A deterministic pseudo-random generator, so every run builds the same data. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** ~1,000 characters of one language, in sentences. */
function paragraph(language, next) {
  const words = language === 'zh' ? CHINESE : language === 'ja' ? JAPANESE : ENGLISH;
  const parts = [];
  let length = 0;
  const limit = language === 'en' ? 1000 : 330; // CJK characters are ~3 bytes: keep rows near 50 KB
  while (length < limit) {
    const sentence = [];
    const count = 6 + Math.floor(next() * 10);
    for (let i = 0; i < count; i++) sentence.push(words[Math.floor(next() * words.length)]);
    let text;
    if (language === 'en') text = sentence.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
    else if (language === 'zh') text = (next() < 0.15 ? CHINESE_MEETING : '') + sentence.join('') + '。';
    else text = (next() < 0.15 ? JAPANESE_MEETING : '') + sentence.join('') + '。';
    parts.push(text);
    length += text.length;
  }
  return parts.join(language === 'en' ? ' ' : '');
}

/** The queries timed: [label, q]. "zephyrine" is planted in 5 transcripts (one of user 0's); file names are meeting-<n>.m4a. */
const QUERIES = [
  ['rare English word', 'zephyrine'],
  ['common English word', 'budget'],
  ['2-character Chinese word', '会议'],
  ['Japanese word', '議事録'],
  ['file name', 'meeting-1250'],
  ['part of a word', 'udge'],
  ['phrase of common words', 'the budget'],
];

async function seed(databaseUrl, userIds) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const next = random(42);
    const pool = [];
    for (const [language, count] of [
      ['en', 400],
      ['zh', 100],
      ['ja', 100],
    ])
      for (let n = 0; n < count; n++) pool.push({ language, n, body: paragraph(language, next) });
    await db.query('CREATE TEMP TABLE pool (language text, n int, body text, PRIMARY KEY (language, n))');
    await db.query(`INSERT INTO pool SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(language text, n int, body text)`, [
      JSON.stringify(pool),
    ]);
    await db.query(
      `INSERT INTO users (id, email, is_active) SELECT id, 'user-' || (ordinality - 1) || '@bench', true FROM unnest($1::uuid[]) WITH ORDINALITY id`,
      [userIds],
    );
    // Transcript g: English (75%), Chinese (15%) or Japanese (10%) of each user's; 50 paragraphs picked pseudo-randomly
    // from its language's pool; owned by user g % 50.
    const started = performance.now();
    for (let from = 0; from < TRANSCRIPTS; from += BATCH) {
      await db.query(
        `INSERT INTO transcriptions (user_id, file_name, status, progress, stage, language, text, summary, duration_seconds,
                                     created_at, started_at, completed_at)
         SELECT ($1::uuid[])[g % ${USERS} + 1], 'meeting-' || g || '.m4a', 'completed', 100, 'done', l.language,
                (SELECT string_agg(p.body, E'\\n' ORDER BY k) FROM generate_series(1, ${PARAGRAPHS_PER_TRANSCRIPT}) k
                   JOIN pool p ON p.language = l.language
                              AND p.n = (g * 7919 + k * 104729) % CASE l.language WHEN 'en' THEN 400 ELSE 100 END),
                'Summary of meeting ' || g || ': ' || CASE l.language WHEN 'en' THEN 'the team reviewed the plan and agreed on next steps.'
                  WHEN 'zh' THEN '团队回顾了计划并确定了下一步。' ELSE 'チームは計画を確認しました。' END,
                3600, now() - make_interval(mins => g), now() - make_interval(mins => g), now() - make_interval(mins => g)
           FROM generate_series($2::int, $3::int) g
           CROSS JOIN LATERAL (SELECT CASE WHEN (g / ${USERS}) % 20 < 15 THEN 'en' WHEN (g / ${USERS}) % 20 < 18 THEN 'zh' ELSE 'ja' END AS language) l`,
        [userIds, from, Math.min(from + BATCH, TRANSCRIPTS) - 1],
      );
    }
    await db.query(
      `UPDATE transcriptions SET text = text || ' And zephyrine, as agreed.' WHERE file_name IN ('meeting-50.m4a', 'meeting-2222.m4a',
         'meeting-4444.m4a', 'meeting-6666.m4a', 'meeting-8888.m4a')`,
    );
    const generated = (performance.now() - started) / 1000;
    // Channels: channel c holds 300 transcriptions of other users than user 0.
    await db.query(`INSERT INTO channels (name) SELECT 'channel-' || c FROM generate_series(0, ${CHANNELS - 1}) c`);
    await db.query(
      `INSERT INTO transcription_channels (transcription_id, channel_id)
       SELECT t.id, c.id FROM channels c
         CROSS JOIN LATERAL (SELECT id FROM transcriptions WHERE user_id <> $1 ORDER BY md5(id::text || c.name) LIMIT ${PER_CHANNEL}) t`,
      [userIds[0]],
    );
    // User 1 is in every channel: the widest view.
    await db.query(`INSERT INTO channel_members (channel_id, user_id) SELECT id, $1 FROM channels`, [userIds[1]]);
    const indexed = performance.now();
    await db.query('VACUUM ANALYZE transcriptions');
    await db.query('VACUUM ANALYZE transcription_channels');
    const [{ bytes, text_bytes }] = (
      await db.query(
        `SELECT pg_total_relation_size('transcriptions') AS bytes, sum(octet_length(text))::bigint AS text_bytes FROM transcriptions`,
      )
    ).rows;
    return { generated, vacuumed: (performance.now() - indexed) / 1000, bytes: Number(bytes), textBytes: Number(text_bytes) };
  } finally {
    await db.end();
  }
}

function get(url, token) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}: ${text}`));
          else resolve(JSON.parse(text));
        });
      })
      .on('error', reject);
  });
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

async function time(server, token, q) {
  const url = `${server.url}/api/transcriptions?q=${encodeURIComponent(q)}&page_size=20`;
  const first = await get(url, token); // warm-up, and what it finds
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await get(url, token);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { total: first.total, p50: percentile(times, 50), p95: percentile(times, 95) };
}

await withDatabase(async (url) => {
  const server = await startServer(url);
  try {
    const { userIdForEmail } = await import(path.join(ROOT, 'dist/apps/server/src/auth/access-token.js'));
    const emails = Array.from({ length: USERS }, (_, n) => `user-${n}@bench`);
    const data = await seed(url, emails.map(userIdForEmail));
    console.log(`machine: ${machine()}`);
    console.log(
      `${TRANSCRIPTS} transcripts, ${(data.textBytes / 1e6).toFixed(0)} MB of text (table with indexes: ${(data.bytes / 1e6).toFixed(0)} MB); ` +
        `generated in ${data.generated.toFixed(0)} s, vacuum analyze ${data.vacuumed.toFixed(0)} s; ${RUNS} runs each\n`,
    );
    const callers = [
      [`user with ${TRANSCRIPTS / USERS} transcripts`, tokenFor(server.dataDir, emails[0])],
      [`user also in ${CHANNELS} channels of ${PER_CHANNEL}`, tokenFor(server.dataDir, emails[1])],
    ];
    console.log('| caller | query | q | found | p50 ms | p95 ms |');
    console.log('|---|---|---|--:|--:|--:|');
    for (const [caller, token] of callers)
      for (const [label, q] of QUERIES) {
        const result = await time(server, token, q);
        console.log(`| ${caller} | ${label} | ${q} | ${result.total} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} |`);
      }
  } finally {
    agent.destroy();
    await server.stop();
  }
});
