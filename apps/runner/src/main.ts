import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, createLogger, loadDotEnv, onShutdownSignal } from '@app/contracts';
import { loadRunnerConfig } from './config/runner-config.js';
import { RunnerModule } from './runner.module.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadRunnerConfig();
  Logger.overrideLogger(createLogger('runner', config.logFormat));
  const logger = new Logger('Bootstrap');
  const app = await NestFactory.create(RunnerModule.forRoot(config), {
    logger: createLogger('runner', config.logFormat),
  });
  onShutdownSignal(logger, () => app.close());
  await app.listen(config.runnerPort);
  logger.log(
    `runner ${config.runnerId} up (health on http://localhost:${config.runnerPort}/health), server ${config.serverUrl}: idle`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
