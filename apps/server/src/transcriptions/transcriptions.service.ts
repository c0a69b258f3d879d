import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { type DownloadFormat, JobKind, TranscriptionStatus } from '@app/contracts';
import { ServerConfig } from '../config/server-config.js';
import { AudioStorage } from '../storage/audio-storage.js';
import { joinText } from './documents/document-input.js';
import { NoSummaryError, renderSummaryDocx } from './documents/summary-docx.js';
import { type GuideSource, NotebookLmGuide } from './notebooklm-guide.js';
import type { DownloadableFile } from './send-document.js';
import { documentInput, renderTranscript } from './transcript-formats.js';
import type { NewTranscription, Transcription } from './transcription.js';
import { type ViewContext } from './transcription-dto.js';
import {
  type HourlyJobs,
  type LastDayOutcomes,
  type ListFilter,
  type OwnerScope,
  type QueueTimes,
  type Scope,
  type SearchHit,
  TranscriptionRepository,
} from './transcription.repository.js';

export type { OwnerScope, Scope } from './transcription.repository.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
}

export interface QueueStatistics extends QueueTimes {
  counts: Record<TranscriptionStatus, number>;
  storedAudioBytes: number;
}

/** The last 24 hours of jobs, for the admin dashboard. */
export interface RecentActivity {
  lastDay: LastDayOutcomes;
  perHour: HourlyJobs[];
}

/** A segment's new text, by its index in the transcript. */
export interface SegmentEdit {
  index: number;
  text: string;
}

const RETRYABLE_BY_OWNER = [TranscriptionStatus.Failed, TranscriptionStatus.Cancelled];
const REQUEUEABLE_BY_ADMIN = [
  TranscriptionStatus.Pending,
  TranscriptionStatus.Processing,
  TranscriptionStatus.Failed,
  TranscriptionStatus.Cancelled,
];

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The upload's name without its extension, for the files made from it. */
export const baseName = (fileName: string): string => fileName.replace(/\.[^.]*$/, '') || 'transcript';

/**
 * Transcriptions as their owners, the members of their channels and admins see and steer them.
 * Reading takes a viewer's scope (owner or channel member); changing one takes the owner's (a
 * channel member gets 403: read-only). Each change is one conditional statement
 * (TranscriptionRepository), so it cannot race a runner's claim, progress or completion.
 */
@Injectable()
export class TranscriptionsService {
  private readonly logger = new Logger(TranscriptionsService.name);

  constructor(
    private readonly transcriptions: TranscriptionRepository,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
    private readonly guide: NotebookLmGuide,
  ) {}

  /** What a DTO of a transcription needs to know about who looks. */
  viewOf(scope: Scope): ViewContext {
    const viewerId = 'viewerId' in scope ? scope.viewerId : 'ownerId' in scope ? scope.ownerId : null;
    return {
      viewerId,
      ...(this.config.transcriptRetentionDays ? { transcriptRetentionDays: this.config.transcriptRetentionDays } : {}),
    };
  }

  /** Records a stored upload as a pending job. */
  create(upload: NewTranscription): Promise<Transcription> {
    return this.transcriptions.insert(upload);
  }

  async list(scope: Scope, filter: ListFilter, page: number, pageSize: number): Promise<Page<Transcription>> {
    const { items, total } = await this.transcriptions.page(scope, filter, page, pageSize);
    return { items, total, page, page_size: pageSize, total_pages: Math.ceil(total / pageSize) };
  }

  /** Those whose file name, summary or transcript contains `query`, ranked (see TranscriptionRepository.search). */
  async search(scope: Scope, filter: ListFilter, query: string, page: number, pageSize: number): Promise<Page<SearchHit>> {
    const { items, total } = await this.transcriptions.search(scope, filter, query, page, pageSize);
    return { items, total, page, page_size: pageSize, total_pages: Math.ceil(total / pageSize) };
  }

  async get(scope: Scope, id: string): Promise<Transcription> {
    const transcription = await this.transcriptions.find(scope, id);
    if (!transcription) throw new NotFoundException('transcription not found');
    return transcription;
  }

  /**
   * The transcription, if `scope` may change it: 404 when it cannot see it, 403 when it sees it
   * only through a channel.
   */
  async owned(scope: OwnerScope, id: string): Promise<Transcription> {
    if ('admin' in scope) return this.get(scope, id);
    const transcription = await this.get({ viewerId: scope.ownerId }, id);
    if (transcription.userId !== scope.ownerId) {
      throw new ForbiddenException('this transcription is shared with you through a channel: you can read it, not change it');
    }
    return transcription;
  }

  /** A completed transcription, or 409 saying what it is instead. */
  async completed(scope: Scope, id: string): Promise<Transcription> {
    const transcription = await this.get(scope, id);
    if (transcription.status !== TranscriptionStatus.Completed && transcription.text === null) {
      throw new ConflictException(`the transcription is ${transcription.status}, not completed: nothing to download yet`);
    }
    return transcription;
  }

  async download(scope: Scope, id: string, format: DownloadFormat): Promise<DownloadableFile> {
    const transcription = await this.completed(scope, id);
    const { body, contentType, extension } = renderTranscript(transcription, format);
    return { body, contentType, fileName: `${baseName(transcription.fileName)}.${extension}` };
  }

  /** The summary as a Word document; 409 when there is none. */
  async summaryDocx(scope: Scope, id: string): Promise<DownloadableFile> {
    const transcription = await this.completed(scope, id);
    try {
      return {
        body: await renderSummaryDocx(documentInput(transcription)),
        contentType: DOCX,
        fileName: `${baseName(transcription.fileName)}-summary.docx`,
      };
    } catch (error) {
      if (error instanceof NoSummaryError)
        throw new ConflictException('this transcription has no summary (yet): nothing to put in a document');
      throw error;
    }
  }

