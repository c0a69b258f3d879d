import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The levels at and above LOG_LEVEL (error | warn | log | debug | verbose; default log). */
export function logLevels(level = process.env.LOG_LEVEL ?? 'log'): LogLevel[] {
  const index = ORDER.indexOf(level as LogLevel);
  return ORDER.slice(0, index < 0 ? ORDER.indexOf('log') + 1 : index + 1);
}

/**
 * The apps' logger: one JSON object per line in production (for log shippers), readable
 * coloured lines in development.
 */
export function createLogger(appName: string, format: 'json' | 'pretty'): ConsoleLogger {
  return new ConsoleLogger(appName, { json: format === 'json', colors: format === 'pretty', logLevels: logLevels() });
}
