import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { TranscriptionStatus, type TranscriptionTask } from '@app/contracts';
import {
  ANY_MODEL,
  parseLanguage,
  parsePrompt,
  parseTemperature,
  UploadService,
  type FormReader,
} from '../audio/upload.service.js';
import { ServerConfig } from '../config/server-config.js';
import { EventBus } from '../events/event-bus.js';
import { HeldRequests } from '../events/held-requests.js';
import type { Transcription } from '../transcriptions/transcription.js';
import { TranscriptionsService } from '../transcriptions/transcriptions.service.js';
import type { User } from '../users/user.js';
import { RunnerQueueService } from '../runner-queue/runner-queue.service.js';
import { OpenAiError } from './openai-exception.filter.js';
import {
  OPENAI_RESPONSE_FORMATS,
  type OpenAiAnswer,
  openAiAnswer,
  type OpenAiResponseFormat,
  TIMESTAMP_GRANULARITIES,
  type TimestampGranularity,
} from './openai-formats.js';

/** The one model name OpenAI's clients send by default: no model named, any runner. */
export const DEFAULT_MODEL = ANY_MODEL;

const TERMINAL = new Set<string>([TranscriptionStatus.Completed, TranscriptionStatus.Failed, TranscriptionStatus.Cancelled]);

/** What an OpenAI-style request asked for besides the job's own options. */
interface Requested {
  format: OpenAiResponseFormat;
  granularities: TimestampGranularity[];
  temperature: number;
}

const bad = (message: string, param: string) => new OpenAiError(HttpStatus.BAD_REQUEST, message, { param });

/**
 * OpenAI's form fields, read before anything is stored (a bad one: 400, nothing kept). Fields
 * OpenAI defines that this server does not use (`stream`, `include[]`, `chunking_strategy` …) are
 * refused only where they would change the answer (`stream=true`); others are ignored.
 */
