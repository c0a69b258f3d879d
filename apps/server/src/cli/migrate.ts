import 'reflect-metadata';
import { ConfigError, loadDotEnv } from '@app/runtime';
import { loadServerConfig } from '../config/server-config.js';
import { migrationsPending, revertLastMigration, runMigrations } from '../database/data-source.js';
import { EmbeddedDatabase } from '../database/embedded-postgres.js';

const USAGE = 'usage: migrate.js run | revert | show';

/** `npm run migration:run` / `migration:revert`: against DATABASE_URL, or the embedded database. */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'run' && command !== 'revert' && command !== 'show') throw new Error(USAGE);
  loadDotEnv();
  const config = loadServerConfig();
  const embedded = config.databaseUrl ? undefined : new EmbeddedDatabase(config.dataDir);
  const url = config.databaseUrl ?? (await embedded!.start());
  try {
    if (command === 'run') {
      const applied = await runMigrations(url);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
    } else if (command === 'revert') {
      const reverted = await revertLastMigration(url);
      console.log(reverted ? `reverted: ${reverted}` : 'nothing to revert');
    } else {
      console.log((await migrationsPending(url)) ? 'migrations are pending' : 'up to date');
    }
  } finally {
    await embedded?.stop();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof ConfigError || (error instanceof Error && error.message === USAGE) ? error.message : error);
  process.exit(1);
});
