import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Histogram } from 'prom-client';
import { httpMetricsMiddleware } from './http-metrics.middleware.js';
import { ServerMetrics } from './server-metrics.js';

/** The histogram's _count series, as "method route status" → count. */
async function requestCounts(metrics: ServerMetrics): Promise<Record<string, number>> {
  const histogram = metrics.registry.getSingleMetric('whisper_server_http_request_duration_seconds') as Histogram;
  return Object.fromEntries(
    (await histogram.get()).values
      .filter((value) => value.metricName === 'whisper_server_http_request_duration_seconds_count')
      .map((value) => [`${value.labels.method} ${value.labels.route} ${value.labels.status}`, value.value]),
  );
}

describe('httpMetricsMiddleware', () => {
  it('labels requests by route template (not raw URL), mount path or "unmatched", and leaves out /metrics and /health', async () => {
    const metrics = new ServerMetrics();
    const app = express();
    app.use(httpMetricsMiddleware(metrics));
    app.get('/api/transcriptions/:id', (_request, response) => response.json({}));
    app.delete('/api/transcriptions/:id', (_request, response) => response.status(204).end());
    app.use('/api/docs', (_request, response) => response.send('ui'));
    app.get(['/health', '/metrics'], (_request, response) => response.send('ok'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const [method, path] of [
        ['GET', '/api/transcriptions/1'],
        ['GET', '/api/transcriptions/2?format=srt'],
        ['DELETE', '/api/transcriptions/3'],
        ['GET', '/api/docs/swagger-ui.css'],
        ['GET', '/no/such/route'],
        ['GET', '/health'],
        ['GET', '/metrics'],
      ] as const) {
        await (await fetch(base + path, { method })).arrayBuffer();
      }
      // 'finish' fires once the last byte is handed to the socket: by now, for every response read.
      expect(await requestCounts(metrics)).toEqual({
        'GET /api/transcriptions/:id 200': 2,
        'DELETE /api/transcriptions/:id 204': 1,
        'GET /api/docs 200': 1,
        'GET unmatched 404': 1,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
