import { loadRunnerConfig } from './config/runner-config.js';
import type { Ffmpeg } from './media/ffmpeg.js';
import { Preflight, PreflightError } from './preflight.js';
import { VoiceActivity, VoiceActivityUnavailableError } from './vad/voice-activity.js';
import type { WhisperCli } from './whisper/whisper-cli.js';
import type { WhisperModel } from './whisper/whisper-model.js';

/** A voice activity provider whose model never loads, as on a machine without onnxruntime-node. */
class MissingModel extends VoiceActivity {
  override load(): Promise<void> {
    return Promise.reject(new VoiceActivityUnavailableError('cannot load the Silero model: … or set VAD_ENABLED=false'));
  }
}

const preflight = (env: Record<string, string>) => {
  const config = loadRunnerConfig({ RUNNER_API_KEY: 'k'.repeat(16), ...env });
  return new Preflight(
    { version: () => 'fake', binary: 'whisper-cli' } as unknown as WhisperCli,
    { binary: 'ffmpeg' } as unknown as Ffmpeg,
    { ensure: () => Promise.resolve('model.bin') } as unknown as WhisperModel,
    new MissingModel(config),
  );
};

describe('Preflight: voice activity detection', () => {
  it('stops the runner at boot, saying how to run without it, when VAD_ENABLED and the model cannot load', async () => {
    const failed = preflight({}).onModuleInit();
    await expect(failed).rejects.toBeInstanceOf(PreflightError);
    await expect(failed).rejects.toThrow(/VAD_ENABLED=false/);
  });

  it('does not load the model with VAD_ENABLED=false', async () => {
    await expect(preflight({ VAD_ENABLED: 'false' }).onModuleInit()).resolves.toBeUndefined();
  });
});
