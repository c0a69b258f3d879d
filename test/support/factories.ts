import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { JobStage, type Segment, TranscriptionStatus } from '@app/contracts';
import { userIdForEmail } from '@server/auth/access-token.js';
import { createDataSource } from '@server/database/data-source.js';
import { Database } from '@server/database/database.js';
import { RunnerRepository } from '@server/runner-queue/runner.repository.js';
import type { Transcription } from '@server/transcriptions/transcription.js';
import { type ClaimedJob, TranscriptionRepository } from '@server/transcriptions/transcription.repository.js';
import type { User } from '@server/users/user.js';
import { UserRepository } from '@server/users/user.repository.js';
import type { TestServer } from './server.js';

const ADMIN = { admin: true } as const;
const LEASE_SECONDS = 120;

export interface UploadOptions {
  owner?: User;
  fileName?: string;
  /** Also put an audio file with these bytes where the row says it is. */
  audio?: Buffer;
  language?: string;
  /** The whisper model the job names (routing). */
  model?: string;
}

export interface ResultOptions {
  text?: string;
  segments?: Segment[];
  summary?: string | null;
  language?: string;
  durationSeconds?: number;
  /** Seconds of speech after skipping silence (0: no speech detected); left out: not skipped. */
  speechSeconds?: number;
  /** What the runner reports the job took (0.5 s unless given). */
  processingTimeSeconds?: number;
}

/**
 * Arranges a test's data through the server's own repositories (never SQL against the schema)
 * and reads it back: users, uploads, jobs in each state, runners. On a running test server
 * (`TestData.of`), or on a database alone (`TestData.open`, e.g. after the server has stopped).
 */
export class TestData {
  private constructor(
    readonly transcriptions: TranscriptionRepository,
    readonly users: UserRepository,
    readonly runners: RunnerRepository,
    private readonly storageDir: string | undefined,
    /** As the server completes jobs: keeping their audio this long (AUDIO_RETENTION_HOURS). */
    private readonly audioRetentionHours: number,
    private readonly release: () => Promise<void>,
  ) {}

  static of(server: TestServer): TestData {
    const app: INestApplicationContext = server.app;
    return new TestData(
      app.get(TranscriptionRepository),
      app.get(UserRepository),
      app.get(RunnerRepository),
      server.config.storageDir,
      server.config.audioRetentionHours,
      () => Promise.resolve(),
    );
  }

  static async open(databaseUrl: string): Promise<TestData> {
    const dataSource = await createDataSource(databaseUrl).initialize();
    const database = new Database(dataSource);
    return new TestData(
      new TranscriptionRepository(database),
      new UserRepository(database),
      new RunnerRepository(database),
      undefined,
      0,
      () => dataSource.destroy(),
    );
  }

  close(): Promise<void> {
    return this.release();
  }

  /** An active user (admin if asked), as a first token would create them. */
  async user(options: { email?: string; admin?: boolean; active?: boolean } = {}): Promise<User> {
    const email = options.email ?? `${randomUUID()}@example.com`;
    const id = userIdForEmail(email);
    await this.users.insertIfAbsent({ id, email, isAdmin: options.admin ?? false, isActive: options.active ?? true });
    return (await this.users.findById(id))!;
  }

  /** A pending job, as an upload records it. */
  async pending(options: UploadOptions = {}): Promise<Transcription> {
    const id = randomUUID();
    const owner = options.owner ?? (await this.user());
    if (options.audio) {
      if (!this.storageDir) throw new Error('no storage here: use TestData.of(server) to store audio');
      await writeFile(path.join(this.storageDir, id), options.audio);
    }
    return this.transcriptions.insert({
      id,
      userId: owner.id,
      fileName: options.fileName ?? `job-${id.slice(0, 8)}.wav`,
      filePath: id,
      contentType: options.audio ? 'audio/wav' : null,
      fileSize: options.audio?.length ?? 1000,
      audioSha256: null,
      language: options.language ?? null,
      model: options.model ?? null,
    });
  }

  /** `count` pending jobs of one owner, oldest first. */
  async pendingJobs(count: number, options: UploadOptions = {}): Promise<string[]> {
    const owner = options.owner ?? (await this.user());
    const ids: string[] = [];
    for (let n = 0; n < count; n++) ids.push((await this.pending({ ...options, owner, fileName: `job-${n + 1}.wav` })).id);
    return ids;
  }

