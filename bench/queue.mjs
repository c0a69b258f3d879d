#!/usr/bin/env node
// `npm run bench:queue`: N concurrent HTTP runners drain M jobs through the server's runner API
// (claim → complete) and, on the same PostgreSQL, the same drain through pg-boss (fetch →
// complete, in-process). Prints jobs/s, claim latency p50/p99, and checks exactly-once for both.
//   node bench/queue.mjs [--runners 32] [--jobs 2000]      (DATABASE_URL: use that server)
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { machine, percentile, RUNNER_KEY, startServer, withDatabase } from './support.mjs';

const { values } = parseArgs({
  options: { runners: { type: 'string', default: '32' }, jobs: { type: 'string', default: '2000' } },
});
const RUNNERS = Number(values.runners);
const JOBS = Number(values.jobs);

/** N workers loop take → finish until the queue is empty; returns rate, latencies and what each took. */
async function drain(take, finish) {
  const latencies = [];
  const taken = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: RUNNERS }, async (_, n) => {
      for (;;) {
        const t0 = performance.now();
        const job = await take(n);
        latencies.push(performance.now() - t0);
        if (!job) return;
        taken.push(job.id);
        await finish(n, job);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { seconds, rate: taken.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), taken };
}

async function benchServer(databaseUrl) {
  const server = await startServer(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const userId = randomUUID();
    await db.query(`INSERT INTO users (id, email, is_active) VALUES ($1, 'bench@example.com', true)`, [userId]);
    await db.query(
      `INSERT INTO transcriptions (user_id, file_name, status, created_at)
       SELECT $1, 'job-' || n, 'pending', now() - make_interval(secs => $2 - n) FROM generate_series(1, $2) n`,
      [userId, JOBS],
    );
    // Like a runner (axios on Node's http): keep-alive connections, one per runner.
    const agent = new http.Agent({ keepAlive: true, maxSockets: RUNNERS });
    const post = (route, body) =>
      new Promise((resolve, reject) => {
        const payload = JSON.stringify(body);
        const request = http.request(server.url + route, {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${RUNNER_KEY}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        });
        request.on('response', (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if (response.statusCode !== 200) reject(new Error(`${route} answered ${response.statusCode}: ${text}`));
            else resolve(JSON.parse(text));
          });
        });
        request.on('error', reject);
        request.end(payload);
      });
    const result = await drain(
      async (n) => (await post('/api/runner/jobs/claim', { runner_id: `bench-${n}`, limit: 1 }))[0],
      (n, job) =>
        post(`/api/runner/jobs/${job.id}/complete`, {
          runner_id: `bench-${n}`,
          lease_id: job.lease_id,
          text: 'x',
          segments: [],
          processing_time_seconds: 0,
        }),
    );
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM transcriptions WHERE status = 'completed' AND attempts = 1`);
    return { ...result, exactlyOnce: rows[0].n === JOBS && new Set(result.taken).size === JOBS && result.taken.length === JOBS };
  } finally {
    await db.end();
    await server.stop();
  }
}

async function benchPgBoss(databaseUrl) {
  const boss = new PgBoss({ connectionString: databaseUrl, max: 10, supervise: false, schedule: false });
  boss.on('error', (error) => console.error('pg-boss:', error.message));
  await boss.start();
  try {
    await boss.createQueue('bench');
    for (let i = 0; i < JOBS; i += 500) {
      await boss.insert(Array.from({ length: Math.min(500, JOBS - i) }, (_, k) => ({ name: 'bench', data: { n: i + k } })));
    }
    const result = await drain(
      async () => (await boss.fetch('bench', { batchSize: 1 }))[0],
      (_n, job) => boss.complete('bench', job.id),
    );
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'bench' AND state = 'completed'`);
    await db.end();
    return { ...result, exactlyOnce: rows[0].n === JOBS && new Set(result.taken).size === JOBS && result.taken.length === JOBS };
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

const format = (name, r) =>
  `${name.padEnd(34)} ${r.rate.toFixed(0).padStart(7)} jobs/s   claim p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   ${r.seconds.toFixed(2)} s   exactly once: ${r.exactlyOnce ? 'yes' : 'NO'}`;

await withDatabase(async (url) => {
  console.log(`machine: ${machine()}`);
  console.log(
    `${RUNNERS} concurrent runners, ${JOBS} jobs, one PostgreSQL (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'})\n`,
  );
  const ours = await benchServer(url);
  console.log(format('whisper-summarizer (HTTP claim)', ours));
  const boss = await benchPgBoss(url);
  console.log(format('pg-boss (in-process fetch)', boss));
  console.log(`\nratio (ours / pg-boss): ${(ours.rate / boss.rate).toFixed(2)}`);
  if (!ours.exactlyOnce || !boss.exactlyOnce) process.exitCode = 1;
});
