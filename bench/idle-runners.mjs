#!/usr/bin/env node
// `npm run bench:idle-runners`: what 200 idle runners cost the server, over 60 s, with nothing to
// do: long-polling claims (CLAIM_WAIT_SECONDS=25, the runner's default) vs plain polling every
// 10 s (CLAIM_WAIT_SECONDS=0). The runners are simulated by one process making the calls a runner
// makes (claim, and a heartbeat every 20 s, its default), each runner on its own keep-alive
// connection, started at random moments within the first poll interval. The built server runs as
// a process; its CPU time and resident memory are read from /proc (Linux).
//   node bench/idle-runners.mjs [--runners 200] [--seconds 60]
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { machine, RUNNER_KEY, startServer, withDatabase } from './support.mjs';

const { values } = parseArgs({
  options: { runners: { type: 'string', default: '200' }, seconds: { type: 'string', default: '60' } },
});
const RUNNERS = Number(values.runners);
const SECONDS = Number(values.seconds);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) and resident MiB of a process. */
function usage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  return { cpu, rss };
}

function post(url, body, agent) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { authorization: `Bearer ${RUNNER_KEY}`, 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

async function measure(databaseUrl, waitSeconds) {
  const server = await startServer(databaseUrl);
  let running = true;
  let claims = 0;
  const runner = async (n) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const id = `idle-${n}`;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10_000));
    let nextHeartbeat = 0;
    while (running) {
      if (Date.now() >= nextHeartbeat) {
        await post(
          `${server.url}/api/runner/heartbeat`,
          { runner_id: id, current_jobs: 0, max_concurrent_jobs: 2, job_ids: [] },
          agent,
        );
        nextHeartbeat = Date.now() + 20_000;
      }
      await post(`${server.url}/api/runner/jobs/claim`, { runner_id: id, limit: 2, wait_seconds: waitSeconds }, agent);
      claims += 1;
      if (waitSeconds === 0) await new Promise((resolve) => setTimeout(resolve, 10_000));
    }
    agent.destroy();
  };
  const all = Array.from({ length: RUNNERS }, (_, n) => runner(n).catch(() => undefined));
  await new Promise((resolve) => setTimeout(resolve, 12_000)); // every runner is in its rhythm
  const start = usage(server.child.pid);
  const claimsBefore = claims;
  let peak = start.rss;
  const sampler = setInterval(() => (peak = Math.max(peak, usage(server.child.pid).rss)), 1000);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  clearInterval(sampler);
  const end = usage(server.child.pid);
  running = false;
  await server.stop();
  await Promise.all(all);
  return { cpuPercent: ((end.cpu - start.cpu) / SECONDS) * 100, rss: end.rss, peak, claims: claims - claimsBefore };
}

console.log(`machine: ${machine()}; ${RUNNERS} idle runners, measured over ${SECONDS} s\n`);
await withDatabase(async (databaseUrl) => {
  for (const [name, wait] of [
    ['long-poll (CLAIM_WAIT_SECONDS=25)', 25],
    ['plain polling every 10 s (CLAIM_WAIT_SECONDS=0)', 0],
  ]) {
    const result = await measure(databaseUrl, wait);
    console.log(
      `${name}: server CPU ${result.cpuPercent.toFixed(1)} % of one core, RSS ${result.rss.toFixed(0)} MiB ` +
        `(peak ${result.peak.toFixed(0)} MiB), ${result.claims} claims answered`,
    );
  }
});
