import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadRunnerConfig } from '../config/runner-config.js';
import { ModelUnavailableError, WhisperModel } from './whisper-model.js';

/**
 * A stand-in for the model repository, shaped like Hugging Face: /models/ggml-<name>.bin answers
 * 302 with the sha256 in X-Linked-Etag, and the "CDN" address it points to serves the bytes.
 */
async function modelHost(files: Record<string, { body: Buffer; sha256?: string }>) {
  let requests = 0;
  const server = http.createServer((request, response) => {
    const name = path.basename(request.url ?? '');
    const file = files[name];
    if (!file) {
      response.statusCode = 404;
      response.end();
      return;
    }
    if (request.url?.startsWith('/models/')) {
      if (file.sha256) response.setHeader('X-Linked-Etag', `"${file.sha256}"`);
      response.statusCode = 302;
      response.setHeader('Location', `/cdn/${name}`);
      response.end();
      return;
    }
    requests += 1;
    response.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/models`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('WhisperModel', () => {
  let dir: string;
  const body = Buffer.from('ggml model bytes '.repeat(1000));
  const sha256 = createHash('sha256').update(body).digest('hex');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ws-model-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const model = (url: string, extra: Record<string, string> = {}) =>
    new WhisperModel(
      loadRunnerConfig({
        RUNNER_API_KEY: 'k'.repeat(16),
        WHISPER_MODEL: 'small',
        WHISPER_MODEL_DIR: dir,
        WHISPER_MODEL_URL: url,
        ...extra,
      }),
    );

  it('downloads a named model once, checking its sha256, and reuses it', async () => {
    const host = await modelHost({ 'ggml-small.bin': { body, sha256 } });
    try {
      const first = model(host.url);
      expect(await first.ensure()).toBe(path.join(dir, 'ggml-small.bin'));
      expect((await readFile(path.join(dir, 'ggml-small.bin'))).equals(body)).toBe(true);
      expect(await model(host.url).ensure()).toBe(path.join(dir, 'ggml-small.bin'));
      expect(host.requests()).toBe(1);
    } finally {
      await host.close();
    }
  });

  it('refuses a corrupt download and leaves nothing behind', async () => {
    const host = await modelHost({ 'ggml-small.bin': { body, sha256: 'f'.repeat(64) } });
    try {
      await expect(model(host.url).ensure()).rejects.toThrow(/corrupt.*WHISPER_MODEL_PATH/s);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it('refuses a download it cannot verify, a missing model and an unreachable host, saying how to provide one', async () => {
    const host = await modelHost({ 'ggml-small.bin': { body } });
    try {
      await expect(model(host.url).ensure()).rejects.toThrow(/no sha256/);
      await expect(model(host.url, { WHISPER_MODEL: 'medium' }).ensure()).rejects.toThrow(/answered 404/);
    } finally {
      await host.close();
    }
    await expect(model('http://127.0.0.1:9/models').ensure()).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(model('http://127.0.0.1:9/models', { WHISPER_MODEL_PATH: path.join(dir, 'nope.bin') }).ensure()).rejects.toThrow(
      /WHISPER_MODEL_PATH=.*does not exist/,
    );
    expect(existsSync(path.join(dir, 'ggml-small.bin'))).toBe(false);
  });

  it('serves WHISPER_EXTRA_MODELS by name: one download shared by jobs that need it at once, none for a model it lacks', async () => {
    const extra = Buffer.from('another ggml model '.repeat(500));
    const host = await modelHost({
      'ggml-small.bin': { body, sha256 },
      'ggml-medium.bin': { body: extra, sha256: createHash('sha256').update(extra).digest('hex') },
    });
    try {
      const runner = model(host.url, { WHISPER_EXTRA_MODELS: 'medium, small' });
      const medium = path.join(dir, 'ggml-medium.bin');
      expect(await Promise.all([runner.ensure('medium'), runner.ensure('medium')])).toEqual([medium, medium]);
      expect(host.requests()).toBe(1);
      expect((await readFile(medium)).equals(extra)).toBe(true);
      expect(await runner.ensure('small')).toBe(path.join(dir, 'ggml-small.bin')); // its own model, by name
      expect(await runner.ensure(null)).toBe(path.join(dir, 'ggml-small.bin'));
      await expect(runner.ensure('large-v3')).rejects.toThrow(/does not have the model large-v3 \(it has small, medium\)/);
      expect(host.requests()).toBe(2);
    } finally {
      await host.close();
    }
  });
});
