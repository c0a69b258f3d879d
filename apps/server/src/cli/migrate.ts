import 'reflect-metadata';
import { ConfigError, loadDotEnv } from '@app/runtime';
import { loadServerConfig } from '../config/server-config.js';
import { createDataSource } from '../database/data-source.js';
import { EmbeddedDatabase } from '../database/embedded-postgres.js';

const USAGE = 'usage: migrate.js run | revert | show';

/** `npm run migration:run` / `migration:revert`: against DATABASE_URL, or the embedded database. */
async function main(command: string | undefined): Promise<void> {
  if (command !== 'run' && command !== 'revert' && command !== 'show') throw new Error(USAGE);
  loadDotEnv();
  const config = loadServerConfig();
  const embedded = config.databaseUrl ? undefined : new EmbeddedDatabase(config.dataDir);
  const url = config.databaseUrl ?? (await embedded!.start());
  const dataSource = createDataSource(url);
  try {
    await dataSource.initialize();
    if (command === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'already up to date');
    } else if (command === 'revert') {
      const [last] = await dataSource.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1').catch(() => []);
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log(last ? `reverted: ${last.name}` : 'nothing to revert');
    } else {
      const pending = await dataSource.showMigrations();
      console.log(pending ? 'migrations are pending' : 'up to date');
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof ConfigError || (error instanceof Error && error.message === USAGE) ? error.message : error);
  process.exit(1);
});
