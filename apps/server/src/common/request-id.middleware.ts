import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { requestContext } from '@app/runtime';

const INCOMING_ID = /^[\w.-]{1,128}$/;
/** Requests made every few seconds by machines (health checks, runners polling and reporting): logged at debug level. */
const ROUTINE = /^\/health$|^\/api\/runner\/(heartbeat|jobs\/claim|jobs\/[^/]+\/progress)$/;

export interface RequestWithId extends Request {
  id?: string;
}

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, else a new UUID), echoes
 * it in the response, runs the request in a context holding it (so every line logged on its
 * behalf carries it), and logs one line per request when the response is finished (routine
 * machine traffic at debug level, so it does not bury what people need to see). Installed
 * before anything reads the body, so even a request with a malformed body has an id.
 */
export function requestIdMiddleware(format: 'json' | 'pretty'): RequestHandler {
  const logger = new Logger('HTTP');
  return (request: RequestWithId, response: Response, next: NextFunction) => {
    const incoming = request.header('x-request-id');
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    request.id = id;
    response.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const fields = {
        method: request.method,
        path: request.originalUrl.split('?')[0],
        status: response.statusCode,
        duration_ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
      };
      const line = format === 'json' ? fields : `${fields.method} ${fields.path} ${fields.status} ${fields.duration_ms}ms`;
      requestContext.run({ requestId: id }, () => {
        if (fields.status === 503)
          logger.warn(line); // an outage: reported, not a bug
        else if (fields.status >= 500) logger.error(line);
        else if (fields.status < 400 && ROUTINE.test(fields.path ?? '')) logger.debug(line);
        else logger.log(line);
      });
    });
    requestContext.run({ requestId: id }, next);
  };
}
