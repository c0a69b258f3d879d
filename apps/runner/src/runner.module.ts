import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RunnerConfig } from './config/runner-config.js';
import { HealthController } from './health/health.controller.js';
import { JobProcessor } from './jobs/job-processor.js';
import { Poller } from './jobs/poller.js';
import { ScratchSpace } from './jobs/scratch-space.js';
import { Ffmpeg } from './media/ffmpeg.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { RunnerMetrics } from './metrics/runner-metrics.js';
import { Preflight } from './preflight.js';
import { ServerClient } from './server-client/server-client.js';
import { SummaryClient } from './summary/summary-client.js';
import { Transcriber } from './transcription/transcriber.js';
import { VoiceActivity } from './vad/voice-activity.js';
import { WhisperCli } from './whisper/whisper-cli.js';
import { WhisperModel } from './whisper/whisper-model.js';

@Module({})
export class RunnerModule {
  static forRoot(config: RunnerConfig): DynamicModule {
    return {
      module: RunnerModule,
      imports: [ScheduleModule.forRoot()],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: RunnerConfig, useValue: config },
        ServerClient,
        Ffmpeg,
        WhisperCli,
        WhisperModel,
        Preflight,
        Transcriber,
        VoiceActivity,
        SummaryClient,
        ScratchSpace,
        JobProcessor,
        Poller,
        RunnerMetrics,
      ],
    };
  }
}