  /** The guideline to NotebookLM as a text file, and who wrote it (see NotebookLmGuide). */
  async notebookLmGuide(scope: Scope, id: string): Promise<DownloadableFile & { source: GuideSource }> {
    const transcription = await this.completed(scope, id);
    const file = (text: string, source: GuideSource) => ({
      body: text,
      contentType: 'text/plain; charset=utf-8',
      fileName: `${baseName(transcription.fileName)}-notebooklm.txt`,
      source,
    });
    if (transcription.notebookLmGuide !== null) return file(transcription.notebookLmGuide, 'language-model');
    const { text, source } = await this.guide.write(documentInput(transcription), id);
    if (source === 'language-model') await this.transcriptions.saveNotebookLmGuide(id, text, transcription.updatedAt);
    return file(text, source);
  }

  /** The stored audio of a transcription (404 once it is deleted). */
  async audio(scope: Scope, id: string): Promise<{ path: string; contentType: string | null; fileName: string }> {
    const transcription = await this.get(scope, id);
    if (transcription.filePath === null) throw new NotFoundException('the audio of this transcription has been deleted');
    return { path: this.storage.pathFor(id), contentType: transcription.contentType, fileName: transcription.fileName };
  }

  /** Pending or processing → cancelled; the runner learns it at its next progress or heartbeat. */
  async cancel(scope: OwnerScope, id: string): Promise<Transcription> {
    await this.owned(scope, id);
    const reason = `cancelled by ${'ownerId' in scope ? 'its owner' : 'an administrator'}`;
    if (!(await this.transcriptions.cancel(scope, id, reason))) {
      const current = await this.get(scope, id);
      throw new ConflictException(`the transcription is already ${current.status}`);
    }
    return this.get(scope, id);
  }

  /** Owner (retry): failed or cancelled → pending. Admin (requeue): anything but completed → pending. */
  async requeue(scope: OwnerScope, id: string): Promise<Transcription> {
    const from = 'ownerId' in scope ? RETRYABLE_BY_OWNER : REQUEUEABLE_BY_ADMIN;
    const refuse = (status: TranscriptionStatus) =>
      new ConflictException(
        `a ${status} transcription cannot be ${'ownerId' in scope ? 'retried (only failed or cancelled ones)' : 'requeued'}`,
      );
    const current = await this.owned(scope, id);
    if (!from.includes(current.status)) throw refuse(current.status);
    const needsAudio = current.kind === JobKind.Transcribe;
    if (needsAudio && (current.filePath === null || (await this.storage.size(id)) === null)) {
      throw new ConflictException('the audio of this transcription is gone: upload it again');
    }
    // The answer is the row as this request left it: a runner may claim the job the moment after.
    const queued = await this.transcriptions.requeue(scope, id, from);
    if (queued) return queued;
    throw refuse((await this.get(scope, id)).status); // it changed meanwhile
  }

  /** Queues a new summary of a completed transcription (a summary-only job), with an optional instruction. */
  async resummarize(scope: OwnerScope, id: string, instruction: string | null): Promise<Transcription> {
    const current = await this.owned(scope, id);
    if (current.status === TranscriptionStatus.Completed && !current.text?.trim()) {
      throw new ConflictException('the transcript is empty: there is nothing to summarize');
    }
    const queued = await this.transcriptions.queueSummary(scope, id, instruction);
    if (!queued) {
      throw new ConflictException(`the transcription is ${current.status}: only a completed one can be summarized again`);
    }
    return queued; // as this request left it: a runner may claim the job the moment after
  }

  /** Changes the text of some segments (the runner's original is kept), and the whole text with them. */
  async editSegments(scope: OwnerScope, id: string, edits: SegmentEdit[]): Promise<Transcription> {
    const current = await this.owned(scope, id);
    if (current.status !== TranscriptionStatus.Completed) {
      throw new ConflictException(`the transcription is ${current.status}: only a completed one can be edited`);
    }
    const segments = [...(current.segments ?? [])];
    for (const edit of edits) {
      const segment = segments[edit.index];
      if (!segment) throw new ConflictException(`there is no segment ${edit.index} (the transcript has ${segments.length})`);
      // Its timed words belong to the old text: an edited segment keeps only its own times.
      segments[edit.index] = { start: segment.start, end: segment.end, text: edit.text };
    }
    if (!(await this.transcriptions.editSegments(scope, id, segments, joinText(segments.map((segment) => segment.text))))) {
      throw new ConflictException('the transcription changed meanwhile: reload it and edit again');
    }
    return this.get(scope, id);
  }

  /** Deletes the row (a runner working on it is refused from then on) and its audio. */
  async delete(scope: OwnerScope, id: string): Promise<void> {
    await this.owned(scope, id);
    if (!(await this.transcriptions.delete(scope, id))) throw new NotFoundException('transcription not found');
    await this.storage.delete(id);
    this.logger.log(`transcription ${id} deleted by ${'ownerId' in scope ? 'its owner' : 'an administrator'}, with its audio`);
  }

  /** Deletes every transcription of a user, with their audio; returns how many. */
  async deleteAllOf(userId: string): Promise<number> {
    const ids = await this.transcriptions.deleteAllOf(userId);
    for (const id of ids) await this.storage.delete(id);
    this.logger.log(`${ids.length} transcription(s) of user ${userId} deleted by their owner, with their audio`);
    return ids.length;
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

  async recentActivity(): Promise<RecentActivity> {
    const [lastDay, perHour] = await Promise.all([this.transcriptions.lastDayOutcomes(), this.transcriptions.jobsPerHour()]);
    return { lastDay, perHour };
  }
}
