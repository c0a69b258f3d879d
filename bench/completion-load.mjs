#!/usr/bin/env node
// `npm run bench:completion`: how much a runner's largest allowed result costs the server. Jobs
// are completed one after another with the biggest body `complete` accepts (50,000 segments and
// ~8 MB of JSON), while /health is asked every 20 ms; prints how long each completion took and
// how long /health waited meanwhile (the event loop is shared: a slow /health means every
// request waited). Goal: /health under 100 ms throughout.
//   node bench/completion-load.mjs [--jobs 10]
import { parseArgs } from 'node:util';
import { machine, percentile, RUNNER_KEY, startServer, withDatabase } from './support.mjs';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '10' } } });
const JOBS = Number(values.jobs);
const RUNNER = { authorization: `Bearer ${RUNNER_KEY}`, 'content-type': 'application/json' };

function largestResult(job) {
  const segments = Array.from({ length: 50_000 }, (_, i) => ({
    start: i * 2,
    end: i * 2 + 2,
    text: ` segment ${i} of a long recording, words words`,
  }));
  return JSON.stringify({
    runner_id: 'bench',
    lease_id: job.lease_id,
    text: segments
      .map((segment) => segment.text)
      .join('')
      .slice(0, 2_900_000),
    segments,
    processing_time_seconds: 1,
  });
}

await withDatabase(async (databaseUrl) => {
  const server = await startServer(databaseUrl, { UPLOAD_RATE_LIMIT: '0', MIN_FREE_DISK_MB: '0', AUTO_ACTIVATE_USERS: 'true' });
  try {
    const { execFileSync } = await import('node:child_process');
    const token = execFileSync(process.execPath, ['dist/apps/server/src/cli/token.js', '--email', 'bench@example.com'], {
      env: { PATH: process.env.PATH, DATA_DIR: server.dataDir },
      encoding: 'utf8',
    }).trim();
    const wav = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'), Buffer.alloc(2000)]);
    for (let i = 0; i < JOBS; i++) {
      const form = new FormData();
      form.append('file', new Blob([wav]), `job-${i}.wav`);
      const response = await fetch(`${server.url}/api/audio/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      if (response.status !== 201) throw new Error(`upload answered ${response.status}`);
    }
    const jobs = await (
      await fetch(`${server.url}/api/runner/jobs/claim`, {
        method: 'POST',
        headers: RUNNER,
        body: JSON.stringify({ runner_id: 'bench', limit: JOBS }),
      })
    ).json();

    const healthWaits = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        await fetch(`${server.url}/health`);
        healthWaits.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const completionMs = [];
    let bodyBytes = 0;
    for (const job of jobs) {
      const body = largestResult(job);
      bodyBytes = Buffer.byteLength(body);
      const started = performance.now();
      const response = await fetch(`${server.url}/api/runner/jobs/${job.id}/complete`, { method: 'POST', headers: RUNNER, body });
      if (response.status !== 200) throw new Error(`complete answered ${response.status}: ${await response.text()}`);
      completionMs.push(performance.now() - started);
    }
    probing = false;
    await probe;
    const sorted = (xs) => [...xs].sort((a, b) => a - b);
    const ms = (x) => `${Math.round(x)} ms`;
    const waits = sorted(healthWaits);
    const completions = sorted(completionMs);
    console.log(`
completion load: ${jobs.length} completions of ${(bodyBytes / 1024 / 1024).toFixed(1)} MB (50,000 segments), ${machine()}
| | p50 | p99 | max |
|---|---|---|---|
| complete (request → 200) | ${ms(percentile(completions, 50))} | ${ms(percentile(completions, 99))} | ${ms(completions.at(-1))} |
| /health meanwhile (${waits.length} probes) | ${ms(percentile(waits, 50))} | ${ms(percentile(waits, 99))} | ${ms(waits.at(-1))} |
`);
  } finally {
    await server.stop();
  }
});
