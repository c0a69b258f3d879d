import type { JobKind, JobStage, Segment, TranscriptionStatus, TranscriptionTask } from '@app/contracts';

/** A channel a transcription is assigned to. */
export interface ChannelBrief {
  id: string;
  name: string;
  description: string | null;
}

/** One summary of a transcription (the first, and one per re-summarize). */
export interface SummaryRecord {
  id: string;
  transcriptionId: string;
  text: string;
  modelName: string | null;
  instruction: string | null;
  createdAt: Date;
}

/** One uploaded file and its job: the audio's metadata, the queue state, and the result. */
export interface Transcription {
  id: string;
  userId: string | null;
  fileName: string;
  /** The stored audio (named by id, never by the user's file name); null once deleted. */
  filePath: string | null;
  contentType: string | null;
  fileSize: number | null;
  audioSha256: string | null;
  language: string | null;
  /** Per-job options for whisper. */
  task: TranscriptionTask;
  prompt: string | null;
  wordTimestamps: boolean;
  /** whisper's sampling temperature, 0–1; null: whisper's default. */
  temperature: number | null;
  /** Skip silence (voice activity detection); null: the runner's default. */
  vad: boolean | null;
  /** The whisper model it must run on; null: any runner. */
  model: string | null;
  status: TranscriptionStatus;
  progress: number;
  stage: JobStage | null;
  attempts: number;
  runnerId: string | null;
  leaseId: string | null;
  leaseExpiresAt: Date | null;
  /** Null in lists, which do not load the results. */
  text: string | null;
  segments: Segment[] | null;
  /** The runner's segments, kept when the owner first edited them; null if never edited (and in lists). */
  originalSegments: Segment[] | null;
  summary: string | null;
  durationSeconds: number | null;
  /** Seconds of speech whisper heard after skipping silence (0: none); null: silence was not skipped. */
  speechSeconds: number | null;
  errorMessage: string | null;
  processingTimeSeconds: number | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  kind: JobKind;
  /** What a summary-only job was asked to do. */
  summaryInstruction: string | null;
  editedAt: Date | null;
  /** The NotebookLM guideline the language model wrote for the current transcript and summary (null in lists). */
  notebookLmGuide: string | null;
  /** The channels it is assigned to. */
  channels: ChannelBrief[];
  /** Every summary, newest first; null where they were not loaded (lists). */
  summaries: SummaryRecord[] | null;
}

/** What a new upload records. */
export type NewTranscription = Pick<
  Transcription,
  'id' | 'userId' | 'fileName' | 'filePath' | 'contentType' | 'fileSize' | 'audioSha256' | 'language'
> &
  Partial<Pick<Transcription, 'task' | 'prompt' | 'wordTimestamps' | 'temperature' | 'vad' | 'model' | 'summaryInstruction'>>;

/** A row of the transcriptions table, as node-postgres returns it. */
export interface TranscriptionRow {
  id: string;
  user_id: string | null;
  file_name: string;
  file_path: string | null;
  content_type: string | null;
  /** bigint: a string. */
  file_size: string | null;
  audio_sha256: string | null;
  language: string | null;
  task: TranscriptionTask;
  prompt: string | null;
  word_timestamps: boolean;
  temperature: number | null;
  vad: boolean | null;
  model: string | null;
  status: TranscriptionStatus;
  progress: number;
  stage: JobStage | null;
  attempts: number;
  runner_id: string | null;
  lease_id: string | null;
  lease_expires_at: Date | null;
  text?: string | null;
  segments?: Segment[] | null;
  original_segments?: Segment[] | null;
  summary?: string | null;
  duration_seconds: number | null;
  speech_seconds: number | null;
  error_message: string | null;
  processing_time_seconds: number | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  kind: JobKind;
  summary_instruction: string | null;
  edited_at: Date | null;
  notebooklm_guide?: string | null;
  channels: ChannelBrief[];
  summaries?: {
    id: string;
    transcription_id: string;
    summary_text: string;
    model_name: string | null;
    instruction: string | null;
    created_at: string;
  }[];
}

export function toTranscription(row: TranscriptionRow): Transcription {
  return {
    id: row.id,
    userId: row.user_id,
    fileName: row.file_name,
    filePath: row.file_path,
    contentType: row.content_type,
    fileSize: row.file_size === null ? null : Number(row.file_size),
    audioSha256: row.audio_sha256,
    language: row.language,
    task: row.task,
    prompt: row.prompt,
    wordTimestamps: row.word_timestamps,
    temperature: row.temperature,
    vad: row.vad,
    model: row.model,
    status: row.status,
    progress: row.progress,
    stage: row.stage,
    attempts: row.attempts,
    runnerId: row.runner_id,
    leaseId: row.lease_id,
    leaseExpiresAt: row.lease_expires_at,
    text: row.text ?? null,
    segments: row.segments ?? null,
    originalSegments: row.original_segments ?? null,
    summary: row.summary ?? null,
    durationSeconds: row.duration_seconds,
    speechSeconds: row.speech_seconds,
    errorMessage: row.error_message,
    processingTimeSeconds: row.processing_time_seconds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    kind: row.kind,
    summaryInstruction: row.summary_instruction,
    editedAt: row.edited_at,
    notebookLmGuide: row.notebooklm_guide ?? null,
    channels: row.channels,
    summaries:
      row.summaries?.map((summary) => ({
        id: summary.id,
        transcriptionId: summary.transcription_id,
        text: summary.summary_text,
        modelName: summary.model_name,
        instruction: summary.instruction,
        createdAt: new Date(summary.created_at),
      })) ?? null,
  };
}
