import path from 'node:path';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { FromEnv, LogSettings, loadConfig, parseBoolean, parseList, parseNumber } from '@app/contracts';

/** Every setting of the server, read once at boot from the environment (and .env). */
export class ServerConfig extends LogSettings {
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

  /** Run migrations at boot (on by default; turn off when a release job runs them). */
  @FromEnv('MIGRATIONS_RUN')
  @Transform(parseBoolean)
  @IsBoolean()
  migrationsRun = true;

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
}

export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  return loadConfig('server', ServerConfig, env);
}
