import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ServerConfig } from '../config/server-config.js';
import { installRoot } from './install-root.js';

/**
 * Paths that belong to the API, never to the web app (a new route outside these must be added
 * here, or the app's index.html would answer it).
 */
const API_PREFIXES = ['/api', '/health', '/metrics', '/v1'];
/** Vite's output: file names carry a content hash, so they never change. */
const ASSETS = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Compressed copies the build made beside each asset (scripts/compress-web.mjs), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The encodings a request accepts (`Accept-Encoding`, a q of 0 refuses one). */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    const refused = parameters.some((parameter) => /^\s*q=0(\.0*)?\s*$/.test(parameter));
    if (name && !refused) accepted.add(name);
  }
  return accepted;
}

/** Express matches routes whatever their case (/API/… reaches /api/…), so this check does too. */
const isApiPath = (urlPath: string) => {
  const lower = urlPath.toLowerCase();
  return API_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`));
};

/**
 * The page's Content-Security-Policy: its own scripts and styles only (inline styles for the UI
 * library), API calls to this server and, with a Supabase project, to Supabase's sign-in.
 */
export function contentSecurityPolicy(supabaseUrl?: string): string {
  const connect = ["'self'", ...(supabaseUrl ? [new URL(supabaseUrl).origin] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src ${connect}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the built web app (apps/web, built by Vite into dist/web, or WEB_DIR) at `/`: its files,
 * and index.html for any other GET outside the API, so that client routes (/transcriptions/…,
 * /shared/<token>) load the app. Without an index.html there, the server answers the API only.
 */
@Injectable()
export class WebPages {
  private readonly logger = new Logger(WebPages.name);
  /** Where index.html is; undefined: no web app to serve. */
  readonly directory: string | undefined;
  private readonly pageHeaders: Record<string, string>;
  /** `/assets/<name><suffix>` files that exist, read once at boot (asset names never change). */
  private readonly compressed = new Set<string>();

  constructor(config: ServerConfig) {
    const root = installRoot();
    const directory = config.webDirSetting
      ? path.resolve(config.webDirSetting)
      : root === undefined
        ? undefined
        : path.join(root, 'dist', 'web');
    if (directory !== undefined && existsSync(path.join(directory, 'index.html'))) {
      this.directory = directory;
      this.logger.log(`serving the web app from ${directory}`);
      const assets = path.join(directory, 'assets');
      if (existsSync(assets)) for (const name of readdirSync(assets)) this.compressed.add(`${ASSETS}${name}`);
    } else {
      this.logger.log(`no web app in ${directory ?? 'dist/web'} (no index.html): the server answers the API only`);
    }
    this.pageHeaders = {
      'Content-Security-Policy': contentSecurityPolicy(config.supabaseUrl),
      'Cache-Control': 'no-cache',
      // Share tokens live in page URLs: never hand them to another site.
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    };
  }

  /** Express middleware that serves the app (does nothing when there is none). */
  middleware(): RequestHandler {
    const directory = this.directory;
    if (directory === undefined) return (_request, _response, next) => next();
    const indexFile = path.join(directory, 'index.html');
    const files = express.static(directory, {
      index: false,
      redirect: false,
      fallthrough: true,
      setHeaders: (response, filePath) => this.setFileHeaders(response, directory, filePath),
    });
    return (request: Request, response: Response, next: NextFunction) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || isApiPath(request.path)) {
        next();
        return;
      }
      if (request.path.startsWith(ASSETS) && this.sendCompressed(request, response, directory)) return;
      files(request, response, () => {
        if (request.path.startsWith(ASSETS)) {
          next(); // a missing asset is the API's 404, never the page (HTML where a script was asked for)
          return;
        }
        response.sendFile(indexFile, { cacheControl: false, headers: this.pageHeaders }, (error?: Error) => {
          if (error && !response.headersSent) next();
        });
      });
    };
  }

  /** Sends the asset's Brotli or gzip copy when the client takes it; false when there is none. */
  private sendCompressed(request: Request, response: Response, directory: string): boolean {
    const accepted = acceptedEncodings(request.headers['accept-encoding']);
    const encoding = ENCODINGS.find(({ name, suffix }) => accepted.has(name) && this.compressed.has(request.path + suffix));
    if (!encoding) return false;
    response.vary('Accept-Encoding');
    response.type(path.extname(request.path));
    response.sendFile(
      path.join(directory, request.path + encoding.suffix),
      {
        cacheControl: false,
        headers: { 'Content-Encoding': encoding.name, 'Cache-Control': IMMUTABLE, 'X-Content-Type-Options': 'nosniff' },
      },
      (error?: Error) => {
        if (error && !response.headersSent) response.status(404).end();
      },
    );
    return true;
  }

  private setFileHeaders(response: Response, directory: string, filePath: string): void {
    if (filePath.endsWith('.html')) {
      for (const [name, value] of Object.entries(this.pageHeaders)) response.setHeader(name, value);
      return;
    }
    const underAssets = path.relative(directory, filePath).startsWith(`assets${path.sep}`);
    response.setHeader('Cache-Control', underAssets ? IMMUTABLE : 'no-cache');
    // The same URL is sent compressed to clients that take it (sendCompressed).
    if (underAssets) response.setHeader('Vary', 'Accept-Encoding');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
  }
}
