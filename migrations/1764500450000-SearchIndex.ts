import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Characters of scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer,
 * Myanmar): a text in them is indexed as single characters and pairs of neighbours, so that any
 * one- or two-character substring is a term of its own.
 */
const UNSPACED =
  '\\u0e00-\\u0eff\\u1000-\\u109f\\u1780-\\u17ff\\u3005-\\u3007\\u3041-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f\\U00020000-\\U0002fffd';
/** What separates words: whitespace, ASCII and common Unicode punctuation (the ILIKE wildcards % _ \ among them). */
const SEPARATORS =
  '[:space:]\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e\\xa0-\\xbf\\xd7\\xf7\\u2010-\\u2027\\u2030-\\u205e\\u3000-\\u3004\\u3008-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65';

/**
 * The search index (see TranscriptionRepository.search). `search_terms(text)` lists the distinct
 * terms of a text, lower-cased: its words (runs between separators) and, in unspaced scripts, every
 * character and pair of neighbouring characters. A word over 200 characters is kept as pieces of 200
 * starting every 100, so that any part of it up to 100 characters long is inside one piece. Every
 * step is linear in the text's length (no substr at offsets or array subscripts, which would walk
 * or copy a long word or run once per piece): a megabyte-long transcript is split in well under a second. A trigger keeps each
 * transcription's terms (file name, current summary and transcript together) in a GIN-indexed
 * array, and every spaced word ever seen in `search_words`, trigram-indexed, so that the words
 * containing a query's fragment are found without reading any transcript.
 */
export class SearchIndex1764500450000 implements MigrationInterface {
  name = 'SearchIndex1764500450000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query(`
      CREATE FUNCTION search_terms(input text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
        WITH folded AS (SELECT lower(input) AS s),
        words AS (
          SELECT w FROM folded, regexp_split_to_table(s, '[${SEPARATORS}${UNSPACED}]+') AS w WHERE w <> ''),
        long_pieces AS (
          SELECT l.id, r.piece[1] AS piece, r.n
            FROM (SELECT row_number() OVER () AS id, w FROM words WHERE length(w) > 200) l,
                 regexp_matches(l.w, '(.{1,100})', 'g') WITH ORDINALITY AS r(piece, n)),
        characters AS (
          SELECT r.id, c.ch, c.n
            FROM (SELECT row_number() OVER () AS id, m[1] AS run FROM folded, regexp_matches(s, '([${UNSPACED}]+)', 'g') AS m) r,
                 unnest(string_to_array(r.run, NULL)) WITH ORDINALITY AS c(ch, n)),
        terms AS (
          SELECT w FROM words WHERE length(w) <= 200
          UNION ALL
          SELECT a.piece || b.piece FROM long_pieces a JOIN long_pieces b ON b.id = a.id AND b.n = a.n + 1
          UNION ALL
          SELECT ch FROM characters
          UNION ALL
          SELECT pair FROM (SELECT ch || lead(ch) OVER (PARTITION BY id ORDER BY n) AS pair FROM characters) pairs
           WHERE pair IS NOT NULL)
        SELECT coalesce(array_agg(DISTINCT w), '{}') FROM terms
      $fn$`);
    await queryRunner.query(`CREATE FUNCTION is_unspaced_term(term text) RETURNS boolean
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT term ~ '[${UNSPACED}]' $fn$`);
    await queryRunner.query('CREATE TABLE search_words (word text PRIMARY KEY)');
    await queryRunner.query('CREATE INDEX idx_search_words_trigrams ON search_words USING gin (word gin_trgm_ops)');
    await queryRunner.query(`ALTER TABLE transcriptions ADD COLUMN search_terms text[] NOT NULL DEFAULT '{}'`);
    // New words are inserted in sorted order, so that two transactions adding the same words wait
    // for each other rather than deadlock.
    await queryRunner.query(`
      CREATE FUNCTION transcriptions_index_search_terms() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.file_name IS NOT DISTINCT FROM OLD.file_name
           AND NEW.summary IS NOT DISTINCT FROM OLD.summary AND NEW.text IS NOT DISTINCT FROM OLD.text THEN
          RETURN NEW;
        END IF;
        NEW.search_terms := search_terms(concat_ws(' ', NEW.file_name, NEW.summary, NEW.text));
        INSERT INTO search_words (word)
          SELECT w FROM unnest(NEW.search_terms) AS w
           WHERE NOT is_unspaced_term(w) AND NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = w)
           ORDER BY w
        ON CONFLICT DO NOTHING;
        RETURN NEW;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE TRIGGER transcriptions_search_terms BEFORE INSERT OR UPDATE OF file_name, summary, text ON transcriptions
        FOR EACH ROW EXECUTE FUNCTION transcriptions_index_search_terms()`);
    await queryRunner.query(`UPDATE transcriptions SET search_terms = search_terms(concat_ws(' ', file_name, summary, text))`);
    await queryRunner.query(`
      INSERT INTO search_words (word)
        SELECT DISTINCT w FROM transcriptions, unnest(search_terms) AS w WHERE NOT is_unspaced_term(w)
      ON CONFLICT DO NOTHING`);
    await queryRunner.query('CREATE INDEX idx_transcriptions_search_terms ON transcriptions USING gin (search_terms)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER transcriptions_search_terms ON transcriptions');
    await queryRunner.query('DROP FUNCTION transcriptions_index_search_terms()');
    await queryRunner.query('ALTER TABLE transcriptions DROP COLUMN search_terms');
    await queryRunner.query('DROP TABLE search_words');
    await queryRunner.query('DROP FUNCTION is_unspaced_term(text)');
    await queryRunner.query('DROP FUNCTION search_terms(text)');
    // pg_trgm stays: other schemas in the database may use it.
  }
}
