import { Controller, Get } from '@nestjs/common';
import { RunnerConfig } from '../config/runner-config.js';
import { Preflight } from '../preflight.js';
import { Poller } from '../jobs/poller.js';
import { SummaryClient } from '../summary/summary-client.js';
import { WhisperModel } from '../whisper/whisper-model.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly config: RunnerConfig,
    private readonly poller: Poller,
    private readonly preflight: Preflight,
    private readonly model: WhisperModel,
    private readonly summaries: SummaryClient,
  ) {}

  @Get()
  check() {
    return {
      status: 'healthy',
      service: 'runner',
      runner_id: this.config.runnerId,
      server_url: this.config.serverUrl,
      active_jobs: this.poller.activeJobIds(),
      max_concurrent_jobs: this.config.maxConcurrentJobs,
      last_successful_poll: this.poller.lastSuccessfulPoll?.toISOString() ?? null,
      whisper: {
        device: this.config.whisperDevice,
        cli: this.config.whisperCliPath,
        version: this.preflight.whisperVersion ?? null,
        model: this.model.path,
        model_name: this.config.modelName,
        models: this.config.modelNames,
      },
      summaries: this.summaries.enabled ? this.config.glmModel : null,
    };
  }
}
