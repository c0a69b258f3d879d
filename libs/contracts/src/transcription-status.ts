/** Lifecycle of a transcription job; see docs/api.md "Statuses of a transcription". */
export enum TranscriptionStatus {
  Pending = 'pending',
  Processing = 'processing',
  Completed = 'completed',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

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
