import path from 'node:path';
import { ROOT } from './processes.js';

/** test/fixtures (see its README for where each file comes from): test models and speech clips. */
export const FIXTURES = path.join(ROOT, 'test/fixtures');

export function fixturePath(relative: string): string {
  return path.join(FIXTURES, relative);
}

/** A whisper.cpp model with the real architecture and no weights: runs at real cost, transcribes nothing. */
export const TEST_MODEL = fixturePath('models/for-tests-ggml-tiny.en.bin');
