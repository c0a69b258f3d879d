import type { ClaimedJobDto, RunnerJobDto, RunnerStatusDto } from '@app/contracts';
import type { Plain } from '../transcriptions/transcription-dto.js';
import type { ClaimedJob } from '../transcriptions/transcription.repository.js';
import type { Runner } from './runner.repository.js';

export function toRunnerStatusDto(runner: Runner): Plain<RunnerStatusDto> {
  return {
    id: runner.id,
    last_ping: runner.lastPing ? runner.lastPing.toISOString() : null,
    is_active: runner.isActive,
    current_jobs: runner.currentJobs,
    max_concurrent_jobs: runner.maxConcurrentJobs,
    leased_jobs: runner.leasedJobs,
    models: runner.models,
  };
}

export function toRunnerJobDto(job: ClaimedJob): Plain<RunnerJobDto> {
  return {
    id: job.id,
    file_name: job.fileName,
    language: job.language,
    content_type: job.contentType,
    file_size: job.fileSize,
    created_at: job.createdAt.toISOString(),
  };
}

export function toClaimedJobDto(job: ClaimedJob): Plain<ClaimedJobDto> {
  return {
    ...toRunnerJobDto(job),
    task: job.task,
    prompt: job.prompt,
    word_timestamps: job.wordTimestamps,
    temperature: job.temperature,
    vad: job.vad,
    model: job.model,
    lease_id: job.leaseId,
    lease_expires_at: job.leaseExpiresAt.toISOString(),
    attempt: job.attempt,
    sha256: job.sha256,
    kind: job.kind,
    summary_instruction: job.summaryInstruction,
    transcript: job.transcript,
  };
}
