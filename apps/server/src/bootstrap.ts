import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createLogger } from '@app/runtime';
import { AppModule } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { requestIdMiddleware } from './common/request-id.middleware.js';
import { createValidationPipe } from './common/validation.js';
import type { ServerConfig } from './config/server-config.js';
import { runMigrations } from './database/data-source.js';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { HeldRequests } from './events/held-requests.js';
import { WebPages } from './web/web-pages.js';

/**
 * Builds the server app exactly as production runs it (the e2e tests use this too): pending
 * migrations applied first, global validation, one error shape, CORS, OpenAPI at /api/docs, the
 * web app at / when it is built. JSON bodies are read by JsonBodyGuard, after authentication, not
 * by a global body parser.
 */
export async function createServerApp(config: ServerConfig, databaseUrl: string): Promise<NestExpressApplication> {
  if (config.migrationsRun) await runMigrations(databaseUrl);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    logger: createLogger('server', config),
    bodyParser: false,
  });
  app.use(requestIdMiddleware(config.logFormat));
  app.use(httpMetricsMiddleware(app.get(ServerMetrics)));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableCors({
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    exposedHeaders: ['Content-Disposition', 'Content-Range', 'Accept-Ranges', 'X-Request-Id', 'Retry-After'],
  });
  app.use(app.get(WebPages).middleware());
  app.set('trust proxy', config.trustProxySetting);
  app.disable('x-powered-by');
  // Node cuts requests after 5 minutes by default: too short for a large upload on a slow link.
  app.getHttpServer().requestTimeout = config.uploadTimeoutSeconds * 1000;
  setUpOpenApi(app);
  return app;
}

/**
 * Stops the server gracefully, in the right order: first HTTP — requests held open on purpose
 * (event streams, waiting claims) are ended, no new connections, in-flight requests finish, keep-alive connections are closed as soon as they fall idle (runners polling
 * often would otherwise hold them open), and after `graceMs` whatever is left is cut — and only
 * then the rest of the app (Nest's app.close() alone would close the database pool first, under
 * requests still running).
 */
export async function closeServerApp(app: NestExpressApplication, graceMs = 25_000): Promise<void> {
  const server = app.getHttpServer();
  app.get(HeldRequests).endAll(); // event streams and waiting claims would otherwise hold it open
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  } finally {
    clearInterval(idle);
    clearTimeout(deadline);
  }
  await app.close();
}

function setUpOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('whisper-summarizer server')
      .setDescription(
        'Uploads, transcriptions and the queue that runners claim jobs from. The contract these pages document is docs/api.md in the repository.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Supabase access token' }, 'user')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'RUNNER_API_KEY' }, 'runner')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
