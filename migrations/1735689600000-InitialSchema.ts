import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The schema existing installs start from, from the time transcription ran inside the upload
 * request: users, and transcriptions with their text and summary.
 */
export class InitialSchema1735689600000 implements MigrationInterface {
  name = 'InitialSchema1735689600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email varchar(255),
        is_active boolean NOT NULL DEFAULT false,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamp NOT NULL DEFAULT now(),
        updated_at timestamp NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE transcriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users (id),
        file_name varchar(255) NOT NULL,
        file_path varchar(500),
        content_type varchar(100),
        language varchar(10),
        text text,
        summary text,
        created_at timestamp NOT NULL DEFAULT now(),
        updated_at timestamp NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX idx_transcriptions_user_id ON transcriptions (user_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE transcriptions');
    await queryRunner.query('DROP TABLE users');
  }
}
