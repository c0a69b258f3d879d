import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segment edits keep the runner's original (`original_segments`, set on the first edit), and a
 * job may be a summary only (`kind` = 'summarize', with the instruction asked for), queued like
 * any other.
 */
export class EditsAndSummaryJobs1764288300000 implements MigrationInterface {
  name = 'EditsAndSummaryJobs1764288300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD COLUMN original_segments jsonb,
        ADD COLUMN edited_at timestamptz,
        ADD COLUMN kind varchar(20) NOT NULL DEFAULT 'transcribe',
        ADD COLUMN summary_instruction text,
        ADD CONSTRAINT chk_transcriptions_kind CHECK (kind IN ('transcribe', 'summarize'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transcriptions
        DROP CONSTRAINT chk_transcriptions_kind,
        DROP COLUMN summary_instruction,
        DROP COLUMN kind,
        DROP COLUMN edited_at,
        DROP COLUMN original_segments`);
  }
}
