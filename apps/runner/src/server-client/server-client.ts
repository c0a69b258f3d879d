import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import type {
  ClaimedJobDto,
  CompleteJobDto,
  FailJobDto,
  HeartbeatResponseDto,
  JobStage,
  ProgressResponseDto,
  RunnerAudioDto,
} from '@app/contracts';
import { RunnerConfig } from '../config/runner-config.js';

/** The server answered that this runner no longer holds the job (409 stale lease, 404 deleted). */
export class LostJobError extends Error {}

/** The server could not be reached or answered 5xx: worth trying again later. */
export class ServerUnavailableError extends Error {}

const DOWNLOAD_ATTEMPTS = 5;
/** What a claim may take beyond its wait. */
const CLAIM_ANSWER_SECONDS = 30;

/** Everything the runner asks of the server, over HTTP with the runner key (axios, keep-alive). */
@Injectable()
export class ServerClient {
  private readonly http: AxiosInstance;

  constructor(private readonly config: RunnerConfig) {
    this.http = axios.create({
      baseURL: config.serverUrl,
      timeout: 30_000,
      headers: { authorization: `Bearer ${config.runnerApiKey}` },
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
      maxBodyLength: 50 * 1024 * 1024,
      maxContentLength: 50 * 1024 * 1024,
    });
  }

  /**
   * Up to `limit` jobs; with `waitSeconds`, the server holds the request until one arrives (or the
   * time is up: []). `signal` gives up waiting (shutdown).
   */
  claim(limit: number, waitSeconds = 0, signal?: AbortSignal): Promise<ClaimedJobDto[]> {
    return this.request(() =>
      this.http.post<ClaimedJobDto[]>(
        '/api/runner/jobs/claim',
        { runner_id: this.config.runnerId, limit, wait_seconds: waitSeconds, models: this.config.modelNames },
        { timeout: (waitSeconds + CLAIM_ANSWER_SECONDS) * 1000, signal },
      ),
    );
  }

  heartbeat(jobIds: string[]): Promise<HeartbeatResponseDto> {
    return this.post('/api/runner/heartbeat', {
      runner_id: this.config.runnerId,
      current_jobs: jobIds.length,
      max_concurrent_jobs: this.config.maxConcurrentJobs,
      job_ids: jobIds,
      models: this.config.modelNames,
    });
  }

  progress(job: ClaimedJobDto, progress: number, stage: JobStage): Promise<ProgressResponseDto> {
    return this.post(`/api/runner/jobs/${job.id}/progress`, {
      runner_id: this.config.runnerId,
      lease_id: job.lease_id,
      progress: Math.max(0, Math.min(100, Math.round(progress))),
      stage,
    });
  }

  complete(job: ClaimedJobDto, result: Omit<CompleteJobDto, 'runner_id' | 'lease_id'>): Promise<unknown> {
    return this.post(`/api/runner/jobs/${job.id}/complete`, {
      runner_id: this.config.runnerId,
      lease_id: job.lease_id,
      ...result,
    });
  }

  fail(job: ClaimedJobDto, failure: Omit<FailJobDto, 'runner_id' | 'lease_id'>): Promise<unknown> {
    return this.post(`/api/runner/jobs/${job.id}/fail`, { runner_id: this.config.runnerId, lease_id: job.lease_id, ...failure });
  }

  audioInfo(jobId: string): Promise<RunnerAudioDto> {
    return this.request(() => this.http.get(`/api/runner/audio/${jobId}`));
  }

  /**
   * Downloads a job's audio to `target`, resuming with a Range request after a dropped
   * connection, and checks the sha256 (when the server knows it). Returns the size. `onBytes`
   * hears of every chunk received, retried and resumed attempts included.
   */
  async downloadAudio(
    jobId: string,
    target: string,
    expectedSha256: string | null,
    signal?: AbortSignal,
    onBytes?: (bytes: number) => void,
  ): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const have = await stat(target).then(
        (info) => info.size,
        () => 0,
      );
      try {
        const response = await this.http.get<Readable>(`/api/runner/audio/${jobId}/download`, {
          responseType: 'stream',
          timeout: 0,
          signal,
          headers: have > 0 ? { range: `bytes=${have}-` } : {},
          validateStatus: (status) => status === 200 || status === 206 || status === 416,
        });
        if (response.status === 416) break; // we already have every byte
        // A 200 to a range request means the server sent the whole file: start over.
        const append = response.status === 206 && have > 0;
        const counted = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            onBytes?.(chunk.length);
            done(null, chunk);
          },
        });
        await pipeline(response.data, counted, createWriteStream(target, { flags: append ? 'a' : 'w' }), { signal });
        break;
      } catch (error) {
        if (signal?.aborted) throw error;
        const mapped = this.mapError(error);
        if (mapped instanceof LostJobError || attempt >= DOWNLOAD_ATTEMPTS) throw mapped;
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
    const hash = createHash('sha256');
    await pipeline(createReadStream(target), hash);
    const actual = hash.digest('hex');
    if (expectedSha256 && actual !== expectedSha256) {
      throw new Error(`the downloaded audio does not match its sha256 (expected ${expectedSha256}, got ${actual})`);
    }
    return (await stat(target)).size;
  }

  private post<T>(route: string, body: unknown): Promise<T> {
    return this.request(() => this.http.post<T>(route, body));
  }

  private async request<T>(send: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await send()).data;
    } catch (error) {
      throw this.mapError(error);
    }
  }

  private mapError(error: unknown): Error {
    if (!isAxiosError(error)) return error as Error;
    const status = error.response?.status;
    const message = (error.response?.data as { message?: string } | undefined)?.message ?? error.message;
    if (status === 404 || status === 409) return new LostJobError(message);
    if (status === undefined || status >= 500 || status === 429) {
      return new ServerUnavailableError(
        `server ${this.config.serverUrl} unavailable: ${status ?? error.code ?? ''} ${message}`.trim(),
      );
    }
    return new Error(`server refused the request (${status}): ${message}`);
  }
}
