import { readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEST_MODEL } from './fixtures.js';
import { freePort, ROOT, RUNNER_MAIN, type Started, startProcess, stopProcess, waitForHttp } from './processes.js';
import { TEST_RUNNER_KEY } from './server.js';

export const FAKE_WHISPER = path.join(ROOT, 'test/support/fake-whisper-cli.mjs');

/** The pid of the first stand-in whisper started with FAKE_WHISPER_PID_DIR=`pidDir`, once it has started. */
export async function stubWhisperPid(pidDir: string, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (readdirSync(pidDir).length === 0) {
    if (Date.now() > deadline) throw new Error(`no stand-in whisper started within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Number(readdirSync(pidDir)[0]!.replace('.pid', ''));
}

export interface TestRunner extends Started {
  port: number;
  workDir: string;
  stop(): Promise<void>;
}

/**
 * The built runner (what `npm run start:runner` runs) against `serverUrl`, polling fast. Voice
 * activity detection is off unless `env` turns it on (VAD_ENABLED=true): most tests feed
 * synthetic audio (tones, silence) that is not speech, and expect whisper to hear all of it.
 */
export async function startRunner(serverUrl: string, env: Record<string, string> = {}): Promise<TestRunner> {
  const port = await freePort();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'ws-runner-'));
  await chmod(workDir, 0o755);
  const started = startProcess(RUNNER_MAIN, {
    SERVER_URL: serverUrl,
    RUNNER_API_KEY: TEST_RUNNER_KEY,
    RUNNER_PORT: String(port),
    POLL_INTERVAL_SECONDS: '0.3',
    HEARTBEAT_INTERVAL_SECONDS: '0.5',
    WHISPER_MODEL_PATH: TEST_MODEL,
    WHISPER_THREADS: '2',
    WORK_DIR: workDir,
    VAD_ENABLED: 'false',
    ...env,
  });
  await waitForHttp(`http://127.0.0.1:${port}/health`, started, 30_000);
  return {
    ...started,
    port,
    workDir,
    async stop() {
      await stopProcess(started, 30_000);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
