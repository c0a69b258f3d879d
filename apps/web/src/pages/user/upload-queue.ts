import { useSyncExternalStore } from 'react';
import { ApiError, authorizationHeader, errorFrom } from '../../api/http';
import { queryClient } from '../../api/query-client';
import { transcriptionKeys } from '../../api/transcription-keys';

/** Why an upload did not go through, for the page to put in words. */
export type UploadFailure =
  | { kind: 'tooLarge' }
  | { kind: 'notAudio' }
  | { kind: 'rateLimited'; retryAfterSeconds?: number }
  | { kind: 'diskFull' }
  | { kind: 'network' }
  | { kind: 'refused'; message: string };

export interface Upload {
  key: number;
  name: string;
  size: number;
  /** Bytes sent so far. */
  sent: number;
  state: 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';
  failure?: UploadFailure;
}

/** Uploads at once; the rest wait their turn (the event stream and the page need connections too). */
const PARALLEL = 3;
/** How long a finished upload stays in the queue (failures stay until dismissed). */
const DONE_SHOWN_MS = 6_000;

interface Entry {
  upload: Upload;
  file: File;
  /** The form's other fields: language and the per-job options. */
  fields: Record<string, string>;
  request?: XMLHttpRequest;
}

// The queue outlives the page: uploads go on while the user opens a transcript, and show on return.
let entries: Entry[] = [];
let snapshot: Upload[] = [];
let nextKey = 1;
const listeners = new Set<() => void>();

function publish(): void {
  snapshot = entries.map((entry) => entry.upload);
  for (const listener of listeners) listener();
}

function update(key: number, change: Partial<Upload>): void {
  const entry = entries.find((candidate) => candidate.upload.key === key);
  if (!entry) return;
  entry.upload = { ...entry.upload, ...change };
  publish();
  if (change.state && change.state !== 'uploading') startWaiting();
}

function failureOf(error: ApiError): UploadFailure {
  switch (error.status) {
    case 413:
      return { kind: 'tooLarge' };
    case 415:
      return { kind: 'notAudio' };
    case 429:
      return { kind: 'rateLimited', retryAfterSeconds: error.retryAfterSeconds };
    case 507:
      return { kind: 'diskFull' };
    default:
      return { kind: 'refused', message: error.message };
  }
}

async function send(entry: Entry): Promise<void> {
  const { key } = entry.upload;
  const headers = await authorizationHeader();
  if (entry.upload.state !== 'uploading') return; // cancelled meanwhile
  const request = new XMLHttpRequest();
  entry.request = request;
  request.open('POST', '/api/audio/upload');
  for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
  request.upload.onprogress = (event) => update(key, { sent: event.loaded });
  request.onerror = () => update(key, { state: 'failed', failure: { kind: 'network' } });
  request.onabort = () => update(key, { state: 'cancelled' });
  request.onload = async () => {
    if (request.status >= 200 && request.status < 300) {
      update(key, { state: 'done', sent: entry.upload.size });
      // The new job is in the list from now on; its row here has done its work.
      setTimeout(() => dismissUpload(key), DONE_SHOWN_MS);
      await queryClient.invalidateQueries({ queryKey: transcriptionKeys.lists() });
      return;
    }
    // The same reading of an error answer as every fetch (its sentence, Retry-After, a 401 signs out).
    const answer = new Response(request.responseText, {
      status: request.status,
      headers: { 'Retry-After': request.getResponseHeader('Retry-After') ?? '' },
    });
    update(key, { state: 'failed', failure: failureOf(await errorFrom(answer)) });
  };
  const form = new FormData();
  // Before the file: the server reads fields as they stream in.
  for (const [name, value] of Object.entries(entry.fields)) form.append(name, value);
  form.append('file', entry.file, entry.upload.name);
  request.send(form);
}

function startWaiting(): void {
  let running = entries.filter((entry) => entry.upload.state === 'uploading').length;
  for (const entry of entries) {
    if (running >= PARALLEL) break;
    if (entry.upload.state !== 'queued') continue;
    entry.upload = { ...entry.upload, state: 'uploading' };
    running++;
    void send(entry).catch(() => update(entry.upload.key, { state: 'failed', failure: { kind: 'network' } }));
  }
  publish();
}

/**
 * Queues files for upload with the form fields given (language, per-job options); those over the
 * server's limit are refused here, without a request.
 */
export function addUploads(files: readonly File[], options: { fields: Record<string, string>; maxBytes: number }): void {
  for (const file of files) {
    const tooLarge = file.size > options.maxBytes;
    entries.push({
      file,
      fields: options.fields,
      upload: {
        key: nextKey++,
        name: file.name,
        size: file.size,
        sent: 0,
        state: tooLarge ? 'failed' : 'queued',
        failure: tooLarge ? { kind: 'tooLarge' } : undefined,
      },
    });
  }
  startWaiting();
}

export function cancelUpload(key: number): void {
  const entry = entries.find((candidate) => candidate.upload.key === key);
  if (!entry) return;
  if (entry.request) entry.request.abort();
  else update(key, { state: 'cancelled' });
}

export function dismissUpload(key: number): void {
  entries = entries.filter((entry) => entry.upload.key !== key);
  publish();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useUploads(): Upload[] {
  return useSyncExternalStore(subscribe, () => snapshot);
}
