import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import type { EmbeddedDatabase } from '../apps/server/src/database/embedded-postgres.js';

type EmbeddedModule = typeof import('../apps/server/src/database/embedded-postgres.js');

/**
 * One real PostgreSQL for the whole run: the one DATABASE_URL points to, else an embedded one.
 * Each test file makes its own database on it (test/support/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  // Jest loads this file outside its module system, where the moduleNameMapper that maps
  // './x.js' to './x.ts' does not apply: load the source by its real file name.
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  const source = path.resolve(__dirname, '../apps/server/src/database/embedded-postgres.ts');
  const { EmbeddedDatabase: Database } = (await import(source)) as EmbeddedModule;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ws-test-pg-'));
  await chmod(dataDir, 0o755); // reachable by the postgres user when tests run as root
  const database = new Database(dataDir);
  process.env.TEST_DATABASE_URL = await database.start();
  (globalThis as { testDatabase?: { database: EmbeddedDatabase; dataDir: string } }).testDatabase = { database, dataDir };
}
