import { Injectable } from '@nestjs/common';
import { UPLOAD_LANGUAGES, type WebConfigDto } from '@app/contracts';
import { ServerConfig } from '../config/server-config.js';
import { LanguageModel } from '../language-model/language-model.js';
import { installVersion } from './install-root.js';

/** What the web app reads before sign-in. Public values only: never a secret key. */
@Injectable()
export class WebConfigService {
  private readonly webConfig: WebConfigDto;

  constructor(config: ServerConfig, model: LanguageModel) {
    this.webConfig = {
      auth_mode: config.localAuth ? 'local' : 'supabase',
      supabase_url: config.supabaseUrl ?? null,
      supabase_anon_key: config.supabaseAnonKey ?? null,
      max_upload_bytes: config.maxUploadBytes,
      max_upload_mb: config.maxUploadMb,
      languages: [...UPLOAD_LANGUAGES],
      // Uploads without a language are detected; the server has no other default.
      default_language: 'auto',
      chat_available: model.enabled,
      version: installVersion(),
    };
  }

  get(): WebConfigDto {
    return this.webConfig;
  }
}
