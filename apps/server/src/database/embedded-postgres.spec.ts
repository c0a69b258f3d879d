import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase, firstUntraversableDirectory } from './embedded-postgres.js';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('EmbeddedDatabase', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-embedded-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a cluster, keeps its data across a restart, and stops cleanly', async () => {
    const first = new EmbeddedDatabase(dataDir);
    const url = await first.start();
    expect(url).toMatch(/^postgresql:\/\/postgres:.+@127\.0\.0\.1:\d+\/whisper_summarizer$/);
    const [version] = (await query(url, 'SHOW server_version_num')) as { server_version_num: string }[];
    expect(Number(version?.server_version_num)).toBeGreaterThanOrEqual(180000);
    await query(url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
    await first.stop();
    expect(existsSync(path.join(first.clusterDir, 'postmaster.pid'))).toBe(false);
    await expect(query(url, 'SELECT 1')).rejects.toThrow();

    const second = new EmbeddedDatabase(dataDir);
    const secondUrl = await second.start();
    expect(await query(secondUrl, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    await second.stop();
  });

  it('recovers from a stale postmaster.pid left by a crash', async () => {
    const database = new EmbeddedDatabase(dataDir);
    // A pid that is certainly not a running postmaster, as after a crash and a reboot.
    await writeFile(path.join(database.clusterDir, 'postmaster.pid'), '999999\n' + database.clusterDir + '\n');
    const url = await database.start();
    expect(await query(url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    await database.stop();
  });

  it('supervises the postmaster: killed, it is started again on the same port and the URL works again', async () => {
    const database = new EmbeddedDatabase(dataDir);
    const url = await database.start();
    try {
      const first = database.pid!;
      process.kill(first, 'SIGKILL');
      const deadline = Date.now() + 30_000;
      let rows: unknown[] | undefined;
      while (!rows && Date.now() < deadline) {
        rows = await query(url, 'SELECT value FROM kept').catch(() => undefined);
        if (!rows) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(rows).toEqual([{ value: 'still here' }]);
      expect(database.pid).not.toBe(first);
    } finally {
      await database.stop();
    }
    // Stopped on purpose: not started again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await expect(query(url, 'SELECT 1')).rejects.toThrow();
    expect(existsSync(path.join(database.clusterDir, 'postmaster.pid'))).toBe(false);
  }, 60_000);
});

describe('firstUntraversableDirectory', () => {
  it('finds the closed directory on the way up, and nothing when all are open', async () => {
    const top = await mkdtemp(path.join(os.tmpdir(), 'ws-perm-'));
    try {
      await chmod(top, 0o755);
      const closed = path.join(top, 'closed');
      const inner = path.join(closed, 'inner');
      await mkdir(inner, { recursive: true });
      await chmod(closed, 0o700);
      expect(await firstUntraversableDirectory(inner)).toBe(closed);
      await chmod(closed, 0o711);
      expect(await firstUntraversableDirectory(inner)).toBe((await firstUntraversableDirectory(path.dirname(top))) ?? undefined);
    } finally {
      await rm(top, { recursive: true, force: true });
    }
  });
});
