import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadRunnerConfig } from '../config/runner-config.js';
import { JobProcessor } from './job-processor.js';

describe('JobProcessor scratch clean-up at boot', () => {
  it('removes job folders older than any job may run, and keeps recent ones', async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'ws-work-'));
    try {
      const config = loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16), WORK_DIR: workDir, JOB_TIMEOUT_SECONDS: '600' });
      const stale = path.join(workDir, 'killed-job');
      const current = path.join(workDir, 'other-runners-job');
      for (const dir of [stale, current]) {
        await mkdir(dir);
        await writeFile(path.join(dir, 'audio.wav'), 'x');
      }
      const hourAgo = new Date(Date.now() - 3600_000);
      await utimes(stale, hourAgo, hourAgo);
      // Clean-up needs only the config; the collaborators are not touched.
      const unused = undefined as never;
      const processor = new JobProcessor(config, unused, unused, unused, unused, unused);
      await processor.onModuleInit();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(current)).toBe(true);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
