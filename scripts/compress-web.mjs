#!/usr/bin/env node
// After `vite build`: a Brotli and a gzip copy of each text asset of the web app, made once here
// at the highest levels, so the server sends them compressed without compressing per request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const assets = path.resolve(process.env.WEB_OUT_DIR ?? path.join(import.meta.dirname, '../dist/web'), 'assets');
for (const name of readdirSync(assets)) {
  if (!/\.(js|css|svg|json|map)$/.test(name)) continue;
  const file = path.join(assets, name);
  const content = readFileSync(file);
  if (content.length < 1024) continue;
  writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
