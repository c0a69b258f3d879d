import {
  type AdminJobDto,
  AppStage,
  JobStage,
  type SummaryDto,
  type TranscriptionCreatedDto,
  type TranscriptionDto,
  type TranscriptionListItemDto,
  TranscriptionStatus,
} from '@app/contracts';
import type { SummaryRecord, Transcription } from './transcription.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const DAY_MS = 24 * 3600 * 1000;

/** A DTO's fields as a plain object type: what these mappers build and spread into one another. */
export type Plain<T> = { [K in keyof T]: T[K] };

/** Who looks, and what the install's retention is: what a transcription's DTO depends on beyond its row. */
export interface ViewContext {
  /** The caller (is_personal says whether they own it); null for an admin's view of everyone's jobs. */
  viewerId: string | null;
  /** TRANSCRIPT_RETENTION_DAYS, when set: time_remaining counts down to it. */
  transcriptRetentionDays?: number;
}

/** The stage names the original web app shows and polls on (see AppStage). */
export function appStage(t: Pick<Transcription, 'status' | 'stage'>): AppStage {
  switch (t.status) {
    case TranscriptionStatus.Completed:
      return AppStage.Completed;
    case TranscriptionStatus.Failed:
    case TranscriptionStatus.Cancelled:
      return AppStage.Failed;
    case TranscriptionStatus.Pending:
      return AppStage.Uploading;
    case TranscriptionStatus.Processing:
      return t.stage === JobStage.Summarizing || t.stage === JobStage.Uploading ? AppStage.Summarizing : AppStage.Transcribing;
  }
}

export function toCreatedDto(t: Transcription): Plain<TranscriptionCreatedDto> {
  return {
    id: t.id,
    file_name: t.fileName,
    status: t.status,
    language: t.language,
    file_size: t.fileSize,
    content_type: t.contentType,
    created_at: t.createdAt.toISOString(),
    task: t.task,
    prompt: t.prompt,
    word_timestamps: t.wordTimestamps,
    temperature: t.temperature,
    vad: t.vad,
    model: t.model,
    summary_instruction: t.summaryInstruction,
  };
}

export function toListItemDto(t: Transcription, context: ViewContext): Plain<TranscriptionListItemDto> {
  return {
    ...toCreatedDto(t),
    progress: t.progress,
    stage: appStage(t),
    runner_stage: t.stage,
    kind: t.kind,
    updated_at: t.updatedAt.toISOString(),
    retry_count: t.attempts,
    is_personal: context.viewerId !== null && t.userId === context.viewerId,
    channels: t.channels,
    ...(context.transcriptRetentionDays === undefined
      ? {}
      : {
          time_remaining: Math.floor((t.createdAt.getTime() + context.transcriptRetentionDays * DAY_MS - Date.now()) / 1000),
        }),
    error_message: t.errorMessage,
    attempts: t.attempts,
    runner_id: t.runnerId,
    duration_seconds: t.durationSeconds,
    speech_seconds: t.speechSeconds,
    notice: t.status === TranscriptionStatus.Completed && t.speechSeconds === 0 ? 'no speech detected' : null,
    started_at: iso(t.startedAt),
    completed_at: iso(t.completedAt),
    processing_time_seconds: t.processingTimeSeconds,
    audio_available: t.filePath !== null,
  };
}

export function toAdminJobDto(t: Transcription, context: ViewContext): Plain<AdminJobDto> {
  return { ...toListItemDto(t, context), user_id: t.userId };
}

export function toSummaryDto(summary: SummaryRecord): Plain<SummaryDto> {
  return {
    id: summary.id,
    transcription_id: summary.transcriptionId,
    summary_text: summary.text,
    model_name: summary.modelName,
    instruction: summary.instruction,
    created_at: summary.createdAt.toISOString(),
  };
}

export function toTranscriptionDto(t: Transcription, context: ViewContext): Plain<TranscriptionDto> {
  return {
    ...toListItemDto(t, context),
    text: t.text,
    summary: t.summary,
    summaries: (t.summaries ?? []).map(toSummaryDto),
    segments: t.segments ?? [],
    original_segments: t.originalSegments,
    edited_at: iso(t.editedAt),
  };
}
