import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Upload attempts, for the per-user rate limit: every upload request counts when it starts,
 * whether or not it ends in a stored file. Recent uploads seed it, so an upgrade does not reset
 * anyone's window.
 */
export class UploadAttempts1764201600000 implements MigrationInterface {
  name = 'UploadAttempts1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE upload_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX idx_upload_attempts_user_created ON upload_attempts (user_id, created_at)');
    await queryRunner.query(`
      INSERT INTO upload_attempts (user_id, created_at)
      SELECT user_id, created_at FROM transcriptions
       WHERE user_id IS NOT NULL AND created_at > now() - interval '1 day'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE upload_attempts');
  }
}
