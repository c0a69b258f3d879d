import { spawn, spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import type { Segment, TranscriptionTask } from '@app/contracts';
import { RunnerConfig } from '../config/runner-config.js';
import { readWhisperJson } from './whisper-json.js';

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
  /** translate: to English (--translate). */
  task?: TranscriptionTask;
  /** whisper's initial prompt (--prompt). */
  prompt?: string | null;
  /** Full JSON (-ojf) with token times, turned into each segment's `words`. */
  wordTimestamps?: boolean;
  /** Sampling temperature (--temperature); whisper's default (0) when absent. */
  temperature?: number | null;
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
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
    if (run.task === 'translate') args.push('--translate');
    if (run.prompt) args.push('--prompt', run.prompt);
    if (run.temperature !== undefined && run.temperature !== null) args.push('--temperature', String(run.temperature));
    args.push(run.wordTimestamps ? '-ojf' : '-oj', '-of', run.outputBase, '-pp', '-np');
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
      return readWhisperJson(await readFile(jsonFile), run.wordTimestamps === true);
    } finally {
      await rm(jsonFile, { force: true });
    }
  }
}
