import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  LANGUAGE_OR_AUTO,
  MAX_PROMPT_LENGTH,
  MODEL_NAME,
  MODEL_NAME_MESSAGE,
  MAX_SUMMARY_INSTRUCTION_LENGTH,
  TRANSCRIPTION_TASKS,
  type TranscriptionTask,
} from '@app/contracts';
import { ServerConfig } from '../config/server-config.js';
import { DatabaseUnavailableException, isDatabaseUnavailable, sqlState } from '../database/database-errors.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { AudioStorage, AudioTooLargeError, StorageFullError, type StoredAudio } from '../storage/audio-storage.js';
import type { NewTranscription, Transcription } from '../transcriptions/transcription.js';
import { SummaryTemplatesService } from '../summary-templates/summary-templates.service.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import type { User } from '../users/user.js';
import { WebhookService } from '../webhooks/webhook.service.js';
import { AudioSniffer, NotAudioError, type AudioType } from './audio-type.js';
import { cleanFileName } from './file-name.js';
import { receiveMultipart } from './multipart-upload.js';
import { UploadAttemptRepository } from './upload-attempts.repository.js';

/** Room for the multipart boundaries and fields around the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const insufficientStorage = (message: string) => new HttpException(message, HttpStatus.INSUFFICIENT_STORAGE);

const FORM_FIELDS = new Set([
  'language',
  'callback_url',
  'task',
  'prompt',
  'word_timestamps',
  'temperature',
  'vad',
  'model',
  'summary_instruction',
  'summary_template_id',
]);

/** The new transcription, and the secret that signs its callbacks when the upload named a callback_url. */
export interface Upload {
  transcription: Transcription;
  callbackSecret: string | null;
}

/** The per-job options an upload's form may carry (the OpenAI-compatible routes read theirs themselves). */
export interface JobOptions {
  language: string;
  task: TranscriptionTask;
  prompt: string | null;
  wordTimestamps: boolean;
  /** whisper's sampling temperature, 0–1; null: whisper's default. */
  temperature: number | null;
  /** Skip silence (voice activity detection); null or left out: the runner's VAD_ENABLED. */
  vad?: boolean | null;
  /** The whisper model the job must run on; null: any runner. */
  model: string | null;
  /** What the first summary should follow; the OpenAI-compatible routes make none. */
  summaryInstruction?: string | null;
}

/** A summary template the form named, to be resolved into its instruction before the row is written. */
interface SummaryTemplateChoice {
  summaryTemplateId?: string;
}

/**
 * Reads a form's own fields into job options (and a callback_url), before anything is stored;
 * throws a 400 for a value it cannot take. The default reads the upload form.
 */
export type FormReader = (fields: Record<string, string>) => JobOptions & SummaryTemplateChoice & { callbackUrl?: string };

export function parseLanguage(value: string | undefined): string {
  const given = value?.trim();
  const language = given === undefined || given === '' ? 'auto' : given;
  if (!LANGUAGE_OR_AUTO.test(language)) {
    throw new BadRequestException(`language must be an ISO code such as "en" or "zh", or "auto" (got "${value}")`);
  }
  return language;
}

export function parseTask(value: string | undefined): TranscriptionTask {
  const given = value?.trim();
  const task = given === undefined || given === '' ? 'transcribe' : given;
  if (!(TRANSCRIPTION_TASKS as readonly string[]).includes(task)) {
    throw new BadRequestException(`task must be one of: ${TRANSCRIPTION_TASKS.join(', ')} (got "${value}")`);
  }
  return task as TranscriptionTask;
}

/** Blank means none; longer than MAX_PROMPT_LENGTH characters is refused. */
export function parsePrompt(value: string | undefined): string | null {
  const prompt = value?.trim();
  if (!prompt) return null;
  if (prompt.length > MAX_PROMPT_LENGTH) {
    throw new BadRequestException(`prompt must be at most ${MAX_PROMPT_LENGTH} characters`);
  }
  return prompt;
}

/** Blank means whisper's default; otherwise a number from 0 to 1. */
export function parseTemperature(value: string | undefined): number | null {
  const given = value?.trim();
  if (!given) return null;
  const temperature = Number(given);
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 1) {
    throw new BadRequestException(`temperature must be a number from 0 to 1 (got "${value}")`);
  }
  return temperature;
}

