import { BadRequestException, type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import bodyParser from 'body-parser';
import type { Request, RequestHandler, Response } from 'express';

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
    for (const item of value) assertJsonDepth(item, maxDepth, depth + 1);
    return;
  }
  for (const key in value) assertJsonDepth((value as Record<string, unknown>)[key], maxDepth, depth + 1);
}

/**
 * Reads a JSON body, with its route's size limit (JsonBodyLimit, else DEFAULT_JSON_BODY_BYTES),
 * and refuses one nested too deeply. It is the last guard of every route that takes a body, after
 * the guard that authenticates the caller, so an unauthenticated request never makes the server
 * read or parse its body; and only the routes that need big bodies take them.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  private readonly parsers = new Map<number, RequestHandler>();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (request.body === undefined && request.is('application/json')) {
      const limit =
        this.reflector.getAllAndOverride<number | undefined>(JSON_BODY_LIMIT, [context.getHandler(), context.getClass()]) ??
        DEFAULT_JSON_BODY_BYTES;
      await this.parse(request, http.getResponse<Response>(), limit);
      assertJsonDepth(request.body);
    }
    return true;
  }

  private parse(request: Request, response: Response, limit: number): Promise<void> {
    let parser = this.parsers.get(limit);
    if (!parser) {
      parser = bodyParser.json({ limit });
      this.parsers.set(limit, parser);
    }
    const parse = parser;
    return new Promise((resolve, reject) => {
      parse(request, response, (error?: unknown) => {
        if (error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error('the request body could not be read'));
      });
    });
  }
}
