import path from 'node:path';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsPositive, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { FromEnv, LanguageModelSettings, loadConfig, parseBoolean, parseList, parseNumber } from '@app/runtime';

/** Every setting of the server, read once at boot from the environment (and .env). */
export class ServerConfig extends LanguageModelSettings {
  @FromEnv('PORT')
  @Transform(parseNumber)
  @IsInt()
  @Min(0)
  @Max(65535)
  port = 8000;

  /** Unset: the server starts an embedded PostgreSQL under DATA_DIR. */
  @FromEnv('DATABASE_URL')
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  databaseUrl?: string;

  @FromEnv('DATA_DIR')
  @IsString()
  dataDir = './data';

  @FromEnv('STORAGE_DIR')
  @IsOptional()
  @IsString()
  storageDirSetting?: string;

  /** Unset: the runner API refuses everything (401). */
  @FromEnv('RUNNER_API_KEY')
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'RUNNER_API_KEY must be at least 16 characters (use a long random value)' })
  runnerApiKey?: string;

  @FromEnv('SUPABASE_URL')
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'SUPABASE_URL must be an http(s) URL' })
  supabaseUrl?: string;

  @FromEnv('SUPABASE_ANON_KEY')
  @IsOptional()
  @IsString()
  supabaseAnonKey?: string;

  @FromEnv('SUPABASE_SERVICE_ROLE_KEY')
  @IsOptional()
  @IsString()
  supabaseServiceRoleKey?: string;

  @FromEnv('SUPABASE_JWT_SECRET')
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'SUPABASE_JWT_SECRET must be at least 32 characters' })
  supabaseJwtSecret?: string;

  @FromEnv('ADMIN_EMAILS')
  @Transform(parseList)
  @IsString({ each: true })
  adminEmails: string[] = [];

  @FromEnv('CORS_ORIGINS')
  @Transform(parseList)
  @IsString({ each: true })
  corsOrigins: string[] = ['http://localhost:3000'];

  @FromEnv('MAX_UPLOAD_MB')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  maxUploadMb = 500;

  @FromEnv('LEASE_SECONDS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  leaseSeconds = 120;

  @FromEnv('MAX_ATTEMPTS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  maxAttempts = 3;

  /**
   * New users start active instead of waiting for an admin (single-user installs). Default: on
   * in local auth mode, off with a Supabase project.
   */
  @FromEnv('AUTO_ACTIVATE_USERS')
  @IsOptional()
  @Transform(parseBoolean)
  @IsBoolean()
  autoActivateUsersSetting?: boolean;

  /** Uploads one user may make per UPLOAD_RATE_WINDOW_SECONDS; 0 turns the limit off. */
  @FromEnv('UPLOAD_RATE_LIMIT')
  @Transform(parseNumber)
  @IsInt()
  @Min(0)
  uploadRateLimit = 30;

  @FromEnv('UPLOAD_RATE_WINDOW_SECONDS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  uploadRateWindowSeconds = 3600;

  /**
   * The longest an upload may take (the HTTP server cuts any request at this age). A partial
   * upload file untouched for longer belongs to no live request and is swept.
   */
  @FromEnv('UPLOAD_TIMEOUT_SECONDS')
  @Transform(parseNumber)
  @IsInt()
  @Min(10)
  uploadTimeoutSeconds = 3600;

  /** Uploads are refused (507) while the storage volume has less free space than this. */
  @FromEnv('MIN_FREE_DISK_MB')
  @Transform(parseNumber)
  @IsInt()
  @Min(0)
  minFreeDiskMb = 1024;

  /** How long POST /v1/audio/transcriptions (and translations) waits for its job before answering 504 with the job id. */
  @FromEnv('OPENAI_WAIT_SECONDS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  openAiWaitSeconds = 300;

  /** An idle event stream gets a comment line this often, so proxies do not close it. */
  @FromEnv('EVENT_HEARTBEAT_SECONDS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  eventHeartbeatSeconds = 15;

  /** How often storage is reconciled with the rows (orphans, partial uploads, missing audio) and retention applied. */
  @FromEnv('STORAGE_SWEEP_SECONDS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1)
  storageSweepSeconds = 600;

  /** A statement that takes longer fails the request with 503 (also what a frozen database costs). */
  @FromEnv('DATABASE_QUERY_TIMEOUT_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.1)
  databaseQueryTimeoutSeconds = 15;

  /** Waiting longer than this for a database connection fails the request with 503. */
  @FromEnv('DATABASE_CONNECT_TIMEOUT_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.1)
  databaseConnectTimeoutSeconds = 5;

  /**
   * The server's public base URL (e.g. https://transcribe.example.com), used for the download
   * links handed to runners. Unset: those links are relative paths.
   */
  @FromEnv('PUBLIC_URL')
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'PUBLIC_URL must be an http(s) URL such as https://transcribe.example.com' })
  publicUrl?: string;

  /**
   * Which proxies' X-Forwarded-* headers to believe (Express's "trust proxy": loopback, a list
   * of addresses or CIDRs, or a hop count). Unset: none, the headers are ignored.
   */
  @FromEnv('TRUST_PROXY')
  @IsOptional()
  @IsString()
  trustProxy?: string;

  /** Keep a completed job's audio this long (hours); 0 deletes it as soon as the result is stored. */
  @FromEnv('AUDIO_RETENTION_HOURS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0)
  audioRetentionHours = 0;

  /** Keep the audio of failed and cancelled jobs (for a retry) this many days. */
  @FromEnv('FAILED_AUDIO_RETENTION_DAYS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0)
  failedAudioRetentionDays = 7;

  /** Delete transcriptions (results, chat, share links) this many days after their upload; unset: never. */
  @FromEnv('TRANSCRIPT_RETENTION_DAYS')
  @IsOptional()
  @Transform(parseNumber)
  @IsNumber()
  @IsPositive()
  transcriptRetentionDays?: number;

  /** How much of a transcript (characters) a chat answer is given as context; longer ones are searched for the relevant parts. */
  @FromEnv('CHAT_CONTEXT_CHARS')
  @Transform(parseNumber)
  @IsInt()
  @Min(1000)
  chatContextChars = 24_000;

  /** Run migrations at boot (on by default; turn off when a release job runs them). */
  @FromEnv('MIGRATIONS_RUN')
  @Transform(parseBoolean)
  @IsBoolean()
  migrationsRun = true;

  /** Set: GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. Unset: it is open (keep it off public networks). */
  @FromEnv('METRICS_TOKEN')
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters (use a long random value)' })
  metricsToken?: string;

  /**
   * The built web app (index.html, assets/), served at /. Unset: dist/web of this install. A
   * folder without index.html: the server serves the API only.
   */
  @FromEnv('WEB_DIR')
  @IsOptional()
  @IsString()
  webDirSetting?: string;

  get storageDir(): string {
    return path.resolve(this.storageDirSetting ?? path.join(this.dataDir, 'uploads'));
  }

  /** Local mode: no Supabase project configured; tokens are signed with a secret kept in DATA_DIR. */
  get localAuth(): boolean {
    return !this.supabaseJwtSecret && !this.supabaseUrl;
  }

  get autoActivateUsers(): boolean {
    return this.autoActivateUsersSetting ?? this.localAuth;
  }

  get maxUploadBytes(): number {
    return this.maxUploadMb * 1024 * 1024;
  }

  /** TRUST_PROXY as Express takes it: a hop count, true/false, or addresses. */
  get trustProxySetting(): boolean | number | string {
    const value = this.trustProxy?.trim();
    if (!value || value === 'false') return false;
    if (value === 'true') return true;
    return /^\d+$/.test(value) ? Number(value) : value;
  }

  get minFreeDiskBytes(): number {
    return this.minFreeDiskMb * 1024 * 1024;
  }

  /** Webhook and callback URLs may point at loopback, link-local and private addresses (an install on a closed network). */
  @FromEnv('WEBHOOK_ALLOW_PRIVATE')
  @Transform(parseBoolean)
  @IsBoolean()
  webhookAllowPrivate = false;

  /** The first retry of a failed delivery waits this long; later ones 3×, 12×, 60×, … up to 2,880× (10 s → 8 h). */
  @FromEnv('WEBHOOK_RETRY_BASE_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.01)
  webhookRetryBaseSeconds = 10;

  /** A delivery is retried until this long after its event, then marked failed. */
  @FromEnv('WEBHOOK_RETRY_HOURS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.0001)
  webhookRetryHours = 24;

  /** One delivery attempt's limit, connection and answer together. */
  @FromEnv('WEBHOOK_TIMEOUT_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.1)
  @Max(60)
  webhookTimeoutSeconds = 10;

  /** How often each replica looks for due deliveries (one indexed query). */
  @FromEnv('WEBHOOK_SCAN_SECONDS')
  @Transform(parseNumber)
  @IsNumber()
  @Min(0.05)
  webhookScanSeconds = 1;
}

export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  return loadConfig('server', ServerConfig, env);
}
