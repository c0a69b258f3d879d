import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing by model: a job may name the whisper model it wants (NULL: any runner), and each runner
 * records the models it announces in its claims and heartbeats.
 */
export class JobModel1764500300000 implements MigrationInterface {
  name = 'JobModel1764500300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD COLUMN model text CONSTRAINT chk_transcriptions_model CHECK (model ~ '^[A-Za-z0-9_.-]{1,100}$')`);
    await queryRunner.query(`ALTER TABLE runners ADD COLUMN models text[] NOT NULL DEFAULT '{}'`);
    // The admin view's "unroutable" count reads pending jobs that name a model.
    await queryRunner.query(
      `CREATE INDEX idx_transcriptions_pending_model ON transcriptions (model) WHERE status = 'pending' AND model IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX idx_transcriptions_pending_model');
    await queryRunner.query('ALTER TABLE runners DROP COLUMN models');
    await queryRunner.query('ALTER TABLE transcriptions DROP COLUMN model');
  }
}
