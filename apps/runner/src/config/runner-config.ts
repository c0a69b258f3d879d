import os from 'node:os';
import path from 'node:path';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { LANGUAGE_OR_AUTO, MAX_CLAIM_WAIT_SECONDS, MODEL_NAME, MODEL_NAME_MESSAGE } from '@app/contracts';
import { FromEnv, LanguageModelSettings, loadConfig, parseBoolean, parseList, parseNumber } from '@app/runtime';

/** Every setting of a runner, read once at boot from the environment (and .env). */
export class RunnerConfig extends LanguageModelSettings {
  @FromEnv('SERVER_URL')
  @Matches(/^https?:\/\/[^/]+/, { message: 'SERVER_URL must be an http(s) URL such as http://server:8000' })
  serverUrl = 'http://localhost:8000';

  @FromEnv('RUNNER_API_KEY')
  @IsString({ message: 'RUNNER_API_KEY is required: the same value as the server’s RUNNER_API_KEY' })
  @MinLength(16, { message: 'RUNNER_API_KEY must be at least 16 characters (use a long random value)' })
  runnerApiKey!: string;

  @FromEnv('RUNNER_ID')
  @Matches(/^[\w.-]{1,100}$/, { message: 'RUNNER_ID must be 1–100 letters, digits, ".", "_" or "-"' })
  runnerId = os
    .hostname()
    .replace(/[^\w.-]/g, '-')
    .slice(0, 100);

  @FromEnv('RUNNER_PORT')
  @Transform(parseNumber)
  @IsInt()
  @Min(0)
  @Max(65535)
  runnerPort = 8001;

