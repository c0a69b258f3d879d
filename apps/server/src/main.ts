import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, createLogger, explainListenError, loadDotEnv, onShutdownSignal, StartupError } from '@app/runtime';
import { closeServerApp, createServerApp } from './bootstrap.js';
import { loadServerConfig } from './config/server-config.js';
import { EmbeddedDatabase } from './database/embedded-postgres.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadServerConfig();
  Logger.overrideLogger(createLogger('server', config)); // also for what logs before the app exists
  const logger = new Logger('Bootstrap');
  const embedded = config.databaseUrl ? undefined : new EmbeddedDatabase(config.dataDir);
  let app: Awaited<ReturnType<typeof createServerApp>> | undefined;
  onShutdownSignal(logger, async () => {
    if (app) await closeServerApp(app);
    await embedded?.stop();
  });

  try {
    const databaseUrl = config.databaseUrl ?? (await embedded!.start());
    app = await createServerApp(config, databaseUrl);
    await app.listen(config.port).catch((error: unknown) => {
      throw explainListenError(error, 'PORT', config.port);
    });
  } catch (error) {
    await app?.close();
    await embedded?.stop();
    throw error;
  }
  if (!config.runnerApiKey) {
    logger.warn('RUNNER_API_KEY is not set: the runner API refuses every request until it is');
  }
  logger.log(`server listening on http://localhost:${config.port} (OpenAPI: http://localhost:${config.port}/api/docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(error.message);
  } else {
    console.error('server failed to start:', error);
  }
  process.exit(1);
});
