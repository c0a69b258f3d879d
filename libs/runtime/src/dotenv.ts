import { existsSync } from 'node:fs';
import { config } from 'dotenv';

/** Reads ./.env when present; variables already in the environment win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) config({ path: file, override: false, quiet: true });
}
