import { rm } from 'node:fs/promises';
import type { EmbeddedDatabase } from '../apps/server/src/database/embedded-postgres.js';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { testDatabase?: { database: EmbeddedDatabase; dataDir: string } }).testDatabase;
  if (!started) return;
  await started.database.stop();
  await rm(started.dataDir, { recursive: true, force: true });
}
