import { Global, Module } from '@nestjs/common';
import { TranscriptionsModule } from '../transcriptions/transcriptions.module.js';
import { MetricsController } from './metrics.controller.js';
import { QueueMetrics } from './queue-metrics.js';
import { ServerMetrics } from './server-metrics.js';

/** Global, so that any module counts into ServerMetrics without importing this one (and without import cycles). */
@Global()
@Module({
  imports: [TranscriptionsModule],
  controllers: [MetricsController],
  providers: [ServerMetrics, QueueMetrics],
  exports: [ServerMetrics],
})
export class MetricsModule {}