  @FromEnv('POLL_INTERVAL_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.1)
  pollIntervalSeconds = 10;

  /**
   * How long each claim waits at the server for a job to arrive (long-poll: a new upload is
   * picked up within milliseconds); 0 asks and returns at once, every POLL_INTERVAL_SECONDS.
   */
  @FromEnv('CLAIM_WAIT_SECONDS')
  @Transform(parseNumber)
  @IsInt()
  @Min(0)
  @Max(MAX_CLAIM_WAIT_SECONDS)
  claimWaitSeconds = 25;

  @FromEnv('MAX_CONCURRENT_JOBS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  maxConcurrentJobs = 2;

  @FromEnv('JOB_TIMEOUT_SECONDS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  jobTimeoutSeconds = 3600;

  @FromEnv('WHISPER_DEVICE', 'FASTER_WHISPER_DEVICE')
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(['cuda', 'cpu'])
  whisperDevice: 'cuda' | 'cpu' = 'cpu';

  /** A whisper.cpp model name (tiny, base.en, large-v3-turbo …), downloaded into WHISPER_MODEL_DIR. */
  @FromEnv('WHISPER_MODEL', 'FASTER_WHISPER_MODEL_SIZE')
  @Matches(/^[\w.-]+$/, { message: 'WHISPER_MODEL must be a model name such as large-v3-turbo' })
  whisperModel = 'large-v3-turbo';

  /** A ggml model file; wins over WHISPER_MODEL. */
  @FromEnv('WHISPER_MODEL_PATH')
  @IsOptional()
  @IsString()
  whisperModelPath?: string;

  /** The model name this runner announces (jobs naming it are routed here); default: see modelName. */
  @FromEnv('WHISPER_MODEL_NAME')
  @IsOptional()
  @Matches(MODEL_NAME, { message: `WHISPER_MODEL_NAME: ${MODEL_NAME_MESSAGE}` })
  whisperModelName?: string;

  /**
   * More whisper.cpp model names this runner serves besides its own (jobs that name one are routed
   * here): each `ggml-<name>.bin` in WHISPER_MODEL_DIR, downloaded when a job first needs it.
   */
  @FromEnv('WHISPER_EXTRA_MODELS')
  @Transform(parseList)
  @Matches(MODEL_NAME, { each: true, message: `WHISPER_EXTRA_MODELS: each ${MODEL_NAME_MESSAGE}` })
  whisperExtraModels: string[] = [];

  @FromEnv('WHISPER_MODEL_DIR')
  @IsString()
  whisperModelDir = './data/models';

  /** The whisper-cli binary; default: the one `npm run build:whisper` builds for WHISPER_DEVICE. */
  @FromEnv('WHISPER_CLI_PATH')
  @IsOptional()
  @IsString()
  whisperCliPathSetting?: string;

  @FromEnv('WHISPER_LANGUAGE')
  @Matches(LANGUAGE_OR_AUTO, { message: 'WHISPER_LANGUAGE must be "auto" or an ISO language code such as en or zh' })
  whisperLanguage = 'auto';

  @FromEnv('WHISPER_THREADS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  whisperThreads = 4;

  @FromEnv('ENABLE_CHUNKING')
  @Transform(parseBoolean)
  @IsBoolean()
  enableChunking = true;

  @FromEnv('CHUNK_SIZE_MINUTES')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.1)
  chunkSizeMinutes = 10;

  @FromEnv('CHUNK_OVERLAP_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0)
  chunkOverlapSeconds = 15;

  @FromEnv('MAX_CONCURRENT_CHUNKS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  maxConcurrentChunks = 4;

  /** Cut long audio in pauses: those voice activity detection found (VAD_ENABLED), else at the lowest energy. */
  @FromEnv('USE_VAD_SPLIT')
  @Transform(parseBoolean)
  @IsBoolean()
  useVadSplit = true;

  /** Silero voice activity detection: whisper hears only speech (a job's `vad` may say otherwise). */
  @FromEnv('VAD_ENABLED')
  @Transform(parseBoolean)
  @IsBoolean()
  vadEnabled = true;

  /** Speech starts where Silero's probability reaches this (and ends below it minus 0.15). */
  @FromEnv('VAD_THRESHOLD')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.05)
  @Max(0.95)
  vadThreshold = 0.5;

  /** Speech ends only after this much silence (shorter pauses stay inside it). */
  @FromEnv('VAD_MIN_SILENCE_MS')
  @Transform(parseNumber)
  @IsInt()
  @Min(0)
  vadMinSilenceMs = 1000;

  /** Each stretch of speech keeps this much audio either side. */
  @FromEnv('VAD_SPEECH_PAD_MS')
  @Transform(parseNumber)
  @IsInt()
  @Min(0)
  vadSpeechPadMs = 300;

  @FromEnv('REVIEW_LANGUAGE')
  @IsString()
  reviewLanguage = 'zh';

  /** An ffmpeg binary; default: Debian's `ffmpeg` on PATH, else the one an npm package ships. */
  @FromEnv('FFMPEG_PATH')
  @IsOptional()
  @IsString()
  ffmpegPath?: string;

  /** Where named models are downloaded from (the whisper.cpp model repository). */
  @FromEnv('WHISPER_MODEL_URL')
  @Matches(/^https?:\/\/.+/, { message: 'WHISPER_MODEL_URL must be an http(s) URL' })
  whisperModelUrl = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

  /** Scratch space for downloads, converted audio and chunks (cleaned after every job). */
  @FromEnv('WORK_DIR')
  @IsString()
  workDir = path.join(os.tmpdir(), 'whisper-runner');

  @FromEnv('HEARTBEAT_INTERVAL_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.1)
  heartbeatIntervalSeconds = 20;

  /** On SIGTERM, how long running jobs may take to finish before they are handed back. */
  @FromEnv('SHUTDOWN_GRACE_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0)
  shutdownGraceSeconds = 30;

  /** Transcripts longer than this (characters) are summarized in parts, then combined. */
  @FromEnv('SUMMARY_CHUNK_CHARS')
  @Transform(parseNumber)
  @IsInt()
  @Min(500)
  summaryChunkChars = 24_000;

  /** Set: GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. Unset: it is open (keep it off public networks). */
  @FromEnv('METRICS_TOKEN')
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters (use a long random value)' })
  metricsToken?: string;

  /**
   * The model this runner announces to the server (jobs that name it come here): WHISPER_MODEL_NAME;
   * else, with WHISPER_MODEL_PATH, the <name> of its file name ggml-<name>.bin; else WHISPER_MODEL.
   */
  get modelName(): string {
    if (this.whisperModelName) return this.whisperModelName;
    if (this.whisperModelPath) {
      const named = /ggml-([A-Za-z0-9_.-]{1,100})\.bin$/.exec(path.basename(this.whisperModelPath));
      if (named) return named[1]!;
    }
    return this.whisperModel;
  }

  /** Every model this runner announces: its own (modelName) first, then WHISPER_EXTRA_MODELS. */
  get modelNames(): string[] {
    return [...new Set([this.modelName, ...this.whisperExtraModels])];
  }

  get whisperCliPath(): string {
    return path.resolve(this.whisperCliPathSetting ?? path.join('.whisper', this.whisperDevice, 'whisper-cli'));
  }
}

export function loadRunnerConfig(env: Record<string, string | undefined> = process.env): RunnerConfig {
  return loadConfig('runner', RunnerConfig, env);
}
