import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { METRICS_CONTENT_TYPE, optionalBearerGuard } from '@app/runtime';
import { ServerConfig } from '../config/server-config.js';
import { ServerMetrics } from './server-metrics.js';

/** For Prometheus, not for API clients: left out of the OpenAPI document (docs/api.md describes it). */
@ApiExcludeController()
@UseGuards(optionalBearerGuard(ServerConfig, (config) => config.metricsToken, 'METRICS_TOKEN'))
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServerMetrics) {}

  @Get()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
