import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { JobStage } from '@app/contracts';
import { scrapeMetrics } from '@app/runtime';

/** How a job ended on this runner: completed, failed (reported to the server), released (handed back at shutdown), cancelled (by its owner, or lost to another runner). */
export type JobOutcome = 'completed' | 'failed' | 'released' | 'cancelled';

const TIMED_STAGES = [JobStage.Downloading, JobStage.Converting, JobStage.Transcribing, JobStage.Summarizing, JobStage.Uploading];

/**
 * The runner's metrics, served on its health port at /metrics. A registry of its own rather than
 * prom-client's global one, as on the server.
 */
@Injectable()
export class RunnerMetrics {
  private readonly registry = new Registry();
  private readonly registers = [this.registry];

  private readonly jobs = new Counter({
    name: 'whisper_runner_jobs_total',
    help: 'Jobs this runner finished, by outcome: completed, failed, released (handed back at shutdown), cancelled',
    labelNames: ['outcome'],
    registers: this.registers,
  });
  private readonly stages = new Histogram({
    name: 'whisper_runner_stage_duration_seconds',
    help: 'Time spent in each stage of a job, for stages that finished (not those cut short by a failure)',
    labelNames: ['stage'],
    // From a local download in milliseconds to an hour of audio transcribed on a CPU.
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: this.registers,
  });
  private readonly realTimeFactor = new Histogram({
    name: 'whisper_runner_whisper_real_time_factor',
    help: 'Transcription time divided by audio duration (below 1: faster than real time)',
    buckets: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5],
    registers: this.registers,
  });
  private readonly downloadBytes = new Counter({
    name: 'whisper_runner_download_bytes_total',
    help: 'Bytes of audio received from the server (resumed and retried downloads included)',
    registers: this.registers,
  });

  constructor() {
    // Every series exists from the start, so rate() and dashboards see a 0 rather than nothing.
    for (const outcome of ['completed', 'failed', 'released', 'cancelled'] satisfies JobOutcome[]) this.jobs.inc({ outcome }, 0);
    for (const stage of TIMED_STAGES) this.stages.zero({ stage });
  }

  jobFinished(outcome: JobOutcome): void {
    this.jobs.inc({ outcome });
  }

  stageFinished(stage: JobStage, seconds: number): void {
    this.stages.observe({ stage }, seconds);
  }

  /** One whisper run: `seconds` of work for `audioSeconds` of audio. */
  transcribed(seconds: number, audioSeconds: number): void {
    if (audioSeconds > 0) this.realTimeFactor.observe(seconds / audioSeconds);
  }

  downloaded(bytes: number): void {
    this.downloadBytes.inc(bytes);
  }

  /** Everything, in Prometheus text format (with the process's default metrics). */
  scrape(): Promise<string> {
    return scrapeMetrics(this.registry);
  }
}