function openAiForm(task: TranscriptionTask, requested: Requested, onlineModels: string[]): FormReader {
  return (fields) => {
    const model = fields.model?.trim();
    if (!model) throw bad('you must provide a model parameter (whisper-1)', 'model');
    if (model !== DEFAULT_MODEL && !onlineModels.includes(model)) {
      const available = [DEFAULT_MODEL, ...onlineModels].map((name) => `"${name}"`).join(', ');
      throw new OpenAiError(
        HttpStatus.BAD_REQUEST,
        `the model "${model}" does not exist here: no runner online has it. Available: ${available} ("${DEFAULT_MODEL}": any runner)`,
        { param: 'model', code: 'model_not_found' },
      );
    }
    const format = fields.response_format?.trim() ? fields.response_format.trim() : 'json';
    if (!(OPENAI_RESPONSE_FORMATS as readonly string[]).includes(format)) {
      throw bad(`response_format must be one of: ${OPENAI_RESPONSE_FORMATS.join(', ')} (got "${format}")`, 'response_format');
    }
    requested.format = format as OpenAiResponseFormat;
    let temperature: number | null;
    try {
      temperature = parseTemperature(fields.temperature);
    } catch (error) {
      throw bad((error as Error).message, 'temperature');
    }
    requested.temperature = temperature ?? 0;
    const granularities = (fields['timestamp_granularities[]'] ?? fields.timestamp_granularities ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    for (const granularity of granularities) {
      if (!(TIMESTAMP_GRANULARITIES as readonly string[]).includes(granularity)) {
        throw bad(`timestamp_granularities[] must be segment or word (got "${granularity}")`, 'timestamp_granularities');
      }
    }
    requested.granularities = granularities as TimestampGranularity[];
    if (fields.stream?.trim() === 'true') throw bad('streaming is not supported: send stream=false or leave it out', 'stream');
    let language: string;
    try {
      language = task === 'translate' ? 'auto' : parseLanguage(fields.language);
    } catch (error) {
      throw bad((error as Error).message, 'language');
    }
    let prompt: string | null;
    try {
      prompt = parsePrompt(fields.prompt);
    } catch (error) {
      throw bad((error as Error).message, 'prompt');
    }
    return {
      language,
      task,
      prompt,
      wordTimestamps: requested.granularities.includes('word'),
      temperature,
      model: model === DEFAULT_MODEL ? null : model,
    };
  };
}

/**
 * OpenAI's audio API on top of the job queue: the upload goes through UploadService like any
 * other (limits, sniffing, rate limit; the job is in the user's list), then the request waits for
 * the job to end, on the event bus, up to OPENAI_WAIT_SECONDS.
 */
@Injectable()
export class OpenAiService {
  constructor(
    private readonly uploads: UploadService,
    private readonly transcriptions: TranscriptionsService,
    private readonly bus: EventBus,
    private readonly held: HeldRequests,
    private readonly config: ServerConfig,
    private readonly queue: RunnerQueueService,
  ) {}

  /** The models /v1 takes: whisper-1 (any runner), then every model an online runner announced. */
  async models(): Promise<string[]> {
    return [DEFAULT_MODEL, ...(await this.queue.onlineModels()).filter((model) => model !== DEFAULT_MODEL)];
  }

  async transcribe(user: User, task: TranscriptionTask, request: Request, response: Response): Promise<OpenAiAnswer | undefined> {
    const requested: Requested = { format: 'json', granularities: [], temperature: 0 };
    // Read before the upload: the form is checked as it streams in, and a model no online runner has is refused.
    const onlineModels = await this.queue.onlineModels();
    const { transcription } = await this.uploads.upload(user, request, response, openAiForm(task, requested, onlineModels));
    const outcome = await this.waitForEnd(transcription.id, response);
    if (outcome === 'gone') return undefined; // the client hung up: the job stays queued
    const current = await this.transcriptions.get({ ownerId: user.id }, transcription.id);
    if (outcome === 'timeout' && !TERMINAL.has(current.status)) throw this.stillRunning(current);
    return this.answer(current, requested);
  }

  private answer(transcription: Transcription, requested: Requested): OpenAiAnswer {
    switch (transcription.status) {
      case TranscriptionStatus.Completed:
        return openAiAnswer(transcription, requested.format, requested.granularities, requested.temperature);
      case TranscriptionStatus.Cancelled:
        throw new OpenAiError(HttpStatus.CONFLICT, `the transcription ${transcription.id} was cancelled`, {
          jobId: transcription.id,
        });
      case TranscriptionStatus.Failed:
        throw new OpenAiError(
          HttpStatus.BAD_GATEWAY,
          `the transcription failed: ${transcription.errorMessage ?? 'no reason was given'}`,
          { jobId: transcription.id },
        );
      default:
        throw this.stillRunning(transcription);
    }
  }

  private stillRunning(transcription: Transcription): HttpException | OpenAiError {
    return new OpenAiError(
      HttpStatus.GATEWAY_TIMEOUT,
      `the transcription ${transcription.id} is still ${transcription.status === TranscriptionStatus.Pending ? 'queued' : 'running'}; fetch it later at GET /api/transcriptions/${transcription.id}`,
      { jobId: transcription.id },
    );
  }

  /**
   * Until the job's terminal event (the job re-read after subscribing, so an end that came before
   * is not missed), the wait's end, the server's shutdown ('timeout') or the client hanging up ('gone').
   */
  private waitForEnd(id: string, response: Response): Promise<'done' | 'timeout' | 'gone'> {
    return new Promise((resolve) => {
      let settled = false;
      const cleanups: (() => void)[] = [];
      const finish = (outcome: 'done' | 'timeout' | 'gone') => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        resolve(outcome);
      };
      cleanups.push(
        this.bus.subscribe((event) => {
          if (event.topic !== 'transcription' || event.payload.id !== id) return;
          if (event.payload.change === 'deleted' || TERMINAL.has(String(event.payload.status))) finish('done');
        }),
      );
      const timer = setTimeout(() => finish('timeout'), this.config.openAiWaitSeconds * 1000);
      cleanups.push(() => clearTimeout(timer));
      const onClose = () => {
        if (!response.writableEnded) finish('gone');
      };
      response.on('close', onClose);
      cleanups.push(() => response.off('close', onClose));
      cleanups.push(this.held.hold(() => finish('timeout')));
      this.transcriptions.get({ admin: true }, id).then(
        (transcription) => TERMINAL.has(transcription.status) && finish('done'),
        () => finish('done'), // deleted meanwhile (or the database failed): the caller's re-read says which
      );
    });
  }
}
