import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes.js';

/** ../shared/fixtures (see its README): test models and speech clips, shipped beside the repository. */
export const FIXTURES = path.resolve(ROOT, '../shared/fixtures');

export function fixturePath(relative: string): string {
  return path.join(FIXTURES, relative);
}

/** A whisper.cpp model with the real architecture and no weights: runs at real cost, transcribes nothing. */
export const TEST_MODEL = fixturePath('models/for-tests-ggml-tiny.en.bin');

/**
 * `it`, skipped with a message naming what is missing when a fixture the test needs is not
 * there (the fixtures README asks for that rather than a silent pass).
 */
export function itWithFixtures(files: string[], name: string, test: () => Promise<void>, timeout?: number): void {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) it.skip(`${name} — SKIPPED: missing fixture ${missing.join(', ')}`, test);
  else it(name, test, timeout);
}
