import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets that let a browser's <audio> element (which cannot send Authorization) play one
 * transcription's audio for an hour. Only a hash of the ticket is stored; expired ones are pruned.
 */
export class AudioTickets1764460800000 implements MigrationInterface {
  name = 'AudioTickets1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audio_tickets (
        ticket_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        transcription_id uuid NOT NULL REFERENCES transcriptions (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX idx_audio_tickets_expires ON audio_tickets (expires_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audio_tickets');
  }
}
