import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import type { RequestWithId } from './request-id.middleware.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  request_id?: string;
}

/** Errors thrown by Express middleware (body-parser) carry their HTTP status like this. */
interface ExpressError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

/**
 * Turns every error into the one body shape of docs/api.md:
 * `{statusCode, error, message}` (plus the request id). Unexpected errors become a 500 with a
 * generic message; their details go to the log, never to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<RequestWithId>();
    const response = context.getResponse<Response>();
    const body = this.toBody(exception);
    body.request_id = request.id;
    if (body.statusCode >= 500) {
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
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const error =
        (typeof response === 'object' && typeof (response as { error?: unknown }).error === 'string'
          ? (response as { error: string }).error
          : undefined) ?? STATUS_CODES[statusCode] ?? 'Error';
      return { statusCode, error, message: messageOf(response) ?? exception.message };
    }
    const expressError = exception as ExpressError | undefined;
    const status = expressError?.statusCode ?? expressError?.status;
    if (typeof status === 'number' && status >= 400 && status < 500 && expressError?.expose !== false) {
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: expressError?.message ?? 'Bad request' };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'An unexpected error occurred; it has been logged with this request id',
    };
  }
}
