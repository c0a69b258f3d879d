/** Lifecycle of a transcription job; see ../shared/API.md "Statuses of a transcription". */
export enum TranscriptionStatus {
  Pending = 'pending',
  Processing = 'processing',
  Completed = 'completed',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

/** States a job never leaves on its own (only retry/requeue moves it on). */
export const FINISHED_STATUSES: readonly TranscriptionStatus[] = [
  TranscriptionStatus.Completed,
  TranscriptionStatus.Failed,
  TranscriptionStatus.Cancelled,
];

/** What a runner is doing with a job, reported with progress. */
export enum JobStage {
  Queued = 'queued',
  Downloading = 'downloading',
  Converting = 'converting',
  Transcribing = 'transcribing',
  Summarizing = 'summarizing',
  Uploading = 'uploading',
  Done = 'done',
}
