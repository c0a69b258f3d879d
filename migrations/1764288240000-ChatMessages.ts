import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Questions about a transcription and the model's answers, per transcription, oldest first. */
export class ChatMessages1764288240000 implements MigrationInterface {
  name = 'ChatMessages1764288240000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE chat_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        transcription_id uuid NOT NULL REFERENCES transcriptions (id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        role varchar(10) NOT NULL CHECK (role IN ('user', 'assistant')),
        content text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query('CREATE INDEX idx_chat_messages_transcription ON chat_messages (transcription_id, created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE chat_messages');
  }
}
