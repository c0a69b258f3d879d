import type { DataSource } from 'typeorm';
import { createDataSource } from '@server/database/data-source.js';
import { MIGRATIONS } from '../migrations/index.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const USER = '11111111-1111-4111-8111-111111111111';

async function schemaSnapshot(dataSource: DataSource): Promise<unknown> {
  const columns = await dataSource.query(`
    SELECT table_name, column_name, data_type, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'migrations'
     ORDER BY table_name, column_name`);
  const indexes = await dataSource.query(`
    SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations'
     ORDER BY indexname`);
  const constraints = await dataSource.query(`
    SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND conrelid <> 'migrations'::regclass ORDER BY conname`);
  return { columns, indexes, constraints };
}

describe('migration history', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** Reverts the newest migrations down to and including `name`. */
  const revertThrough = async (name: string) => {
    for (;;) {
      const [newest] = await dataSource.query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
      await dataSource.undoLastMigration();
      if (newest!.name === name) return;
    }
  };

  it('upgrades a pre-split database in place and reverts to it exactly', async () => {
    // 1. the pre-split schema, with rows as an existing install has them
    await dataSource.runMigrations({ transaction: 'each' });
    for (let n = 1; n < MIGRATIONS.length; n++) await dataSource.undoLastMigration();
    const preSplit = await schemaSnapshot(dataSource);
    await dataSource.query(`INSERT INTO users (id, email, is_active, is_admin) VALUES ($1, 'old@example.com', true, false)`, [
      USER,
    ]);
    await dataSource.query(
      `INSERT INTO transcriptions (user_id, file_name, text, summary, created_at, updated_at) VALUES
         ($1, 'done.mp3', 'hello world', 'greeting', '2025-06-01 10:00', '2025-06-01 10:05'),
         ($1, 'broken.mp3', NULL, NULL, '2025-06-02 10:00', '2025-06-02 10:01')`,
      [USER],
    );

    // then the status step, the queue schema and everything after
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.slice(1).map((migration) => migration.name));
    expect(applied.map((m) => m.name).slice(0, 2)).toEqual([
      'AddTranscriptionStatusFields1736035200000',
      'RunnerQueue1764028800000',
    ]);

    const rows = await dataSource.query(
      `SELECT file_name, status, error_message, completed_at, progress, attempts FROM transcriptions ORDER BY file_name`,
    );
    expect(rows).toEqual([
      {
        file_name: 'broken.mp3',
        status: 'failed',
        error_message: 'Migration: marked as failed',
        completed_at: null,
        progress: 0,
        attempts: 0,
      },
      {
        file_name: 'done.mp3',
        status: 'completed',
        error_message: null,
        completed_at: new Date('2025-06-01T10:05:00Z'),
        progress: 100,
        attempts: 0,
      },
    ]);
    // new rows default to pending; unknown statuses are refused
    await dataSource.query(`INSERT INTO transcriptions (user_id, file_name) VALUES ($1, 'new.wav')`, [USER]);
    expect(await dataSource.query(`SELECT status FROM transcriptions WHERE file_name = 'new.wav'`)).toEqual([
      { status: 'pending' },
    ]);
    await expect(dataSource.query(`UPDATE transcriptions SET status = 'bogus' WHERE file_name = 'new.wav'`)).rejects.toThrow(
      /chk_transcriptions_status/,
    );
    // deleting a user takes their transcriptions along
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM transcriptions`);
    expect(count).toBe(3);
    await dataSource.query(`DELETE FROM users WHERE id = $1`, [USER]);
    expect(await dataSource.query(`SELECT count(*)::int AS count FROM transcriptions`)).toEqual([{ count: 0 }]);
    expect(await dataSource.query(`SELECT count(*)::int AS count FROM runners`)).toEqual([{ count: 0 }]);

    // revert everything: back to the pre-split schema, then to nothing
    for (let n = 1; n < MIGRATIONS.length; n++) await dataSource.undoLastMigration();
    expect(await schemaSnapshot(dataSource)).toEqual(preSplit);
    await dataSource.undoLastMigration();
    expect(
      await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`),
    ).toEqual([{ table_name: 'migrations' }]);
  });

  it('keeps the status of legacy rows through a revert of the queue step', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`INSERT INTO users (id, email) VALUES ($1, 'x@example.com')`, [USER]);
    await dataSource.query(`INSERT INTO transcriptions (user_id, file_name, status) VALUES ($1, 'c.wav', 'cancelled')`, [USER]);
    await revertThrough('RunnerQueue1764028800000');
    expect(await dataSource.query(`SELECT status, error_message FROM transcriptions`)).toEqual([
      { status: 'failed', error_message: 'Cancelled' },
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
  });

  it('seeds the upload rate window from the last day of uploads', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('DELETE FROM users');
    await revertThrough('UploadAttempts1764201600000');
    await dataSource.query(`INSERT INTO users (id, email) VALUES ($1, 'y@example.com')`, [USER]);
    await dataSource.query(
      `INSERT INTO transcriptions (user_id, file_name, created_at) VALUES ($1, 'today.wav', now() - interval '1 hour'),
                                                                     ($1, 'old.wav', now() - interval '3 days')`,
      [USER],
    );
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await dataSource.query(`SELECT user_id FROM upload_attempts`)).toEqual([{ user_id: USER }]);
    await dataSource.query('DELETE FROM users'); // attempts go with their user
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM upload_attempts`)).toEqual([{ n: 0 }]);
  });
});
