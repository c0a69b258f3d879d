import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events of jobs and runners, for live progress and for runners waiting for work. Triggers write
 * them in the transaction of the change itself — whichever statement makes it — and announce each
 * with pg_notify on `whisper_events` (delivered at commit, to every server process listening).
 * The table keeps a few minutes of them, so a listener that lost its connection, or a browser
 * reconnecting with Last-Event-ID, catches up on what it missed. Single-use tickets let a browser's
 * EventSource (which cannot send an Authorization header) open a stream.
 */
export class Events1764374300000 implements MigrationInterface {
  name = 'Events1764374300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        topic varchar(20) NOT NULL CHECK (topic IN ('transcription', 'runner')),
        user_id uuid,
        payload jsonb NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX idx_events_created ON events (created_at)');
    await queryRunner.query('CREATE INDEX idx_events_user ON events (user_id, id)');
    await queryRunner.query(`
      CREATE FUNCTION publish_event(event_topic text, event_user uuid, event_payload jsonb) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        event_id bigint;
      BEGIN
        INSERT INTO events (topic, user_id, payload) VALUES (event_topic, event_user, event_payload) RETURNING id INTO event_id;
        PERFORM pg_notify('whisper_events', json_build_object(
          'id', event_id, 'topic', event_topic, 'user_id', event_user, 'payload', event_payload)::text);
      END $$`);
    // Only what a progress display needs: no transcript text, so a payload stays far below NOTIFY's 8 KB.
    await queryRunner.query(`
      CREATE FUNCTION transcription_changed() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        job transcriptions;
        change text;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          job := OLD; change := 'deleted';
        ELSIF TG_OP = 'INSERT' THEN
          job := NEW; change := 'created';
        ELSIF NEW.status IS DISTINCT FROM OLD.status OR NEW.progress IS DISTINCT FROM OLD.progress
           OR NEW.stage IS DISTINCT FROM OLD.stage OR NEW.kind IS DISTINCT FROM OLD.kind
           OR NEW.error_message IS DISTINCT FROM OLD.error_message OR NEW.edited_at IS DISTINCT FROM OLD.edited_at
           OR (NEW.file_path IS NULL) <> (OLD.file_path IS NULL) THEN
          job := NEW; change := 'updated';
        ELSE
          RETURN NULL; -- a lease renewal or the like: nothing anyone watches
        END IF;
        PERFORM publish_event('transcription', job.user_id, jsonb_build_object(
          'change', change, 'id', job.id, 'user_id', job.user_id, 'file_name', left(job.file_name, 255),
          'status', job.status, 'stage', job.stage, 'progress', job.progress, 'kind', job.kind,
          'error_message', left(job.error_message, 500), 'audio_available', job.file_path IS NOT NULL,
          'updated_at', job.updated_at));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER transcriptions_publish AFTER INSERT OR UPDATE OR DELETE ON transcriptions
      FOR EACH ROW EXECUTE FUNCTION transcription_changed()`);
    await queryRunner.query(`
      CREATE FUNCTION runner_changed() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.current_jobs IS NOT DISTINCT FROM OLD.current_jobs
           AND NEW.max_concurrent_jobs IS NOT DISTINCT FROM OLD.max_concurrent_jobs THEN
          RETURN NULL; -- a heartbeat with nothing new
        END IF;
        PERFORM publish_event('runner', NULL, jsonb_build_object(
          'change', CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'updated' END, 'id', NEW.id,
          'current_jobs', NEW.current_jobs, 'max_concurrent_jobs', NEW.max_concurrent_jobs, 'last_ping', NEW.last_ping));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER runners_publish AFTER INSERT OR UPDATE ON runners
      FOR EACH ROW EXECUTE FUNCTION runner_changed()`);
    await queryRunner.query(`
      CREATE TABLE event_tickets (
        token_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE event_tickets');
    await queryRunner.query('DROP TRIGGER runners_publish ON runners');
    await queryRunner.query('DROP FUNCTION runner_changed()');
    await queryRunner.query('DROP TRIGGER transcriptions_publish ON transcriptions');
    await queryRunner.query('DROP FUNCTION transcription_changed()');
    await queryRunner.query('DROP FUNCTION publish_event(text, uuid, jsonb)');
    await queryRunner.query('DROP TABLE events');
  }
}
