import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { HttpExceptionFilter } from '../common/http-exception.filter.js';

/** OpenAI's error body: what its SDKs read the message from. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null; job_id?: string };
}

const TYPES: Partial<Record<number, [type: string, code: string | null]>> = {
  [HttpStatus.UNAUTHORIZED]: ['invalid_request_error', 'invalid_api_key'],
  [HttpStatus.FORBIDDEN]: ['invalid_request_error', 'account_inactive'],
  [HttpStatus.NOT_FOUND]: ['invalid_request_error', 'not_found'],
  [HttpStatus.CONFLICT]: ['invalid_request_error', 'cancelled'],
  [HttpStatus.PAYLOAD_TOO_LARGE]: ['invalid_request_error', 'file_too_large'],
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ['invalid_request_error', 'unsupported_file'],
  [HttpStatus.TOO_MANY_REQUESTS]: ['rate_limit_error', 'rate_limit_exceeded'],
  [HttpStatus.BAD_GATEWAY]: ['server_error', 'transcription_failed'],
  [HttpStatus.SERVICE_UNAVAILABLE]: ['server_error', 'service_unavailable'],
  [HttpStatus.GATEWAY_TIMEOUT]: ['timeout', 'timeout'],
};

/** Thrown by the /v1 routes for an error with a `param` or a `job_id` to name. */
export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { param?: string; code?: string; type?: string; jobId?: string } = {},
  ) {
    super(message);
  }
}

/**
 * The /v1 routes answer errors as OpenAI does, `{"error":{"message","type","code","param"}}`, so
 * OpenAI's clients show the message. The status and message are those the rest of the API gives
 * (the app's own filter decides them, logging included); only the body's shape differs.
 */
@Catch()
export class OpenAiExceptionFilter implements ExceptionFilter {
  private readonly inner = new HttpExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof OpenAiError) {
      const [type, code] = TYPES[exception.status] ?? ['invalid_request_error', null];
      this.send(response, exception.status, {
        error: {
          message: exception.message,
          type: exception.extra.type ?? type,
          code: exception.extra.code ?? code,
          param: exception.extra.param ?? null,
          ...(exception.extra.jobId ? { job_id: exception.extra.jobId } : {}),
        },
      });
      return;
    }
    // Let the app's filter decide status, message and headers, then reshape what it would send.
    const original = response.json.bind(response);
    response.json = ((body: { statusCode?: number; message?: string }) => {
      response.json = original;
      const status = body.statusCode ?? response.statusCode;
      const [type, code] = TYPES[status] ?? (status >= 500 ? ['server_error', null] : ['invalid_request_error', null]);
      return original({ error: { message: body.message ?? 'error', type, code, param: null } } satisfies OpenAiErrorBody);
    }) as typeof response.json;
    this.inner.catch(exception, host);
  }

  private send(response: Response, status: number, body: OpenAiErrorBody): void {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(status).json(body);
  }
}
