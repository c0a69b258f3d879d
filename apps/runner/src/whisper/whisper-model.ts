import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger } from '@nestjs/common';
import { RunnerConfig } from '../config/runner-config.js';

/** sha256 of models whose hash we know without asking (the rest: the repository's own header). */
const KNOWN_SHA256: Record<string, string> = {
  'tiny.en': '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f',
  'base.en': 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002',
};

/** No usable model: the message says how to provide one. */
export class ModelUnavailableError extends Error {}

/**
 * The ggml models the runner transcribes with. Its own: WHISPER_MODEL_PATH, else
 * `ggml-<WHISPER_MODEL>.bin` in WHISPER_MODEL_DIR; and WHISPER_EXTRA_MODELS, `ggml-<name>.bin`
 * there too, for jobs that name them. A named model not yet in WHISPER_MODEL_DIR is downloaded once
 * from the whisper.cpp model repository (WHISPER_MODEL_URL) and checked against its sha256 (Hugging
 * Face sends it as X-Linked-Etag) before it is used; jobs needing it meanwhile wait for that download.
 */
@Injectable()
export class WhisperModel {
  private readonly logger = new Logger(WhisperModel.name);
  private readonly downloads = new Map<string, Promise<void>>();

  constructor(private readonly config: RunnerConfig) {}

  /** Where the runner's own model is (or will be after ensure()). */
  get path(): string {
    return path.resolve(this.config.whisperModelPath ?? this.pathOf(this.config.whisperModel));
  }

  /**
   * The model file for a job naming `name` (none, or the runner's own name: its own model),
   * downloading it first when it is a named model not yet in WHISPER_MODEL_DIR.
   */
  async ensure(name?: string | null): Promise<string> {
    if (!name || name === this.config.modelName) {
      if (existsSync(this.path)) return this.path;
      if (this.config.whisperModelPath) {
        throw new ModelUnavailableError(`WHISPER_MODEL_PATH=${this.config.whisperModelPath} does not exist`);
      }
      return this.downloaded(this.config.whisperModel);
    }
    if (!this.config.whisperExtraModels.includes(name)) {
      throw new ModelUnavailableError(
        `runner ${this.config.runnerId} does not have the model ${name} (it has ${this.config.modelNames.join(', ')})`,
      );
    }
    return existsSync(this.pathOf(name)) ? this.pathOf(name) : this.downloaded(name);
  }

  private pathOf(name: string): string {
    return path.resolve(this.config.whisperModelDir, `ggml-${name}.bin`);
  }

  private async downloaded(name: string): Promise<string> {
    let download = this.downloads.get(name);
    if (!download) {
      download = this.download(name).finally(() => this.downloads.delete(name));
      this.downloads.set(name, download);
    }
    await download;
    return this.pathOf(name);
  }

  private async download(name: string): Promise<void> {
    const fileName = `ggml-${name}.bin`;
    const target = this.pathOf(name);
    const url = `${this.config.whisperModelUrl.replace(/\/$/, '')}/${fileName}`;
    this.logger.log(`downloading ${fileName} from ${url} into ${this.config.whisperModelDir}`);
    const { response, advertisedSha256 } = await this.fetchFollowingRedirects(url, name);
    const expected = KNOWN_SHA256[name] ?? advertisedSha256;
    if (!expected) {
      await response.body?.cancel();
      throw this.unavailable(name, `${url} gives no sha256 to check the download against`);
    }
    const body = response.body;
    if (!body) throw this.unavailable(name, `${url} answered without a body`);

    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.download-${process.pid}`;
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(body), meter, createWriteStream(temp));
      const actual = hash.digest('hex');
      if (actual !== expected)
        throw this.unavailable(name, `the download of ${fileName} is corrupt (sha256 ${actual}, expected ${expected})`);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error instanceof ModelUnavailableError
        ? error
        : this.unavailable(name, `downloading ${url} failed: ${(error as Error).message}`);
    }
    this.logger.log(`model ready: ${target} (${(bytes / 2 ** 20).toFixed(0)} MiB, sha256 checked)`);
  }

  /**
   * Hugging Face answers a model URL with a redirect to its CDN that carries the file's sha256
   * (X-Linked-Etag); the CDN's own answer does not. So redirects are followed by hand, keeping it.
   */
  private async fetchFollowingRedirects(url: string, name: string): Promise<{ response: Response; advertisedSha256?: string }> {
    let advertisedSha256: string | undefined;
    let current = url;
    for (let hop = 0; hop < 5; hop++) {
      let response: Response;
      try {
        response = await fetch(current, { redirect: 'manual' });
      } catch (error) {
        throw this.unavailable(name, `${current} is unreachable (${(error as Error).message})`);
      }
      const linked = (response.headers.get('x-linked-etag') ?? '').replace(/"/g, '').toLowerCase();
      if (/^[0-9a-f]{64}$/.test(linked)) advertisedSha256 = linked;
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        current = new URL(location, current).toString();
        continue;
      }
      if (!response.ok || !response.body) throw this.unavailable(name, `${current} answered ${response.status}`);
      return { response, advertisedSha256 };
    }
    throw this.unavailable(name, `${url} redirects too many times`);
  }

  private unavailable(name: string, reason: string): ModelUnavailableError {
    return new ModelUnavailableError(
      `no whisper model: ${reason}. Put a ggml model at ${this.pathOf(name)}` +
        (name === this.config.whisperModel ? ', or set WHISPER_MODEL_PATH to one' : '') +
        ` (e.g. ggml-${name}.bin from https://huggingface.co/ggerganov/whisper.cpp), ` +
        'or set WHISPER_MODEL_URL to a mirror you can reach',
    );
  }
}
