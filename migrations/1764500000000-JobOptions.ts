import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-job options carried to the runner: whisper's task (transcribe, or translate to English),
 * an initial prompt, and whether to keep word-level timestamps (stored inside the segments).
 */
export class JobOptions1764500000000 implements MigrationInterface {
  name = 'JobOptions1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD COLUMN task text NOT NULL DEFAULT 'transcribe' CONSTRAINT chk_transcriptions_task CHECK (task IN ('transcribe', 'translate')),
        ADD COLUMN prompt text CONSTRAINT chk_transcriptions_prompt CHECK (char_length(prompt) <= 1000),
        ADD COLUMN word_timestamps boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE transcriptions DROP COLUMN word_timestamps, DROP COLUMN prompt, DROP COLUMN task');
  }
}
