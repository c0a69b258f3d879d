import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Ffmpeg } from './media/ffmpeg.js';
import { VoiceActivity, VoiceActivityUnavailableError } from './vad/voice-activity.js';
import { WhisperCli } from './whisper/whisper-cli.js';
import { WhisperModel } from './whisper/whisper-model.js';

/** Something the runner cannot work without; the message says how to fix it. */
export class PreflightError extends Error {}

/**
 * Before the first poll: whisper-cli runs, ffmpeg exists, the model is there (downloaded if it
 * is a named model), the voice activity model loads (VAD_ENABLED). Any of them missing stops the runner at boot with a clear message, instead
 * of claiming jobs it would then fail.
 */
@Injectable()
export class Preflight implements OnModuleInit {
  private readonly logger = new Logger(Preflight.name);
  whisperVersion?: string;

  constructor(
    private readonly whisper: WhisperCli,
    private readonly ffmpeg: Ffmpeg,
    private readonly model: WhisperModel,
    private readonly voiceActivity: VoiceActivity,
  ) {}

  async onModuleInit(): Promise<void> {
    this.whisperVersion = this.whisper.version();
    if (!this.whisperVersion) {
      throw new PreflightError(
        `whisper-cli does not run at ${this.whisper.binary}: build it with \`npm run build:whisper\` (WHISPER_DEVICE=cuda for GPUs) or set WHISPER_CLI_PATH`,
      );
    }
    if (!this.ffmpeg.binary) {
      throw new PreflightError(
        'no ffmpeg: install it (apt-get install ffmpeg), set FFMPEG_PATH, or npm ci with optional dependencies',
      );
    }
    if (this.voiceActivity.enabled) {
      await this.voiceActivity.load().catch((error: unknown) => {
        throw error instanceof VoiceActivityUnavailableError ? new PreflightError(error.message) : error;
      });
    }
    const model = await this.model.ensure();
    this.logger.log(`whisper-cli ${this.whisperVersion}; model ${model}`);
  }
}
