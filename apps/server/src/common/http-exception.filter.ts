import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DatabaseUnavailableException,
  isDatabaseUnavailable,
  sqlState,
} from '../database/database-errors.js';
import { NotConfiguredException } from './not-configured.exception.js';
import type { RequestWithId } from './request-id.middleware.js';

const INTERNAL_SERVER_ERROR: number = HttpStatus.INTERNAL_SERVER_ERROR;
const SERVICE_UNAVAILABLE: number = HttpStatus.SERVICE_UNAVAILABLE;

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** The message again: the original web app shows `detail`. */
  detail: string;
  request_id?: string;
}

/** Errors thrown by Express middleware (body-parser) carry their HTTP status like this. */
interface ExpressError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  limit?: number;
  message?: string;
}

function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

function body(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, detail: message };
}

/**
 * Turns every error into the one body shape of docs/api.md: `{statusCode, error, message, detail}` (plus
 * the request id). A database outage, or a deadlock, is a 503 with Retry-After; a statement refused by a
 * constraint is a 4xx; anything else unexpected is a 500 with a generic message. Details (SQL,
 * addresses, stacks) go to the log, never to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<RequestWithId>();
    const response = context.getResponse<Response>();
    const errorBody = this.toBody(exception);
    errorBody.request_id = request.id;
    if (errorBody.statusCode === INTERNAL_SERVER_ERROR) {
      this.logger.error(
        { request_id: request.id, method: request.method, path: request.originalUrl, error: String(exception) },
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (response.headersSent) {
      // A streamed download broke half-way: all we can do is end the connection.
      response.destroy();
      return;
    }
    const waitingHelps = !(exception instanceof NotConfiguredException);
    if (errorBody.statusCode === SERVICE_UNAVAILABLE && waitingHelps && !response.getHeader('Retry-After')) {
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    }
    response.status(errorBody.statusCode).json(errorBody);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const error =
        (typeof response === 'object' && typeof (response as { error?: unknown }).error === 'string'
          ? (response as { error: string }).error
          : undefined) ??
        STATUS_CODES[statusCode] ??
        'Error';
      const message = messageOf(response) ?? exception.message;
      return { statusCode, error, message, detail: message };
    }
    if (isDatabaseUnavailable(exception)) return this.toBody(new DatabaseUnavailableException());
    const state = sqlState(exception);
    if (state === '23505' || state === '23503') {
      return body(HttpStatus.CONFLICT, 'the request conflicts with data that changed meanwhile; reload and try again');
    }
    if (state?.startsWith('22')) return body(HttpStatus.BAD_REQUEST, 'a value in the request is out of range or malformed');
    // A deadlock or serialization failure: the other transaction went through; this one may simply be sent again.
    if (state === '40P01' || state === '40001') {
      return body(HttpStatus.SERVICE_UNAVAILABLE, 'the database was busy with a conflicting change; try again');
    }
    const expressError = exception as ExpressError | undefined;
    const status = expressError?.statusCode ?? expressError?.status;
    if (expressError?.type === 'entity.too.large' && expressError.limit) {
      return body(
        HttpStatus.PAYLOAD_TOO_LARGE,
        `the request body is larger than the ${formatBytes(expressError.limit)} this route accepts`,
      );
    }
    if (typeof status === 'number' && status >= 400 && status < 500 && expressError?.expose !== false) {
      return body(status, expressError?.message ?? 'Bad request');
    }
    return body(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged with this request id');
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
