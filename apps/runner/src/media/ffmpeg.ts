import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Injectable, Logger } from '@nestjs/common';
import { RunnerConfig } from '../config/runner-config.js';
import { SAMPLE_RATE } from './wav.js';

/** ffmpeg could not read the input: the audio is broken or not audio; retrying will not help. */
export class UndecodableAudioError extends Error {}

/** FFMPEG_PATH, else Debian's ffmpeg on PATH, else the binary @ffmpeg-installer ships; undefined if none. */
export function findFfmpeg(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const works = (binary: string) => spawnSync(binary, ['-version'], { stdio: 'ignore', env }).status === 0;
  if (configured) return configured;
  if (works('ffmpeg')) return 'ffmpeg';
  try {
    const shipped = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    return works(shipped) ? shipped : undefined;
  } catch {
    return undefined;
  }
}

/** ffmpeg as a child process: any audio or video in, 16 kHz mono 16-bit PCM WAV out. */
@Injectable()
export class Ffmpeg {
  private readonly logger = new Logger(Ffmpeg.name);
  readonly binary: string | undefined;

  constructor(config: RunnerConfig) {
    this.binary = findFfmpeg(config.ffmpegPath);
    if (this.binary) this.logger.log(`ffmpeg: ${this.binary}`);
  }

  /** Converts `input` to the WAV whisper.cpp reads; UndecodableAudioError when ffmpeg cannot. */
  async toPcmWav(input: string, output: string, signal?: AbortSignal): Promise<void> {
    if (!this.binary) throw new Error('no ffmpeg: install ffmpeg, set FFMPEG_PATH, or npm ci with optional dependencies');
    const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', input, '-vn', '-map', '0:a:0'];
    args.push('-ac', '1', '-ar', String(SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 'wav', output);
    const { code, stderr } = await run(this.binary, args, signal);
    if (code !== 0) {
      const reason = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500) || `exit code ${code}`;
      throw new UndecodableAudioError(`ffmpeg could not decode the audio: ${reason}`);
    }
  }
}

function run(binary: string, args: string[], signal?: AbortSignal): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Its own process group, as whisper-cli's: only the runner decides when it stops.
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], signal, detached: true });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
