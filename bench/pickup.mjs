#!/usr/bin/env node
// `npm run bench:pickup`: how long an upload waits before a runner takes it (upload → claimed),
// with the runner at its default configuration — long-polling claims (CLAIM_WAIT_SECONDS=25) —
// and with plain polling every POLL_INTERVAL_SECONDS (10, the default) for comparison. The built
// server and runner run as processes on a fresh database; the runner uses the stand-in whisper
// (only the pickup is measured). Both times come from the server's clock: created_at and
// started_at of each job. Uploads are spaced randomly over a poll interval (0–10 s), so they land
// anywhere in a polling runner's cycle.
//   node bench/pickup.mjs [--uploads 20] [--polling-uploads 15]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machine, percentile, ROOT, toneWav, withDatabase, withPipeline } from './support.mjs';

const { values } = parseArgs({
  options: { uploads: { type: 'string', default: '20' }, 'polling-uploads': { type: 'string', default: '15' } },
});

async function measure(databaseUrl, runnerEnv, uploads) {
  const env = {
    WHISPER_CLI_PATH: path.join(ROOT, 'test/support/fake-whisper-cli.mjs'),
    WHISPER_MODEL_PATH: path.join(ROOT, 'test/fixtures/models/for-tests-ggml-tiny.en.bin'),
    VAD_ENABLED: 'false', // a tone is not speech: whisper (the stand-in) runs as before VAD
    ...runnerEnv,
  };
  return withPipeline(databaseUrl, env, async ({ server, token }) => {
    const headers = { authorization: `Bearer ${token}` };
    const audio = toneWav();
    const pickups = [];
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the runner's first claim is out
    for (let i = 0; i < uploads; i++) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10_000));
      const form = new FormData();
      form.append('file', new Blob([audio]), 'memo.wav');
      const created = await (await fetch(`${server.url}/api/audio/upload`, { method: 'POST', headers, body: form })).json();
      for (;;) {
        const job = await (await fetch(`${server.url}/api/transcriptions/${created.id}`, { headers })).json();
        if (job.status === 'completed' || job.status === 'failed') {
          pickups.push(Date.parse(job.started_at) - Date.parse(job.created_at));
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return pickups.sort((a, b) => a - b);
  });
}

const format = (ms) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
console.log(`machine: ${machine()}\n`);
await withDatabase(async (databaseUrl) => {
  for (const [name, env, uploads] of [
    ['long-poll (default: CLAIM_WAIT_SECONDS=25)', {}, Number(values.uploads)],
    [
      'plain polling (CLAIM_WAIT_SECONDS=0, POLL_INTERVAL_SECONDS=10)',
      { CLAIM_WAIT_SECONDS: '0' },
      Number(values['polling-uploads']),
    ],
  ]) {
    const pickups = await measure(databaseUrl, env, uploads);
    console.log(
      `${name}: ${uploads} uploads, upload → claimed p50 ${format(percentile(pickups, 50))}, ` +
        `p90 ${format(percentile(pickups, 90))}, p99 ${format(percentile(pickups, 99))}, max ${format(pickups.at(-1))}`,
    );
  }
});
