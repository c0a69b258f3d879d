import type { AdminJobDto, TranscriptionCreatedDto, TranscriptionDto, TranscriptionListItemDto } from '@app/contracts';
import type { Transcription } from './transcription.js';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A DTO's fields as a plain object type: what these mappers build and spread into one another. */
export type Plain<T> = { [K in keyof T]: T[K] };

export function toCreatedDto(t: Transcription): Plain<TranscriptionCreatedDto> {
  return {
    id: t.id,
    file_name: t.fileName,
    status: t.status,
    language: t.language,
    file_size: t.fileSize,
    content_type: t.contentType,
    created_at: t.createdAt.toISOString(),
  };
}

export function toListItemDto(t: Transcription): Plain<TranscriptionListItemDto> {
  return {
    ...toCreatedDto(t),
    progress: t.progress,
    stage: t.stage,
    error_message: t.errorMessage,
    attempts: t.attempts,
    runner_id: t.runnerId,
    duration_seconds: t.durationSeconds,
    started_at: iso(t.startedAt),
    completed_at: iso(t.completedAt),
    processing_time_seconds: t.processingTimeSeconds,
    audio_available: t.filePath !== null,
  };
}

export function toAdminJobDto(t: Transcription): Plain<AdminJobDto> {
  return { ...toListItemDto(t), user_id: t.userId };
}

export function toTranscriptionDto(t: Transcription): Plain<TranscriptionDto> {
  return { ...toListItemDto(t), text: t.text, summary: t.summary, segments: t.segments ?? [] };
}
