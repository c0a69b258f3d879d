import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder the server was installed in: the nearest one above this file with a package.json —
 * the repository (running from dist/apps/server/src/… or, in tests, from the sources) or /app in
 * the image. Undefined in a layout without one.
 */
export function installRoot(): string | undefined {
  for (let folder = path.dirname(fileURLToPath(import.meta.url)); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}

/** The install's version, from its package.json ("unknown" without one). */
export function installVersion(root = installRoot()): string {
  if (root === undefined) return 'unknown';
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}
