import { ServiceUnavailableException } from '@nestjs/common';

/** Seconds a client is asked to wait (Retry-After) while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Error codes that mean "the database cannot be reached or answered in time", not "this request
 * is wrong": socket errors, PostgreSQL's connection-exception class (08), shutdown and start-up
 * (57P01-57P03), too many connections (53300) and statement timeouts (57014).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '57014',
  '53300',
]);

/** What node-postgres and its pool say when a connection dies or a timeout fires. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Client has encountered a connection error/i,
  /Connection is not established/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

function related(error: object): unknown[] {
  const { driverError, cause, errors } = error as { driverError?: unknown; cause?: unknown; errors?: unknown };
  return [driverError, cause, ...(Array.isArray(errors) ? (errors as unknown[]) : [])];
}

/** True when `error` (or what it wraps) says the database is unreachable, shutting down or too slow. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return related(error).some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

/** The PostgreSQL error code (SQLSTATE) of a failed statement, if it is one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  return typeof driverError?.code === 'string' ? driverError.code : undefined;
}

/** 503 for a database outage: the client should try again after Retry-After. */
export class DatabaseUnavailableException extends ServiceUnavailableException {
  constructor() {
    super(`the database is unavailable right now; try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds`);
  }
}
