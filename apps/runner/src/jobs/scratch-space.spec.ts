import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadRunnerConfig } from '../config/runner-config.js';
import { ScratchSpace } from './scratch-space.js';

describe('ScratchSpace at boot', () => {
  let workDir: string;
  beforeEach(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'ws-work-'));
  });
  afterEach(() => rm(workDir, { recursive: true, force: true }));

  const scratchFor = (runnerId: string) =>
    new ScratchSpace(
      loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16), WORK_DIR: workDir, RUNNER_ID: runnerId, JOB_TIMEOUT_SECONDS: '600' }),
    );

  it('empties its own folder however recent, keeps other runners’ current folders, removes stale ones', async () => {
    const own = path.join(workDir, 'gpu-1', 'job-a');
    const otherCurrent = path.join(workDir, 'gpu-2', 'job-b');
    const otherStale = path.join(workDir, 'gpu-3');
    for (const dir of [own, otherCurrent, otherStale]) {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'audio.wav'), 'x');
    }
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(otherStale, hourAgo, hourAgo);

    await scratchFor('gpu-1').onModuleInit();
    expect(existsSync(path.join(workDir, 'gpu-1'))).toBe(false);
    expect(existsSync(otherCurrent)).toBe(true);
    expect(existsSync(otherStale)).toBe(false);
  });

  it('stops a process a killed predecessor left working in its folder, and only that one', async () => {
    const own = path.join(workDir, 'gpu-1', 'job-a');
    const other = path.join(workDir, 'gpu-2', 'job-b');
    await mkdir(own, { recursive: true });
    await mkdir(other, { recursive: true });
    const sleeper = (file: string) => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', file], { stdio: 'ignore' });
    const orphan = sleeper(path.join(own, 'audio.wav'));
    const bystander = sleeper(path.join(other, 'audio.wav'));
    const orphanExit = new Promise((resolve) => orphan.once('exit', (_code, signal) => resolve(signal)));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // both are running
      await scratchFor('gpu-1').onModuleInit();
      expect(await orphanExit).toBe('SIGKILL');
      expect(bystander.exitCode).toBeNull();
      expect(bystander.signalCode).toBeNull();
    } finally {
      orphan.kill('SIGKILL');
      bystander.kill('SIGKILL');
    }
  });

  it('gives each claim of a job its own folder under the runner’s', async () => {
    const scratch = scratchFor('gpu-1');
    const job = { id: '0f6c2a52-47a5-4f4e-9b1e-2c7f3b1c9a10', lease_id: 'a1b2c3d4-0000-4000-8000-000000000000' };
    const dir = await scratch.forJob(job as never);
    expect(dir).toBe(path.join(workDir, 'gpu-1', '0f6c2a52-47a5-4f4e-9b1e-2c7f3b1c9a10-a1b2c3d4'));
    expect(existsSync(dir)).toBe(true);
  });
});
