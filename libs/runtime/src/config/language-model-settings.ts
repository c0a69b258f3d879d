import { IsOptional, IsString, Matches } from 'class-validator';
import { FromEnv } from './env.js';
import { LogSettings } from './log-settings.js';

/**
 * The OpenAI-compatible language model (GLM by default) an app talks to: the runner for
 * summaries, the server for chat and NotebookLM guidelines. Both apps' config classes extend it.
 */
export class LanguageModelSettings extends LogSettings {
  /** Unset: what needs the model is off (the runner completes jobs without a summary; the server's chat answers 503). */
  @FromEnv('GLM_API_KEY')
  @IsOptional()
  @IsString()
  glmApiKey?: string;

  @FromEnv('GLM_MODEL')
  @IsString()
  glmModel = 'GLM-4.5-Air';

  @FromEnv('GLM_BASE_URL')
  @Matches(/^https?:\/\/.+/, { message: 'GLM_BASE_URL must be an http(s) URL' })
  glmBaseUrl = 'https://api.z.ai/api/paas/v4/';
}
