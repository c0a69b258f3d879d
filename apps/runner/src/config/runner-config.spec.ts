import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@app/runtime';
import { loadRunnerConfig } from './runner-config.js';

const KEY = { RUNNER_API_KEY: 'k'.repeat(32) };

describe('RunnerConfig', () => {
  it('has the documented defaults', () => {
    const config = loadRunnerConfig(KEY);
    expect(config).toMatchObject({
      serverUrl: 'http://localhost:8000',
      runnerPort: 8001,
      pollIntervalSeconds: 10,
      maxConcurrentJobs: 2,
      jobTimeoutSeconds: 3600,
      whisperModel: 'large-v3-turbo',
      whisperLanguage: 'auto',
      whisperThreads: 4,
      enableChunking: true,
      chunkSizeMinutes: 10,
      chunkOverlapSeconds: 15,
      maxConcurrentChunks: 4,
      useVadSplit: true,
      glmModel: 'GLM-4.5-Air',
      reviewLanguage: 'zh',
    });
    expect(config.glmApiKey).toBeUndefined();
    expect(config.runnerId).toBe(
      os
        .hostname()
        .replace(/[^\w.-]/g, '-')
        .slice(0, 100),
    );
    expect(config.whisperCliPath).toBe(path.resolve('.whisper/cpu/whisper-cli'));
  });

  it('requires RUNNER_API_KEY', () => {
    expect(() => loadRunnerConfig({})).toThrow(/RUNNER_API_KEY is required/);
  });

  it('accepts the FASTER_WHISPER_* names of the faster-whisper runners as aliases', () => {
    const config = loadRunnerConfig({ ...KEY, FASTER_WHISPER_DEVICE: 'CUDA', FASTER_WHISPER_MODEL_SIZE: 'base.en' });
    expect(config.whisperDevice).toBe('cuda');
    expect(config.whisperModel).toBe('base.en');
    expect(config.whisperCliPath).toBe(path.resolve('.whisper/cuda/whisper-cli'));
  });

  it('announces WHISPER_MODEL_NAME, else the name in a ggml-<name>.bin WHISPER_MODEL_PATH, else WHISPER_MODEL', () => {
    expect(loadRunnerConfig({ ...KEY, WHISPER_MODEL: 'small.en' }).modelName).toBe('small.en');
    expect(loadRunnerConfig({ ...KEY, WHISPER_MODEL_PATH: '/models/ggml-base.bin' }).modelName).toBe('base');
    expect(loadRunnerConfig({ ...KEY, WHISPER_MODEL_PATH: '/models/custom.bin', WHISPER_MODEL: 'tiny' }).modelName).toBe('tiny');
    expect(
      loadRunnerConfig({ ...KEY, WHISPER_MODEL_PATH: '/models/ggml-base.bin', WHISPER_MODEL_NAME: 'base-finetuned' }).modelName,
    ).toBe('base-finetuned');
    expect(() => loadRunnerConfig({ ...KEY, WHISPER_MODEL_NAME: 'no spaces' })).toThrow(/WHISPER_MODEL_NAME/);
  });

  it('announces WHISPER_EXTRA_MODELS after its own model, once each', () => {
    expect(
      loadRunnerConfig({ ...KEY, WHISPER_MODEL: 'small', WHISPER_EXTRA_MODELS: 'medium, small,large-v3' }).modelNames,
    ).toEqual(['small', 'medium', 'large-v3']);
    expect(loadRunnerConfig({ ...KEY, WHISPER_MODEL: 'small' }).modelNames).toEqual(['small']);
    expect(() => loadRunnerConfig({ ...KEY, WHISPER_EXTRA_MODELS: 'medium,bad name' })).toThrow(/WHISPER_EXTRA_MODELS/);
  });

  it('lists every bad value at once', () => {
    try {
      loadRunnerConfig({
        RUNNER_API_KEY: 'short',
        SERVER_URL: 'ftp://x',
        WHISPER_DEVICE: 'tpu',
        MAX_CONCURRENT_JOBS: '0',
        ENABLE_CHUNKING: 'perhaps',
        WHISPER_LANGUAGE: 'klingon!',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      for (const name of [
        'RUNNER_API_KEY',
        'SERVER_URL',
        'WHISPER_DEVICE',
        'MAX_CONCURRENT_JOBS',
        'ENABLE_CHUNKING',
        'WHISPER_LANGUAGE',
      ]) {
        expect((error as Error).message).toContain(name);
      }
    }
  });
});
