import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Voice activity detection: whether a job skips silence (null: the runner's VAD_ENABLED), and
 * how many seconds of speech the runner found and transcribed (0: no speech; null: not skipped).
 */
export class VoiceActivity1764500500000 implements MigrationInterface {
  name = 'VoiceActivity1764500500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD COLUMN vad boolean,
        ADD COLUMN speech_seconds double precision CONSTRAINT chk_transcriptions_speech_seconds CHECK (speech_seconds >= 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE transcriptions DROP COLUMN speech_seconds, DROP COLUMN vad');
  }
}
