import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a user was activated (shown to administrators; active users count as activated when they
 * last changed), and the name they give themselves.
 */
export class UserActivation1764288000000 implements MigrationInterface {
  name = 'UserActivation1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users ADD COLUMN activated_at timestamptz, ADD COLUMN full_name varchar(200)');
    await queryRunner.query('UPDATE users SET activated_at = updated_at WHERE is_active');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE users DROP COLUMN activated_at, DROP COLUMN full_name');
  }
}
