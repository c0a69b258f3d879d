import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal API keys: only a SHA-256 of each key is stored (looked up by it, the one index the
 * per-request check uses) with the first characters to recognize it in lists. A user's keys go
 * with the user.
 */
export class ApiKeys1764500100000 implements MigrationInterface {
  name = 'ApiKeys1764500100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        key_hash char(64) NOT NULL,
        prefix varchar(16) NOT NULL,
        scope varchar(16) NOT NULL CHECK (scope IN ('read', 'transcribe', 'admin')),
        expires_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX idx_api_keys_hash ON api_keys (key_hash)');
    await queryRunner.query('CREATE INDEX idx_api_keys_user ON api_keys (user_id, created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_keys');
  }
}
