import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, createLogger, loadDotEnv } from '@app/contracts';
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
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  await app.listen(config.runnerPort);
  logger.log(
    `runner ${config.runnerId} up (health on http://localhost:${config.runnerPort}/health), server ${config.serverUrl}: idle`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
