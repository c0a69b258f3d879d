import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { type DownloadFormat, TranscriptionStatus } from '@app/contracts';
import { AudioStorage } from '../storage/audio-storage.js';
import { type RenderedTranscript, renderTranscript } from './transcript-formats.js';
import type { NewTranscription, Transcription } from './transcription.js';
import { type ListFilter, type QueueTimes, type Scope, TranscriptionRepository } from './transcription.repository.js';

export type { Scope } from './transcription.repository.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface QueueStatistics extends QueueTimes {
  counts: Record<TranscriptionStatus, number>;
  storedAudioBytes: number;
}

const RETRYABLE_BY_OWNER = [TranscriptionStatus.Failed, TranscriptionStatus.Cancelled];
const REQUEUEABLE_BY_ADMIN = [
  TranscriptionStatus.Pending,
  TranscriptionStatus.Processing,
  TranscriptionStatus.Failed,
  TranscriptionStatus.Cancelled,
];

/**
 * Transcriptions as their owners and admins see and steer them. Each change is one conditional
 * statement (TranscriptionRepository), so it cannot race a runner's claim, progress or completion.
 */
@Injectable()
export class TranscriptionsService {
  private readonly logger = new Logger(TranscriptionsService.name);

  constructor(
    private readonly transcriptions: TranscriptionRepository,
    private readonly storage: AudioStorage,
  ) {}

  /** Records a stored upload as a pending job. */
  create(upload: NewTranscription): Promise<Transcription> {
    return this.transcriptions.insert(upload);
  }

  async list(scope: Scope, filter: ListFilter, page: number, pageSize: number): Promise<Page<Transcription>> {
    const { items, total } = await this.transcriptions.page(scope, filter, page, pageSize);
    return { items, total, page, page_size: pageSize };
  }

  async get(scope: Scope, id: string): Promise<Transcription> {
    const transcription = await this.transcriptions.find(scope, id);
    if (!transcription) throw new NotFoundException('transcription not found');
    return transcription;
  }

  async download(scope: Scope, id: string, format: DownloadFormat): Promise<RenderedTranscript & { fileName: string }> {
    const transcription = await this.get(scope, id);
    if (transcription.status !== TranscriptionStatus.Completed) {
      throw new ConflictException(`the transcription is ${transcription.status}, not completed: nothing to download yet`);
    }
    return { ...renderTranscript(transcription, format), fileName: transcription.fileName };
  }

  /** The stored audio of a transcription (404 once it is deleted). */
  async audio(scope: Scope, id: string): Promise<{ path: string; contentType: string | null; fileName: string }> {
    const transcription = await this.get(scope, id);
    if (transcription.filePath === null) throw new NotFoundException('the audio of this transcription has been deleted');
    return { path: this.storage.pathFor(id), contentType: transcription.contentType, fileName: transcription.fileName };
  }

  /** Pending or processing → cancelled; the runner learns it at its next progress or heartbeat. */
  async cancel(scope: Scope, id: string): Promise<Transcription> {
    const cancelled = await this.transcriptions.cancel(
      scope,
      id,
      `cancelled by ${'ownerId' in scope ? 'its owner' : 'an administrator'}`,
    );
    if (cancelled) return cancelled;
    const current = await this.get(scope, id);
    throw new ConflictException(`the transcription is already ${current.status}`);
  }

  /** Owner (retry): failed or cancelled → pending. Admin (requeue): anything but completed → pending. */
  async requeue(scope: Scope, id: string): Promise<Transcription> {
    const from = 'ownerId' in scope ? RETRYABLE_BY_OWNER : REQUEUEABLE_BY_ADMIN;
    const refuse = (status: TranscriptionStatus) =>
      new ConflictException(
        `a ${status} transcription cannot be ${'ownerId' in scope ? 'retried (only failed or cancelled ones)' : 'requeued'}`,
      );
    const current = await this.get(scope, id);
    if (!from.includes(current.status)) throw refuse(current.status);
    if (current.filePath === null || (await this.storage.size(id)) === null) {
      throw new ConflictException('the audio of this transcription is gone: upload it again');
    }
    const requeued = await this.transcriptions.requeue(scope, id, from);
    if (requeued) return requeued;
    throw refuse((await this.get(scope, id)).status); // it changed meanwhile
  }

  /** Deletes the row (a runner working on it is refused from then on) and its audio. */
  async delete(scope: Scope, id: string): Promise<void> {
    if (!(await this.transcriptions.delete(scope, id))) throw new NotFoundException('transcription not found');
    await this.storage.delete(id);
    this.logger.log(`transcription ${id} deleted by ${'ownerId' in scope ? 'its owner' : 'an administrator'}, with its audio`);
  }

  /** The ids of a user's transcriptions (their audio files are named by them). */
  idsOwnedBy(userId: string): Promise<string[]> {
    return this.transcriptions.idsOwnedBy(userId);
  }

  async statistics(): Promise<QueueStatistics> {
    const [counts, times, storedAudioBytes] = await Promise.all([
      this.transcriptions.countByStatus(),
      this.transcriptions.queueTimes(),
      this.transcriptions.storedAudioBytes(),
    ]);
    return { counts, ...times, storedAudioBytes };
  }
}
