import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { LogSettings } from './config/log-settings.js';
import { requestContext } from './request-context.js';

/** The levels LOG_LEVEL may name, most severe first. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const ORDER: LogLevel[] = ['fatal', ...LOG_LEVELS];

/** The levels at and above `level`. */
export function logLevels(level: LogLevelName): LogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1);
}

/**
 * The apps' logger: one JSON object per line in production (for log shippers), readable coloured
 * lines in development. A line logged while serving a request carries its id (`request_id` in
 * JSON, `[request …]` in readable lines), so one request can be followed through the server.
 */
class AppLogger extends ConsoleLogger {
  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]) {
    const requestId = requestContext.getStore()?.requestId;
    const logObject = super.getJsonLogObject(message, options);
    return requestId ? { ...logObject, request_id: requestId } : logObject;
  }

  protected override formatContext(context: string): string {
    const requestId = requestContext.getStore()?.requestId;
    const formatted = super.formatContext(context);
    return requestId ? `${formatted}[request ${requestId}] ` : formatted;
  }
}

export function createLogger(appName: string, settings: Pick<LogSettings, 'logFormat' | 'logLevel'>): ConsoleLogger {
  const json = settings.logFormat === 'json';
  return new AppLogger(appName, { json, colors: !json, logLevels: logLevels(settings.logLevel) });
}
