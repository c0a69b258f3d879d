import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { ClaimedJobDto } from '@app/contracts';
import { RunnerConfig } from '../config/runner-config.js';

/**
 * The runner's scratch space: `WORK_DIR/<RUNNER_ID>/<job>-<lease>/` per job, removed after every
 * job. A runner that starts holds no job, so whatever is under its own folder was left by a
 * predecessor that was killed: at boot the processes still working there (whisper-cli and ffmpeg
 * run in process groups of their own and outlive a killed runner) are stopped and the folder is
 * emptied. Other entries of WORK_DIR (other runners on this machine) are removed only once they
 * are older than any job may run.
 */
@Injectable()
export class ScratchSpace implements OnModuleInit {
  private readonly logger = new Logger(ScratchSpace.name);

  constructor(private readonly config: RunnerConfig) {}

  get runnerDir(): string {
    return path.resolve(this.config.workDir, this.config.runnerId);
  }

  /** A fresh folder for one claim of a job. */
  async forJob(job: ClaimedJobDto): Promise<string> {
    const dir = path.join(this.runnerDir, `${job.id}-${job.lease_id.slice(0, 8)}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async onModuleInit(): Promise<void> {
    const stopped = await stopProcessesUsing(this.runnerDir);
    if (stopped.length)
      this.logger.warn(`stopped ${stopped.length} process(es) left running by a killed runner: ${stopped.join(', ')}`);
    await rm(this.runnerDir, { recursive: true, force: true });
    const cutoff = Date.now() - (this.config.jobTimeoutSeconds + 60) * 1000;
    for (const name of await readdir(this.config.workDir).catch(() => [] as string[])) {
      const entry = path.join(this.config.workDir, name);
      const info = await stat(entry).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(entry, { recursive: true, force: true });
    }
  }
}

/** Kills (SIGKILL) the processes whose command line names a path under `dir` (Linux's /proc; elsewhere none). */
async function stopProcessesUsing(dir: string): Promise<number[]> {
  const prefix = `${dir}${path.sep}`;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name)).map(Number);
  const stopped: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!args.some((arg) => arg.startsWith(prefix))) continue;
    try {
      process.kill(pid, 'SIGKILL');
      stopped.push(pid);
    } catch {
      // it ended meanwhile
    }
  }
  return stopped;
}
