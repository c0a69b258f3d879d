import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The NotebookLM guideline a language model wrote for a transcription, kept until its transcript
 * or summary changes, so a second download neither waits for the model nor pays for it again.
 */
export class NotebookLmGuides1764288360000 implements MigrationInterface {
  name = 'NotebookLmGuides1764288360000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE transcriptions ADD COLUMN notebooklm_guide text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE transcriptions DROP COLUMN notebooklm_guide');
  }
}
