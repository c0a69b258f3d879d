import { spawn, spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import type { Segment } from '@app/contracts';
import { RunnerConfig } from '../config/runner-config.js';

export interface WhisperResult {
  /** Times from the start of the input file. */
  segments: Segment[];
  /** The language whisper detected or was given. */
  language: string | null;
}

export interface WhisperRun {
  model: string;
  input: string;
  /** Output files go to `${outputBase}.json`. */
  outputBase: string;
  language: string;
  threads: number;
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/** whisper-cli's JSON output (-oj): offsets in milliseconds. */
interface WhisperJson {
  result?: { language?: string };
  params?: { language?: string };
  transcription?: { offsets: { from: number; to: number }; text: string }[];
}

const PROGRESS = /progress\s*=\s*(\d+)%/;

/**
 * whisper.cpp's `whisper-cli`, spawned directly (never nodejs-whisper's helper, which changes the
 * process's working directory and so cannot run jobs side by side). JSON output, progress from
 * its -pp lines on stderr, killed when the signal aborts.
 */
@Injectable()
export class WhisperCli {
  readonly binary: string;

  constructor(config: RunnerConfig) {
    this.binary = config.whisperCliPath;
  }

  /** whisper-cli's --version line, or undefined when the binary does not run. */
  version(): string | undefined {
    const result = spawnSync(this.binary, ['--version'], { encoding: 'utf8' });
    if (result.status !== 0) return undefined;
    return (
      `${result.stdout}${result.stderr}`
        .trim()
        .split('\n')
        .find((line) => line.trim()) ?? 'unknown'
    );
  }

  async transcribe(run: WhisperRun): Promise<WhisperResult> {
    const args = ['-m', run.model, '-f', run.input, '-l', run.language, '-t', String(run.threads)];
    args.push('-oj', '-of', run.outputBase, '-pp', '-np');
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      // Its own process group: a Ctrl-C meant for the runner must not kill it under a job the
      // runner is about to hand back; the runner stops it (the signal) when it decides to.
      const child = spawn(this.binary, args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        signal: run.signal,
        killSignal: 'SIGKILL',
        detached: true,
      });
      let tail = '';
      child.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        for (const line of text.split('\n')) {
          const match = PROGRESS.exec(line);
          if (match) run.onProgress?.(Number(match[1]));
        }
        tail = (tail + text).slice(-4000);
      });
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ code: exitCode, stderr: tail }));
    });
    const jsonFile = `${run.outputBase}.json`;
    try {
      if (code !== 0) {
        throw new Error(`whisper-cli failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
      }
      const output = JSON.parse(await readFile(jsonFile, 'utf8')) as WhisperJson;
      return {
        language: output.result?.language ?? output.params?.language ?? null,
        segments: (output.transcription ?? []).map((segment) => ({
          start: segment.offsets.from / 1000,
          end: segment.offsets.to / 1000,
          text: segment.text,
        })),
      };
    } finally {
      await rm(jsonFile, { force: true });
    }
  }
}
