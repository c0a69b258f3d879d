#!/usr/bin/env node
// Builds whisper.cpp's `whisper-cli` from the source that the nodejs-whisper package ships.
// WHISPER_DEVICE=cuda adds -DGGML_CUDA=1 (WHISPER_CUDA_ARCHITECTURES picks the GPU generations). The result is reused while the source version and
// device are unchanged (a stamp file records them), so calling this again is cheap.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const device = (process.env.WHISPER_DEVICE ?? process.env.FASTER_WHISPER_DEVICE ?? 'cpu').toLowerCase();
if (device !== 'cpu' && device !== 'cuda') {
  console.error(`WHISPER_DEVICE must be "cpu" or "cuda", got "${device}"`);
  process.exit(2);
}
const pkgDir = path.dirname(require.resolve('nodejs-whisper/package.json'));
const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const sourceDir = path.join(pkgDir, 'cpp', 'whisper.cpp');
const outDir = path.resolve(process.env.WHISPER_BUILD_DIR ?? path.join('.whisper', device));
const binary = path.join(outDir, 'whisper-cli');
const stampFile = path.join(outDir, 'build.json');
const stamp = { nodejs_whisper: version, device };

if (existsSync(binary) && existsSync(stampFile)) {
  const previous = JSON.parse(readFileSync(stampFile, 'utf8'));
  if (previous.nodejs_whisper === stamp.nodejs_whisper && previous.device === stamp.device) {
    console.log(`whisper-cli already built (${device}, nodejs-whisper ${version}): ${binary}`);
    process.exit(0);
  }
}

const cmakeDir = path.join(outDir, 'cmake');
mkdirSync(cmakeDir, { recursive: true });
const run = (args) => {
  console.log(`$ cmake ${args.join(' ')}`);
  const result = spawnSync('cmake', args, { stdio: 'inherit' });
  if (result.error) {
    console.error(`cmake could not be started (${result.error.message}); install cmake and a C++ compiler`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run([
  '-S',
  sourceDir,
  '-B',
  cmakeDir,
  '-DCMAKE_BUILD_TYPE=Release',
  '-DBUILD_SHARED_LIBS=OFF', // one self-contained binary: copied into images without its libs
  '-DWHISPER_BUILD_TESTS=OFF',
  '-DWHISPER_BUILD_SERVER=OFF',
  '-DWHISPER_SDL2=OFF',
  '-DWHISPER_CURL=OFF',
  // A portable binary by default: images and CI machines differ from the build host.
  `-DGGML_NATIVE=${process.env.WHISPER_NATIVE === '1' ? 'ON' : 'OFF'}`,
  ...(device === 'cuda' ? ['-DGGML_CUDA=1'] : []),
  // e.g. "75;80;86;89;90" for an image that must run on several GPU generations
  ...(device === 'cuda' && process.env.WHISPER_CUDA_ARCHITECTURES
    ? [`-DCMAKE_CUDA_ARCHITECTURES=${process.env.WHISPER_CUDA_ARCHITECTURES}`]
    : []),
]);
const jobs = String(Math.max(1, Number(process.env.WHISPER_BUILD_JOBS ?? cpus().length)));
run(['--build', cmakeDir, '--config', 'Release', '--target', 'whisper-cli', '-j', jobs]);

copyFileSync(path.join(cmakeDir, 'bin', 'whisper-cli'), binary);
chmodSync(binary, 0o755);
writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n');
console.log(`built ${binary}`);
