import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every summary a transcription had: the runner's first, and one per re-summarize (with the
 * instruction asked for). `transcriptions.summary` stays the current one. Existing summaries
 * become the first row of their transcription.
 */
export class Summaries1764288060000 implements MigrationInterface {
  name = 'Summaries1764288060000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE summaries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        transcription_id uuid NOT NULL REFERENCES transcriptions (id) ON DELETE CASCADE,
        summary_text text NOT NULL,
        model_name varchar(100),
        instruction text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX idx_summaries_transcription ON summaries (transcription_id, created_at DESC)');
    await queryRunner.query(`
      INSERT INTO summaries (transcription_id, summary_text, created_at)
      SELECT id, summary, COALESCE(completed_at, updated_at) FROM transcriptions WHERE summary IS NOT NULL AND summary <> ''`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE summaries');
  }
}
