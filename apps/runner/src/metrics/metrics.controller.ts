import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { METRICS_CONTENT_TYPE, optionalBearerGuard } from '@app/runtime';
import { RunnerConfig } from '../config/runner-config.js';
import { RunnerMetrics } from './runner-metrics.js';

@UseGuards(optionalBearerGuard(RunnerConfig, (config) => config.metricsToken, 'METRICS_TOKEN'))
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: RunnerMetrics) {}

  @Get()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
