import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, createLogger, explainListenError, loadDotEnv, onShutdownSignal, StartupError } from '@app/runtime';
import { loadRunnerConfig } from './config/runner-config.js';
import { PreflightError } from './preflight.js';
import { RunnerModule } from './runner.module.js';
import { ModelUnavailableError } from './whisper/whisper-model.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadRunnerConfig();
  Logger.overrideLogger(createLogger('runner', config));
  const logger = new Logger('Bootstrap');
  const app = await NestFactory.create(RunnerModule.forRoot(config), {
    logger: createLogger('runner', config),
    abortOnError: false, // a failed preflight reaches main() and is reported plainly
  });
  onShutdownSignal(logger, () => app.close());
  await app.listen(config.runnerPort).catch(async (error: unknown) => {
    await app.close();
    throw explainListenError(error, 'RUNNER_PORT', config.runnerPort);
  });
  logger.log(
    `runner ${config.runnerId} up (health on http://localhost:${config.runnerPort}/health), polling ${config.serverUrl} every ${config.pollIntervalSeconds} s`,
  );
}

main().catch((error: unknown) => {
  const plain =
    error instanceof ConfigError ||
    error instanceof StartupError ||
    error instanceof PreflightError ||
    error instanceof ModelUnavailableError;
  console.error(plain ? error.message : error);
  process.exit(1);
});
