import path from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations/index.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { ROOT, startProcess } from './support/processes.js';

const MIGRATE = path.join(ROOT, 'dist/apps/server/src/cli/migrate.js');

async function appliedMigrations(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT name FROM migrations ORDER BY id')).rows.map((row: { name: string }) => row.name);
  } finally {
    await client.end();
  }
}

describe('npm run migration:run / migration:revert', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  async function migrate(...args: string[]): Promise<{ code: number | null; output: string }> {
    const started = startProcess(MIGRATE, { DATABASE_URL: database.url }, args);
    const code = await started.exited;
    return { code, output: started.output() };
  }

  it('applies every migration, reverts the last one, and applies it again', async () => {
    expect(await migrate()).toEqual({ code: 1, output: expect.stringContaining('usage') });
    expect(await migrate('run')).toEqual({ code: 0, output: expect.stringContaining('applied: InitialSchema1735689600000') });
    const all = MIGRATIONS.map((migration) => migration.name);
    expect(await appliedMigrations(database.url)).toEqual(all);
    const last = all.at(-1)!;
    expect(await migrate('revert')).toEqual({ code: 0, output: expect.stringContaining(`reverted: ${last}`) });
    expect(await appliedMigrations(database.url)).toEqual(all.slice(0, -1));
    expect(await migrate('run')).toEqual({ code: 0, output: expect.stringContaining(`applied: ${last}`) });
    expect(await migrate('run')).toEqual({ code: 0, output: expect.stringContaining('already up to date') });
  });
});
