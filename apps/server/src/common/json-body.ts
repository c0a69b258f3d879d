import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import bodyParser from 'body-parser';
import type { Request, RequestHandler, Response } from 'express';
import type { Observable } from 'rxjs';

/** What a JSON body may weigh unless its route says otherwise (every user and runner call but `complete`). */
export const DEFAULT_JSON_BODY_BYTES = 64 * 1024;
/** No body of this API nests deeper; deeper ones are refused before validation walks them. */
export const MAX_JSON_DEPTH = 8;

const JSON_BODY_LIMIT = 'json-body-limit';

/** This route accepts JSON bodies up to `bytes` (instead of DEFAULT_JSON_BODY_BYTES). */
export const JsonBodyLimit = (bytes: number) => SetMetadata(JSON_BODY_LIMIT, bytes);

/**
 * Throws 400 when `value` nests objects or arrays deeper than `maxDepth`. The walk stops at that
 * depth, so its recursion is bounded; it allocates nothing, which matters for results with tens
 * of thousands of segments.
 */
export function assertJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH, depth = 1): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > maxDepth) throw new BadRequestException(`the JSON body nests deeper than ${maxDepth} levels`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertJsonDepth(value[i], maxDepth, depth + 1);
    return;
  }
  for (const key in value) assertJsonDepth((value as Record<string, unknown>)[key], maxDepth, depth + 1);
}

/**
 * Reads JSON bodies only after the guards have let the request through (interceptors run after
 * guards, pipes after interceptors), so an unauthenticated caller never makes the server read or
 * parse a body; and with a per-route size limit, so only the routes that need big bodies take them.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  private readonly parsers = new Map<number, RequestHandler>();

  constructor(private readonly reflector: Reflector) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (request.body === undefined && request.is('application/json')) {
      const limit =
        this.reflector.getAllAndOverride<number | undefined>(JSON_BODY_LIMIT, [context.getHandler(), context.getClass()]) ??
        DEFAULT_JSON_BODY_BYTES;
      await this.parse(request, http.getResponse<Response>(), limit);
      assertJsonDepth(request.body);
    }
    return next.handle();
  }

  private parse(request: Request, response: Response, limit: number): Promise<void> {
    let parser = this.parsers.get(limit);
    if (!parser) {
      parser = bodyParser.json({ limit });
      this.parsers.set(limit, parser);
    }
    const parse = parser;
    return new Promise((resolve, reject) => {
      parse(request, response, (error?: unknown) => (error ? reject(error) : resolve()));
    });
  }
}
