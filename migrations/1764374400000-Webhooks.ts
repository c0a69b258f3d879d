import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks with a durable outbox. Users register webhook URLs (each with the secret that
 * signs its deliveries, kept in clear: the server needs it to sign); an upload may name a
 * callback_url with a secret of its own. When a transcription enters completed, failed or
 * cancelled, a trigger — in the transaction of the change itself, whichever statement makes it —
 * records the event (a snapshot of the transcription) and one delivery per enabled webhook of its
 * owner plus one for its callback_url. The server's delivery workers send them from there.
 */
export class Webhooks1764374400000 implements MigrationInterface {
  name = 'Webhooks1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE transcriptions
        ADD COLUMN callback_url varchar(2048),
        ADD COLUMN callback_secret varchar(100)`);
    await queryRunner.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        url varchar(2048) NOT NULL,
        description varchar(500),
        secret varchar(100) NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX idx_webhooks_user ON webhooks (user_id, created_at)');
    // An event goes with its transcription: deleting one drops what was not delivered yet.
    await queryRunner.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        transcription_id uuid NOT NULL REFERENCES transcriptions (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        type varchar(40) NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX idx_webhook_events_transcription ON webhook_events (transcription_id)');
    await queryRunner.query('CREATE INDEX idx_webhook_events_user ON webhook_events (user_id, created_at DESC)');
    await queryRunner.query('CREATE INDEX idx_webhook_events_created ON webhook_events (created_at)');
    // webhook_id NULL: the delivery to the transcription's callback_url. retry_from starts the
    // retry window (the event's time, or a manual retry's); lease_id fences the worker that holds it.
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
        webhook_id uuid REFERENCES webhooks (id) ON DELETE CASCADE,
        status varchar(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error varchar(200),
        next_attempt_at timestamptz DEFAULT now(),
        lease_id uuid,
        retry_from timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The workers' scan: due pending deliveries, soonest first.
    await queryRunner.query(
      `CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await queryRunner.query('CREATE INDEX idx_webhook_deliveries_event ON webhook_deliveries (event_id)');
    await queryRunner.query('CREATE INDEX idx_webhook_deliveries_webhook ON webhook_deliveries (webhook_id)');
    // Timestamps are written as the API writes them (ISO 8601, UTC, milliseconds), whatever the session's time zone.
    await queryRunner.query(`
      CREATE FUNCTION webhook_outbox_enqueue() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        new_event uuid;
      BEGIN
        IF NEW.user_id IS NULL OR (NEW.callback_url IS NULL
            AND NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.user_id = NEW.user_id AND w.enabled)) THEN
          RETURN NULL;
        END IF;
        INSERT INTO webhook_events (transcription_id, user_id, type, data)
        VALUES (NEW.id, NEW.user_id, 'transcription.' || NEW.status, jsonb_build_object(
          'id', NEW.id, 'file_name', NEW.file_name, 'status', NEW.status, 'language', NEW.language,
          'duration_seconds', NEW.duration_seconds, 'text', NEW.text, 'summary', NEW.summary,
          'error_message', NEW.error_message,
          'created_at', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'completed_at', to_char(NEW.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
        RETURNING id INTO new_event;
        INSERT INTO webhook_deliveries (event_id, webhook_id)
        SELECT new_event, w.id FROM webhooks w WHERE w.user_id = NEW.user_id AND w.enabled;
        IF NEW.callback_url IS NOT NULL THEN
          INSERT INTO webhook_deliveries (event_id) VALUES (new_event);
        END IF;
        RETURN NULL;
      END $$`);
    // Every way into these statuses is a change of status (a summary-only job goes completed →
    // pending → processing → completed); statements that rewrite a finished row's status with the
    // same value (the storage sweep's missing-audio fix) announce nothing.
    await queryRunner.query(`
      CREATE TRIGGER transcriptions_webhook_outbox AFTER UPDATE OF status ON transcriptions
      FOR EACH ROW
      WHEN (NEW.status IN ('completed', 'failed', 'cancelled') AND NEW.status IS DISTINCT FROM OLD.status)
      EXECUTE FUNCTION webhook_outbox_enqueue()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER transcriptions_webhook_outbox ON transcriptions');
    await queryRunner.query('DROP FUNCTION webhook_outbox_enqueue()');
    await queryRunner.query('DROP TABLE webhook_deliveries');
    await queryRunner.query('DROP TABLE webhook_events');
    await queryRunner.query('DROP TABLE webhooks');
    await queryRunner.query(`
      ALTER TABLE transcriptions
        DROP COLUMN callback_secret,
        DROP COLUMN callback_url`);
  }
}
