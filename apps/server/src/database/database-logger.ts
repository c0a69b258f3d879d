import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors.js';

/**
 * TypeORM's messages through the app's logger. A failing statement is logged as an error with its
 * SQL, except when the database is simply unreachable: an outage fails every statement, and the
 * callers report it (a 503 per request, one line per state change for the periodic tasks).
 */
export class DatabaseLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Statements are not logged one by one.
  }

  logQueryError(error: string | Error, query: string): void {
    if (isDatabaseUnavailable(error)) {
      this.logger.debug(`statement failed, database unavailable: ${String(error)}`);
      return;
    }
    this.logger.error(`statement failed: ${String(error)}\n${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow statement (${time} ms): ${query}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    // The pool reports each idle connection that a database restart cut: routine, not a warning.
    if (level === 'warn' && !String(message).startsWith('Postgres pool raised an error')) this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