/** The name OpenAI's clients send, which GET /v1/models lists first: any runner, its own model. */
export const ANY_MODEL = 'whisper-1';

/**
 * A whisper model name (a runner's WHISPER_MODEL, such as large-v3-turbo or small.en); blank or
 * `whisper-1` means none (any runner). Any valid name is taken: the job waits until a runner with
 * that model claims it.
 */
export function parseModel(value: string | undefined): string | null {
  const model = value?.trim();
  if (!model || model === ANY_MODEL) return null;
  if (!MODEL_NAME.test(model)) throw new BadRequestException(`model: ${MODEL_NAME_MESSAGE} (got "${value}")`);
  return model;
}

/** true or false; blank or left out: `absent`. */
function parseBoolean<T extends boolean | null = boolean>(
  name: string,
  value: string | undefined,
  absent = false as T,
): boolean | T {
  const given = value?.trim().toLowerCase();
  if (given === undefined || given === '') return absent;
  if (given === 'false') return false;
  if (given === 'true') return true;
  throw new BadRequestException(`${name} must be true or false (got "${value}")`);
}

/** Blank means none; longer than MAX_SUMMARY_INSTRUCTION_LENGTH characters is refused. */
function parseSummaryInstruction(value: string | undefined): string | null {
  const instruction = value?.trim();
  if (!instruction) return null;
  if (instruction.length > MAX_SUMMARY_INSTRUCTION_LENGTH) {
    throw new BadRequestException(`summary_instruction must be at most ${MAX_SUMMARY_INSTRUCTION_LENGTH} characters`);
  }
  return instruction;
}

/**
 * The upload form: language, task, prompt, word_timestamps, temperature, vad, summary_instruction or
 * summary_template_id, model, callback_url; any other field is refused.
 */
export const readUploadForm: FormReader = (fields) => {
  const unknownField = Object.keys(fields).find((name) => !FORM_FIELDS.has(name));
  if (unknownField) throw new BadRequestException(`unknown form field "${unknownField}"`);
  const templateField = fields.summary_template_id?.trim();
  const summaryTemplateId = templateField === '' ? undefined : templateField;
  const summaryInstruction = parseSummaryInstruction(fields.summary_instruction);
  if (summaryTemplateId !== undefined && summaryInstruction !== null) {
    throw new BadRequestException('send summary_instruction or summary_template_id, not both');
  }
  return {
    summaryInstruction,
    summaryTemplateId,
    language: parseLanguage(fields.language),
    task: parseTask(fields.task),
    prompt: parsePrompt(fields.prompt),
    wordTimestamps: parseBoolean('word_timestamps', fields.word_timestamps),
    temperature: parseTemperature(fields.temperature),
    vad: parseBoolean('vad', fields.vad, null),
    model: parseModel(fields.model),
    callbackUrl: fields.callback_url?.trim(),
  };
};

/**
 * Receives an upload: streamed to storage (size and sha256 computed on the way, the type decided
 * from the first bytes), then the pending row. The file is renamed into place before the row is
 * written, and removed again if the row is refused; a crash in between (or a database that stops
 * answering, so the row's fate is unknown) leaves a file that the storage sweep reconciles with
 * the rows. So a row never points at a missing or partial file, and nothing is lost.
 */
@Injectable()
export class UploadService {
  private readonly logger = new Logger(UploadService.name);

  constructor(
    private readonly transcriptions: TranscriptionsService,
    private readonly attempts: UploadAttemptRepository,
    private readonly storage: AudioStorage,
    private readonly config: ServerConfig,
    private readonly metrics: ServerMetrics,
    private readonly webhooks: WebhookService,
    private readonly templates: SummaryTemplatesService,
  ) {}

  /** Every attempt counts in the metrics: accepted (with its bytes) or refused, whatever the reason. */
  async upload(user: User, request: Request, response: Response, readForm: FormReader = readUploadForm): Promise<Upload> {
    try {
      const upload = await this.receive(user, request, response, readForm);
      this.metrics.uploadAccepted(upload.transcription.fileSize ?? 0);
      return upload;
    } catch (error) {
      this.metrics.uploadRefused();
      throw error;
    }
  }

