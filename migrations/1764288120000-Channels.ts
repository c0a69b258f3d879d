import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channels: named groups that administrators fill with users; a transcription assigned to a
 * channel is readable (not changeable) by its members.
 */
export class Channels1764288120000 implements MigrationInterface {
  name = 'Channels1764288120000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        description text,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX idx_channels_name ON channels (lower(name))');
    await queryRunner.query(`
      CREATE TABLE channel_members (
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        assigned_by uuid REFERENCES users (id) ON DELETE SET NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, user_id)
      )`);
    await queryRunner.query('CREATE INDEX idx_channel_members_user ON channel_members (user_id)');
    await queryRunner.query(`
      CREATE TABLE transcription_channels (
        transcription_id uuid NOT NULL REFERENCES transcriptions (id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        assigned_by uuid REFERENCES users (id) ON DELETE SET NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (transcription_id, channel_id)
      )`);
    await queryRunner.query('CREATE INDEX idx_transcription_channels_channel ON transcription_channels (channel_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE transcription_channels');
    await queryRunner.query('DROP TABLE channel_members');
    await queryRunner.query('DROP TABLE channels');
  }
}
