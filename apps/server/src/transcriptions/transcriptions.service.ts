import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { type DownloadFormat, TranscriptionStatus } from '@app/contracts';
import { TranscriptionEntity } from '../database/entities/index.js';
import { AudioStorage } from '../storage/audio-storage.js';
import { type RenderedTranscript, renderTranscript } from './transcript-formats.js';

export interface PageRequest {
  page: number;
  page_size: number;
  status?: TranscriptionStatus;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

/** Who may see a transcription: its owner (others get 404), or an admin (ownerId undefined). */
export type Scope = { ownerId: string } | { admin: true };

const RETRYABLE_BY_OWNER = [TranscriptionStatus.Failed, TranscriptionStatus.Cancelled];
const REQUEUEABLE_BY_ADMIN = [
  TranscriptionStatus.Pending,
  TranscriptionStatus.Processing,
  TranscriptionStatus.Failed,
  TranscriptionStatus.Cancelled,
];

/**
 * Transcriptions as their owners and admins see and steer them. State changes are single
 * conditional UPDATEs, so they cannot race a runner's claim, progress or completion.
 */
@Injectable()
export class TranscriptionsService {
  constructor(
    @InjectRepository(TranscriptionEntity) private readonly transcriptions: Repository<TranscriptionEntity>,
    private readonly storage: AudioStorage,
  ) {}

  async list(scope: Scope, query: PageRequest & { userId?: string }): Promise<Page<TranscriptionEntity>> {
    const [items, total] = await this.transcriptions.findAndCount({
      where: {
        ...('ownerId' in scope ? { userId: scope.ownerId } : query.userId ? { userId: query.userId } : {}),
        ...(query.status ? { status: query.status } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (query.page - 1) * query.page_size,
      take: query.page_size,
    });
    return { items, total, page: query.page, page_size: query.page_size };
  }

  async get(scope: Scope, id: string): Promise<TranscriptionEntity> {
    const transcription = await this.transcriptions.findOneBy({
      id,
      ...('ownerId' in scope ? { userId: scope.ownerId } : {}),
    });
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
  async cancel(scope: Scope, id: string): Promise<TranscriptionEntity> {
    const updated = await this.conditionalUpdate(
      scope,
      id,
      [TranscriptionStatus.Pending, TranscriptionStatus.Processing],
      {
        status: TranscriptionStatus.Cancelled,
        stage: null,
        // The lease id stays, so the runner holding it is told "cancelled" rather than "unknown lease".
        leaseExpiresAt: null,
        completedAt: () => 'now()',
        errorMessage: `cancelled by ${'ownerId' in scope ? 'its owner' : 'an administrator'}`,
      },
    );
    if (updated) return updated;
    const current = await this.get(scope, id);
    throw new ConflictException(`the transcription is already ${current.status}`);
  }

  /** Owner: failed or cancelled → pending. Admin (requeue): anything but completed → pending. */
  async requeue(scope: Scope, id: string): Promise<TranscriptionEntity> {
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
    const updated = await this.conditionalUpdate(scope, id, from, {
      status: TranscriptionStatus.Pending,
      attempts: 0,
      progress: 0,
      stage: null,
      runnerId: null,
      leaseId: null,
      leaseExpiresAt: null,
      errorMessage: null,
      startedAt: null,
      completedAt: null,
    });
    if (updated) return updated;
    throw refuse((await this.get(scope, id)).status); // it changed meanwhile
  }

  /** Deletes the row (a runner working on it is refused from then on) and its audio. */
  async delete(scope: Scope, id: string): Promise<void> {
    const result = await this.transcriptions.delete({ id, ...('ownerId' in scope ? { userId: scope.ownerId } : {}) });
    if (!result.affected) throw new NotFoundException('transcription not found');
    await this.storage.delete(id);
  }

  /** One UPDATE … WHERE status IN (from): the row changes only if it is still in such a state. */
  private async conditionalUpdate(
    scope: Scope,
    id: string,
    from: TranscriptionStatus[],
    values: QueryDeepPartialEntity<TranscriptionEntity>,
  ): Promise<TranscriptionEntity | undefined> {
    const update = this.transcriptions
      .createQueryBuilder()
      .update(TranscriptionEntity)
      .set(values)
      .where('id = :id', { id })
      .andWhere('status IN (:...from)', { from });
    if ('ownerId' in scope) update.andWhere('user_id = :ownerId', { ownerId: scope.ownerId });
    const result = await update.execute();
    return result.affected ? this.transcriptions.findOneByOrFail({ id }) : undefined;
  }
}