  private async receive(user: User, request: Request, response: Response, readForm: FormReader): Promise<Upload> {
    const declared = Number(request.headers['content-length']);
    if (declared > this.config.maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
      response.setHeader('Connection', 'close');
      throw this.tooLarge();
    }
    await this.enforceRateLimit(user, response);
    await this.ensureFreeSpace(Number.isFinite(declared) ? declared : 0, response);

    const id = randomUUID();
    let stored: (StoredAudio & { type?: AudioType }) | undefined;
    const { fileName, fields } = await receiveMultipart(request, 'file', async (file) => {
      const sniffer = new AudioSniffer();
      try {
        const result = await this.storage.write(id, file, this.config.maxUploadBytes, sniffer);
        stored = { ...result, type: sniffer.detected };
      } catch (error) {
        file.resume();
        throw this.translate(error);
      }
    }).catch(async (error: unknown) => {
      await this.storage.delete(id); // stored completely but the request failed afterwards
      throw error;
    });

    let upload: NewTranscription;
    let callbackUrl: string | null;
    try {
      if (!stored || stored.size === 0) throw new BadRequestException('the file is empty');
      const { callbackUrl: callback, summaryTemplateId, ...options } = readForm(fields);
      callbackUrl = callback ? await this.webhooks.callbackUrl(callback) : null;
      if (summaryTemplateId !== undefined) {
        options.summaryInstruction = await this.templates.instructionOf(summaryTemplateId, 'summary_template_id');
      }
      upload = {
        id,
        userId: user.id,
        fileName: cleanFileName(fileName),
        filePath: id,
        contentType: stored.type?.mime ?? null,
        fileSize: stored.size,
        audioSha256: stored.sha256,
        ...options,
      };
    } catch (error) {
      await this.storage.delete(id);
      throw error;
    }
    const transcription = await this.record(upload);
    // Stored before the answer, and long before a runner can finish the job; should it fail, the
    // client gets an error (never the secret), and the job runs without a callback.
    const callbackSecret = callbackUrl === null ? null : await this.webhooks.attachCallback(transcription.id, callbackUrl);
    return { transcription, callbackSecret };
  }

  private async record(upload: NewTranscription): Promise<Transcription> {
    try {
      return await this.transcriptions.create(upload);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        // The row may or may not have been written: the storage sweep keeps the file if it was.
        this.logger.warn(`upload ${upload.id}: the database did not confirm the row; the storage sweep will reconcile its file`);
        throw new DatabaseUnavailableException();
      }
      await this.storage.delete(upload.id);
      if (sqlState(error) === '23503') {
        throw new ConflictException('your account was deleted while the file was uploading; nothing was kept');
      }
      throw error;
    }
  }

  /** Attempts are counted in the database, so the limit holds across server replicas and restarts. */
  private async enforceRateLimit(user: User, response: Response): Promise<void> {
    const limit = this.config.uploadRateLimit;
    if (limit === 0) return;
    const window = this.config.uploadRateWindowSeconds;
    const decision = await this.attempts.recordIfUnder(user.id, limit, window);
    if (!decision.allowed) {
      response.setHeader('Retry-After', String(decision.retryAfterSeconds));
      response.setHeader('Connection', 'close');
      throw new HttpException(
        `upload limit reached: ${limit} uploads per ${window} s; try again in ${decision.retryAfterSeconds} s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** Refuses the upload up front while the volume is below MIN_FREE_DISK_MB, or would be after it. */
  private async ensureFreeSpace(incomingBytes: number, response: Response): Promise<void> {
    const { freeBytes } = await this.storage.diskSpace();
    const floor = this.config.minFreeDiskBytes;
    if (freeBytes - incomingBytes >= floor) return;
    response.setHeader('Connection', 'close');
    throw insufficientStorage(
      freeBytes < floor
        ? 'the server is running out of disk space and accepts no uploads for now; try again later or tell an administrator'
        : 'the server has no room for a file this large right now; try again later or tell an administrator',
    );
  }

  private translate(error: unknown): unknown {
    if (error instanceof AudioTooLargeError) return this.tooLarge();
    if (error instanceof NotAudioError) return new UnsupportedMediaTypeException(error.message);
    if (error instanceof StorageFullError) {
      return insufficientStorage('the server ran out of disk space while storing the file; nothing was kept; try again later');
    }
    return error;
  }

  private tooLarge(): PayloadTooLargeException {
    return new PayloadTooLargeException(`the file is larger than the ${this.config.maxUploadMb} MB limit`);
  }
}
