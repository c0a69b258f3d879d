#!/usr/bin/env node
// `npm run bench:web`: the web app's budgets. (1) The JavaScript a first visit loads (the entry
// script and the modules index.html preloads), gzipped as a server would send it; goal ≤ 200 KB.
// (2) First page usable on loopback: from navigation to the list showing its newest row, in a
// fresh Chromium context (nothing cached), median of --runs; goal < 1 s. (3) A list of 1,000
// transcriptions: the page's frames while scrolling a full page of rows, and switching pages.
// The built server (serving dist/web) runs on a fresh database; the transcriptions are real
// uploads (no runner: they stay pending).
//   node bench/web-budget.mjs [--runs 10] [--rows 1000]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { machine, percentile, ROOT, startServer, tokenFor, toneWav, withDatabase } from './support.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, rows: { type: 'string', default: '1000' } } });
const WEB = path.join(ROOT, 'dist/web');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function initialAssets() {
  const html = readFileSync(path.join(WEB, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ];
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)];
  const size = (matches) =>
    matches.reduce(
      (sum, [, href]) => {
        const file = readFileSync(path.join(WEB, href));
        return { raw: sum.raw + file.length, gzip: sum.gzip + gzipSync(file, { level: 6 }).length, files: sum.files + 1 };
      },
      { raw: 0, gzip: 0, files: 0 },
    );
  return { js: size(scripts), css: size(styles) };
}

/* global requestAnimationFrame, document, window -- scrollFrames runs in the page */
/** Frame times while the page scrolls from top to bottom in small steps. */
async function scrollFrames(page) {
  return page.evaluate(async () => {
    const frames = [];
    let last = performance.now();
    let done = false;
    const tick = (now) => {
      frames.push(now - last);
      last = now;
      if (!done) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const height = document.documentElement.scrollHeight;
    for (let y = 0; y < height; y += 120) {
      window.scrollTo(0, y);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    done = true;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return frames.slice(1);
  });
}

const assets = initialAssets();
console.log(`machine: ${machine()}\n`);
console.log(`initial JavaScript: ${assets.js.files} files, ${kb(assets.js.raw)} raw, ${kb(assets.js.gzip)} gzip (goal ≤ 200 KB)`);
console.log(`initial CSS: ${kb(assets.css.raw)} raw, ${kb(assets.css.gzip)} gzip`);

await withDatabase(async (databaseUrl) => {
  const server = await startServer(databaseUrl, { UPLOAD_RATE_LIMIT: '0' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const token = tokenFor(server.dataDir);
    const rows = Number(values.rows);
    const audio = toneWav(0.5);
    for (let i = 0; i < rows; i++) {
      const form = new FormData();
      form.append('file', new Blob([audio]), `meeting-${String(i).padStart(4, '0')}.wav`);
      const response = await fetch(`${server.url}/api/audio/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      if (response.status !== 201) throw new Error(`upload ${i}: ${response.status} ${await response.text()}`);
    }
    const newest = `meeting-${String(rows - 1).padStart(4, '0')}.wav`;

    const loads = [];
    let firstVisitScripts;
    for (let run = 0; run < Number(values.runs); run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript((value) => localStorage.setItem('ws.token', value), token);
      const page = await context.newPage();
      const scripts = [];
      page.on('requestfinished', (request) => {
        if (request.resourceType() === 'script') scripts.push(request.sizes().then((sizes) => sizes.responseBodySize));
      });
      const started = performance.now();
      await page.goto(server.url);
      await page.getByText(newest, { exact: true }).first().waitFor();
      loads.push(performance.now() - started);
      if (run === 0)
        firstVisitScripts = { files: scripts.length, bytes: (await Promise.all(scripts)).reduce((a, b) => a + b, 0) };
      await context.close();
    }
    loads.sort((a, b) => a - b);
    console.log(
      `first page usable (fresh context, ${rows} transcriptions, loopback): median ${percentile(loads, 50).toFixed(0)} ms, ` +
        `p90 ${percentile(loads, 90).toFixed(0)} ms, max ${loads.at(-1).toFixed(0)} ms over ${loads.length} loads (goal < 1 s)`,
    );
    console.log(
      `JavaScript of the first visit until the list shows (the server sends the build's Brotli copies): ` +
        `${firstVisitScripts.files} files, ${kb(firstVisitScripts.bytes)} transferred`,
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((value) => localStorage.setItem('ws.token', value), token);
    const page = await context.newPage();
    await page.goto(`${server.url}/?page_size=100`);
    await page.getByText(newest, { exact: true }).first().waitFor();
    const frames = (await scrollFrames(page)).sort((a, b) => a - b);
    console.log(
      `scrolling the list: ${frames.length} frames, median ${percentile(frames, 50).toFixed(1)} ms, ` +
        `longest ${frames.at(-1).toFixed(1)} ms, ${frames.filter((frame) => frame > 50).length} over 50 ms`,
    );
    const switches = [];
    for (let target = 2; target <= Math.min(6, Math.ceil(rows / 100)); target++) {
      const started = performance.now();
      await page.getByRole('button', { name: String(target), exact: true }).click();
      await page
        .getByText(`meeting-${String(rows - 1 - (target - 1) * 100).padStart(4, '0')}.wav`, { exact: true })
        .first()
        .waitFor();
      switches.push(performance.now() - started);
    }
    switches.sort((a, b) => a - b);
    console.log(`switching pages of 100: median ${percentile(switches, 50).toFixed(0)} ms, max ${switches.at(-1).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
