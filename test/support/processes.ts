import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_MAIN = path.join(ROOT, 'dist/apps/server/src/main.js');
export const RUNNER_MAIN = path.join(ROOT, 'dist/apps/runner/src/main.js');

export interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs a built entry point (what `npm run start:*` runs) with exactly the given environment. */
export function startProcess(main: string, env: Record<string, string>, args: string[] = [], cwd = ROOT): Started {
  const child = spawn(process.execPath, [main, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls `url` until it answers 200 (or the process dies, or the time runs out). */
export async function waitForHttp(url: string, started: Started, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${started.output()}`);
}

/** A TCP port that was free a moment ago on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until the process has printed `text` (or fails with what it printed). */
export async function waitForOutput(started: Started, text: string | RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const found = () => (typeof text === 'string' ? started.output().includes(text) : text.test(started.output()));
  while (!found()) {
    if (Date.now() > deadline) throw new Error(`no "${String(text)}" in the output within ${timeoutMs} ms:\n${started.output()}`);
    if (started.child.exitCode !== null)
      throw new Error(`process exited before printing "${String(text)}":\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops a process politely (SIGTERM, so it can stop its own children), then by force. */
export async function stopProcess(started: Started, graceMs = 15_000): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGTERM');
  let timeout: NodeJS.Timeout | undefined;
  const timer = new Promise((resolve) => (timeout = setTimeout(resolve, graceMs)));
  const outcome = await Promise.race([started.exited.then(() => 'exited'), timer]);
  clearTimeout(timeout); // a pending timer would keep the test process alive for the whole grace
  if (outcome !== 'exited') started.child.kill('SIGKILL');
}

/** Running, not just a zombie waiting to be reaped (a killed parent's orphans go to PID 1, which may never reap them). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
}
