import type { LoggerService } from '@nestjs/common';

/**
 * Runs `stop` once on the first SIGTERM or SIGINT, then exits: 0 when it finished, 1 when it threw.
 * Both apps shut down this way so that Docker, systemd and Ctrl-C all get a clean stop. A process
 * started by a parent over an IPC channel (`npm start` starts the server and runner that way, each
 * in its own process group) also stops when that parent goes away, however it ended.
 */
export function onShutdownSignal(logger: LoggerService, stop: (reason: string) => Promise<void>): void {
  let stopping = false;
  const handle = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${reason}: stopping`);
    stop(reason).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => handle('SIGTERM'));
  process.once('SIGINT', () => handle('SIGINT'));
  if (process.channel) {
    process.once('disconnect', () => handle('parent process gone'));
    process.channel.unref(); // the channel alone does not keep the process alive
  }
}

/** A start-up failure whose message says all a person needs (no stack trace). */
export class StartupError extends Error {}

/** Turns "address in use" when listening on `port` into a one-line StartupError naming `variable`. */
export function explainListenError(error: unknown, variable: string, port: number): unknown {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new StartupError(
      `${variable}=${port} is already in use by another program: stop it, or set ${variable} to a free port`,
    );
  }
  if ((error as NodeJS.ErrnoException).code === 'EACCES') {
    return new StartupError(`${variable}=${port} needs privileges this process lacks: set ${variable} to a port above 1023`);
  }
  return error;
}
