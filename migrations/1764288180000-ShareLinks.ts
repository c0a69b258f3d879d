import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public read-only links to a transcription. Only a hash of the token is stored; a link is live
 * until it is revoked or expires, and while one is live the transcription's audio is kept.
 */
export class ShareLinks1764288180000 implements MigrationInterface {
  name = 'ShareLinks1764288180000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE share_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        transcription_id uuid NOT NULL REFERENCES transcriptions (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        access_count integer NOT NULL DEFAULT 0,
        last_accessed_at timestamptz
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX idx_share_links_token ON share_links (token_hash)');
    await queryRunner.query('CREATE INDEX idx_share_links_transcription ON share_links (transcription_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE share_links');
  }
}
