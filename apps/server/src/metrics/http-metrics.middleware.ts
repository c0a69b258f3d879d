import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ServerMetrics } from './server-metrics.js';

/** Scrapes and health probes come every few seconds from machines: timing them would only add noise. */
const UNTIMED = new Set(['/metrics', '/health']);

/**
 * The route a request matched, as its template (`/api/transcriptions/:id`), so that the label has
 * one value per route, not one per id. Requests served by mounted middleware (the OpenAPI UI's
 * files) are labelled by its mount path; requests no route matched, "unmatched".
 */
export function routeTemplate(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return request.baseUrl + path;
  return request.baseUrl || 'unmatched';
}

/** Times every request (but scrapes and health probes) from its arrival to its response's last byte. */
export function httpMetricsMiddleware(metrics: ServerMetrics): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (UNTIMED.has(request.path)) {
      next();
      return;
    }
    const started = performance.now();
    response.on('finish', () => {
      metrics.requestServed(request.method, routeTemplate(request), response.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}
