import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { closeServerApp, createServerApp } from '@server/bootstrap.js';
import { loadServerConfig, type ServerConfig } from '@server/config/server-config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_RUNNER_KEY = 'test-runner-key-0123456789abcdef';

export interface TestServer {
  app: NestExpressApplication;
  url: string;
  config: ServerConfig;
  database: TestDatabase;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The real server app, as main.ts builds it, on its own fresh database and storage directory,
 * listening on a free port. `env` overrides settings (LEASE_SECONDS, MAX_UPLOAD_MB, …).
 */
export async function startTestServer(
  env: Record<string, string | undefined> = {},
  existing?: { database: TestDatabase; dataDir: string; port?: number },
): Promise<TestServer> {
  const database = existing?.database ?? (await createTestDatabase());
  const dataDir = existing?.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'ws-server-')));
  await chmod(dataDir, 0o755);
  const config = loadServerConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    RUNNER_API_KEY: TEST_RUNNER_KEY,
    LOG_LEVEL: process.env.LOG_LEVEL,
    ...env,
  });
  const app = await createServerApp(config, database.url);
  await app.listen(existing?.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    database,
    dataDir,
    async close() {
      await closeServerApp(app, 2000);
      if (!existing) {
        await database.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
