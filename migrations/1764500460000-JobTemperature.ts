import type { MigrationInterface, QueryRunner } from 'typeorm';

/** whisper's sampling temperature per job (0–1; NULL: whisper's default), from uploads and /v1. */
export class JobTemperature1764500460000 implements MigrationInterface {
  name = 'JobTemperature1764500460000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD COLUMN temperature real CONSTRAINT chk_transcriptions_temperature CHECK (temperature BETWEEN 0 AND 1)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE transcriptions DROP COLUMN temperature');
  }
}
