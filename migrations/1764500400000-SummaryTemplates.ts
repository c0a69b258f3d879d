import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Summary templates: named instructions that admins keep and users pick for a job's summary.
 * A job copies the instruction, so editing or deleting a template never changes jobs made.
 */
export class SummaryTemplates1764500400000 implements MigrationInterface {
  name = 'SummaryTemplates1764500400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE summary_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL CONSTRAINT chk_summary_templates_name CHECK (char_length(btrim(name)) >= 1),
        instruction text NOT NULL CONSTRAINT chk_summary_templates_instruction CHECK (char_length(instruction) BETWEEN 1 AND 2000),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX idx_summary_templates_name ON summary_templates (lower(name))');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE summary_templates');
  }
}
