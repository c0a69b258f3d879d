import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Job status on every transcription: `status`, the runner, timings and the error, with indexes.
 * Existing rows were transcribed in the request that uploaded them: with text they are completed,
 * without it they failed.
 *
 * `status` is added without a default first: with DEFAULT 'pending' every existing row would read
 * 'pending', the "WHERE status IS NULL" updates would match nothing, and every old transcription
 * would be handed to the runners again.
 */
export class AddTranscriptionStatusFields1736035200000 implements MigrationInterface {
  name = 'AddTranscriptionStatusFields1736035200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD COLUMN status varchar(20),
        ADD COLUMN runner_id varchar(100),
        ADD COLUMN started_at timestamp,
        ADD COLUMN completed_at timestamp,
        ADD COLUMN error_message text,
        ADD COLUMN processing_time_seconds integer`);
    await queryRunner.query('CREATE INDEX idx_transcriptions_status ON transcriptions (status)');
    await queryRunner.query('CREATE INDEX idx_transcriptions_status_created ON transcriptions (status, created_at)');
    // Rows from before runners existed were processed in the upload request: a row without text failed.
    await queryRunner.query(`
      UPDATE transcriptions
         SET status = 'failed', error_message = 'Migration: marked as failed'
       WHERE text IS NULL AND status IS NULL`);
    await queryRunner.query(`
      UPDATE transcriptions
         SET status = 'completed', completed_at = COALESCE(updated_at, created_at)
       WHERE status IS NULL`);
    await queryRunner.query(`ALTER TABLE transcriptions ALTER COLUMN status SET DEFAULT 'pending'`);
    await queryRunner.query('ALTER TABLE transcriptions ALTER COLUMN status SET NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX idx_transcriptions_status_created');
    await queryRunner.query('DROP INDEX idx_transcriptions_status');
    await queryRunner.query(`
      ALTER TABLE transcriptions
        DROP COLUMN processing_time_seconds,
        DROP COLUMN error_message,
        DROP COLUMN completed_at,
        DROP COLUMN started_at,
        DROP COLUMN runner_id,
        DROP COLUMN status`);
  }
}
