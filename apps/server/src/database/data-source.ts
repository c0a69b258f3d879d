import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations/index.js';
import { DatabaseLogger } from './database-logger.js';

/** Bounds on how long the app waits for the database, so an outage fails requests fast (503). */
export interface DatabaseTimeouts {
  /** Waiting for a pooled connection, or for a new one to open. */
  connectMs: number;
  /** One statement, on the client (a frozen server never answers) and on the server. */
  queryMs: number;
}

/**
 * TypeORM options shared by the app and the migration CLI. TypeORM runs the migrations and owns
 * the connection pool; the repositories send their SQL through that pool (database.ts), so there
 * are no entities, and the schema comes only from migrations (`synchronize` is never on). Without
 * timeouts (migrations, the CLI) statements may take as long as they need.
 */
export function dataSourceOptions(url: string, timeouts?: DatabaseTimeouts): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new DatabaseLogger(),
    extra: {
      max: 20,
      application_name: 'whisper-summarizer',
      keepAlive: true,
      ...(timeouts
        ? { connectionTimeoutMillis: timeouts.connectMs, query_timeout: timeouts.queryMs, statement_timeout: timeouts.queryMs }
        : {}),
    },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}

/** Applies pending migrations on a connection of its own (no statement timeout); returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts the last applied migration on a connection of its own; returns its name (undefined: none). */
export async function revertLastMigration(url: string): Promise<string | undefined> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    const [last] = (await dataSource.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1').catch(() => [])) as {
      name: string;
    }[];
    await dataSource.undoLastMigration({ transaction: 'each' });
    return last?.name;
  } finally {
    await dataSource.destroy();
  }
}

/** Whether migrations are waiting to be applied. */
export async function migrationsPending(url: string): Promise<boolean> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    return await dataSource.showMigrations();
  } finally {
    await dataSource.destroy();
  }
}
