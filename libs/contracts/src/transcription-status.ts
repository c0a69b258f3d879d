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

/**
 * A job's stage as the original web app names it (its list and detail pages show these and poll
 * until "completed" or "failed"): waiting in the queue is "uploading", runner work is
 * "transcribing" or "summarizing", and a cancelled job reads "failed" (with its error_message).
 */
export enum AppStage {
  Uploading = 'uploading',
  Transcribing = 'transcribing',
  Summarizing = 'summarizing',
  Completed = 'completed',
  Failed = 'failed',
}

/** What a job does: transcribe its audio (and summarize), or only summarize its transcript again. */
export enum JobKind {
  Transcribe = 'transcribe',
  Summarize = 'summarize',
}
