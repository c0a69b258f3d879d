import type { MigrationInterface, QueryRunner } from 'typeorm';

const TIMESTAMP_COLUMNS: Record<string, string[]> = {
  users: ['created_at', 'updated_at'],
  transcriptions: ['created_at', 'updated_at', 'started_at', 'completed_at'],
};

/**
 * What the runner queue needs: the `cancelled` status, leases with fencing ids and expiry,
 * attempts, progress and stage, timed segments, the audio's checksum and size, the `runners`
 * table, foreign keys that clean up after a deleted user, and partial indexes for the claim and
 * the lease sweep. Timestamps become timestamptz (stored as the UTC they always were).
 */
export class RunnerQueue1764028800000 implements MigrationInterface {
  name = 'RunnerQueue1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(TIMESTAMP_COLUMNS)) {
      for (const column of columns) {
        await queryRunner.query(
          `ALTER TABLE ${table} ALTER COLUMN ${column} TYPE timestamptz USING ${column} AT TIME ZONE 'UTC'`,
        );
      }
    }
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD COLUMN lease_id uuid,
        ADD COLUMN lease_expires_at timestamptz,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN progress smallint NOT NULL DEFAULT 0,
        ADD COLUMN stage varchar(20),
        ADD COLUMN segments jsonb,
        ADD COLUMN audio_sha256 char(64),
        ADD COLUMN file_size bigint,
        ADD COLUMN duration_seconds double precision,
        ALTER COLUMN processing_time_seconds TYPE double precision`);
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD CONSTRAINT chk_transcriptions_status
          CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
        ADD CONSTRAINT chk_transcriptions_progress CHECK (progress BETWEEN 0 AND 100),
        ADD CONSTRAINT chk_transcriptions_attempts CHECK (attempts >= 0)`);
    // Completed rows from before the queue are fully done.
    await queryRunner.query(`UPDATE transcriptions SET progress = 100 WHERE status = 'completed'`);
    // A user's deletion takes their transcriptions with it (the server deletes their audio first).
    await queryRunner.query('ALTER TABLE transcriptions DROP CONSTRAINT transcriptions_user_id_fkey');
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD CONSTRAINT transcriptions_user_id_fkey
          FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE`);
    await queryRunner.query('CREATE UNIQUE INDEX idx_users_email ON users (lower(email)) WHERE email IS NOT NULL');
    // Claim: the oldest pending jobs. Sweep: processing jobs by lease expiry. Listing: per user, newest first.
    await queryRunner.query(
      `CREATE INDEX idx_transcriptions_pending_queue ON transcriptions (created_at, id) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX idx_transcriptions_processing_lease ON transcriptions (lease_expires_at) WHERE status = 'processing'`,
    );
    await queryRunner.query('CREATE INDEX idx_transcriptions_user_created ON transcriptions (user_id, created_at DESC)');
    await queryRunner.query(`
      CREATE TABLE runners (
        id varchar(100) PRIMARY KEY,
        last_ping timestamptz,
        is_active boolean NOT NULL DEFAULT true,
        max_concurrent_jobs integer NOT NULL DEFAULT 2,
        current_jobs integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE runners');
    await queryRunner.query('DROP INDEX idx_transcriptions_user_created');
    await queryRunner.query('DROP INDEX idx_transcriptions_processing_lease');
    await queryRunner.query('DROP INDEX idx_transcriptions_pending_queue');
    await queryRunner.query('DROP INDEX idx_users_email');
    await queryRunner.query('ALTER TABLE transcriptions DROP CONSTRAINT transcriptions_user_id_fkey');
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD CONSTRAINT transcriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)`);
    // `cancelled` has no place in the older schema: such jobs count as failed there.
    await queryRunner.query(`
      UPDATE transcriptions SET status = 'failed', error_message = COALESCE(error_message, 'Cancelled')
       WHERE status = 'cancelled'`);
    await queryRunner.query(`
      ALTER TABLE transcriptions
        DROP CONSTRAINT chk_transcriptions_attempts,
        DROP CONSTRAINT chk_transcriptions_progress,
        DROP CONSTRAINT chk_transcriptions_status`);
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ALTER COLUMN processing_time_seconds TYPE integer USING round(processing_time_seconds),
        DROP COLUMN duration_seconds,
        DROP COLUMN file_size,
        DROP COLUMN audio_sha256,
        DROP COLUMN segments,
        DROP COLUMN stage,
        DROP COLUMN progress,
        DROP COLUMN attempts,
        DROP COLUMN lease_expires_at,
        DROP COLUMN lease_id`);
    for (const [table, columns] of Object.entries(TIMESTAMP_COLUMNS)) {
      for (const column of columns) {
        await queryRunner.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE timestamp USING ${column} AT TIME ZONE 'UTC'`);
      }
    }
  }
}