  /** A job a runner has claimed; `leaseSeconds` below zero gives a lease that has already expired. */
  async claimed(runnerId: string, options: UploadOptions & { leaseSeconds?: number } = {}): Promise<ClaimedJob> {
    const job = await this.pending(options);
    return (await this.transcriptions.start(job.id, runnerId, options.leaseSeconds ?? LEASE_SECONDS))!;
  }

  /**
   * `count` new jobs, claimed by `runnerId` in one statement (so all at the same moment); a
   * negative `leaseSeconds` makes leases that have already expired. Claims are oldest first, so
   * the queue must hold no other pending job (see emptyQueue).
   */
  async claimedAtOnce(runnerId: string, count: number, leaseSeconds: number): Promise<string[]> {
    await this.pendingJobs(count);
    const claimed = await this.transcriptions.claimSlots(Array<string>(count).fill(runnerId), leaseSeconds);
    return [...claimed.values()].map((job) => job.id);
  }

  /** Takes the pending job `id` for `runnerId`, as a runner's start would. */
  async claim(id: string, runnerId: string, leaseSeconds = LEASE_SECONDS): Promise<ClaimedJob> {
    const job = await this.transcriptions.start(id, runnerId, leaseSeconds);
    if (!job) throw new Error(`job ${id} is not pending`);
    return job;
  }

  /** Runs the pending job `id` to a failure that is not retried. */
  async fail(id: string, errorMessage = 'it broke'): Promise<Transcription> {
    const job = await this.claim(id, 'test-runner');
    await this.transcriptions.fail({
      id,
      leaseId: job.leaseId,
      runnerId: 'test-runner',
      errorMessage,
      released: false,
      retryable: false,
      maxAttempts: 1,
    });
    return this.transcription(id);
  }

  /** Runs the pending job `id` to completion with this result. */
  async complete(id: string, result: ResultOptions = {}): Promise<Transcription> {
    const job = await this.claim(id, 'test-runner');
    const text = result.text ?? 'hello world';
    const [outcome] = await this.transcriptions.completeAll(
      [
        {
          id,
          leaseId: job.leaseId,
          runnerId: 'test-runner',
          text,
          segments: result.segments ?? [{ start: 0, end: 1, text }],
          summary: result.summary ?? null,
          summaryModel: result.summary ? 'test-model' : null,
          errorMessage: null,
          language: result.language ?? null,
          durationSeconds: result.durationSeconds ?? null,
          speechSeconds: result.speechSeconds ?? null,
          processingTimeSeconds: result.processingTimeSeconds ?? 0.5,
        },
      ],
      this.audioRetentionHours,
    );
    if (!outcome?.stored) throw new Error(`job ${id} could not be completed`);
    return this.transcription(id);
  }

  /** Records a runner's progress on a job it holds. */
  async progress(job: ClaimedJob, runnerId: string, percent: number): Promise<void> {
    await this.transcriptions.recordProgress(
      job.id,
      { leaseId: job.leaseId, runnerId },
      percent,
      JobStage.Transcribing,
      LEASE_SECONDS,
    );
  }

  async transcription(id: string): Promise<Transcription> {
    const found = await this.transcriptions.find(ADMIN, id);
    if (!found) throw new Error(`no transcription ${id}`);
    return found;
  }

  /** Whether a transcription row exists. */
  async exists(id: string): Promise<boolean> {
    return (await this.transcriptions.find(ADMIN, id)) !== undefined;
  }

  /** The transcriptions in these statuses (all of them when none is named), across users. */
  async allIn(...statuses: TranscriptionStatus[]): Promise<Transcription[]> {
    const found: Transcription[] = [];
    for (const status of statuses.length ? statuses : Object.values(TranscriptionStatus)) {
      for (let page = 1; ; page++) {
        const { items } = await this.transcriptions.page(ADMIN, { status }, page, 100);
        found.push(...items);
        if (items.length < 100) break;
      }
    }
    return found;
  }

  /** Deletes every pending and processing job: the queue is empty for the test that follows. */
  async emptyQueue(): Promise<void> {
    for (const job of await this.allIn(TranscriptionStatus.Pending, TranscriptionStatus.Processing)) {
      await this.transcriptions.delete(ADMIN, job.id);
    }
  }
}
