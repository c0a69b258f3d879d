import { Injectable } from '@nestjs/common';
import { JobKind, JobStage, type Segment, TranscriptionStatus, type TranscriptionTask } from '@app/contracts';
import { Database, type Queryable } from '../database/database.js';
import { type NewTranscription, type Transcription, type TranscriptionRow, toTranscription } from './transcription.js';

const { Pending, Processing, Completed, Failed, Cancelled } = TranscriptionStatus;

/** Every column but the results, which lists never show. */
const LIST_COLUMNS = `t.id, t.user_id, t.file_name, t.file_path, t.content_type, t.file_size, t.audio_sha256, t.language,
  t.task, t.prompt, t.word_timestamps, t.temperature, t.vad, t.model,
  t.status, t.progress, t.stage, t.attempts, t.runner_id, t.lease_id, t.lease_expires_at, t.duration_seconds, t.speech_seconds,
  t.error_message,
  t.processing_time_seconds, t.created_at, t.updated_at, t.started_at, t.completed_at, t.kind, t.summary_instruction, t.edited_at`;
/** Every column a transcription's own page shows (not the search index's terms, tens of kB on a long transcript). */
const DETAIL_COLUMNS = `${LIST_COLUMNS}, t.text, t.segments, t.original_segments, t.summary, t.notebooklm_guide`;

/**
 * What a claim hands over, for the claimant's `runner_id`: $2 lease seconds, $5 processing, $6
 * queued. Claim and start both use it, so the two ways of taking a job cannot drift apart.
 */
const TAKE_JOB = `status = $5, runner_id = claimant.runner_id, lease_id = gen_random_uuid(),
       lease_expires_at = now() + make_interval(secs => $2), attempts = t.attempts + 1,
       started_at = now(), completed_at = NULL, progress = 0, stage = $6, updated_at = now()`;
const CLAIMED_COLUMNS = `t.id, t.file_name, t.language, t.content_type, t.file_size, t.created_at,
       t.lease_id, t.lease_expires_at, t.attempts, t.audio_sha256, t.kind, t.summary_instruction,
       t.task, t.prompt, t.word_timestamps, t.temperature, t.vad, t.model,
       CASE WHEN t.kind = 'summarize' THEN t.text END AS transcript`;

/**
 * A job a runner with the models in parameter `models` (text[]) may take: one that names no
 * model, one of its models, or a summarize job (which needs no whisper model).
 */
const ROUTABLE = (models: string) => `(model IS NULL OR kind = 'summarize' OR model = ANY(${models}::text[]))`;

/**
 * Who acts on a transcription: its owner (who may change it), a viewer (its owner, or a member of
 * a channel it is assigned to: reading only), or an admin. Anyone else gets nothing, as if it did
 * not exist.
 */
export type OwnerScope = { ownerId: string } | { admin: true };
export type Scope = OwnerScope | { viewerId: string };
const ownerOf = (scope: Scope): string | null => ('ownerId' in scope ? scope.ownerId : null);
const viewerOf = (scope: Scope): string | null => ('viewerId' in scope ? scope.viewerId : null);
const visibility = (scope: Scope): [string | null, string | null] => [ownerOf(scope), viewerOf(scope)];

/** Rows `t` the scope may see: $1 an owner, $2 a viewer (both null: an admin, who sees everything). */
const VISIBLE = `($1::uuid IS NULL OR t.user_id = $1)
  AND ($2::uuid IS NULL OR t.user_id = $2 OR EXISTS (
        SELECT 1 FROM transcription_channels v JOIN channel_members m ON m.channel_id = v.channel_id
         WHERE v.transcription_id = t.id AND m.user_id = $2))`;
/** The channels of the row `t`, as a JSON array. */
const CHANNELS = `(SELECT COALESCE(json_agg(json_build_object('id', c.id, 'name', c.name, 'description', c.description) ORDER BY c.name), '[]')
    FROM transcription_channels tc JOIN channels c ON c.id = tc.channel_id WHERE tc.transcription_id = t.id) AS channels`;
/** Every summary of the row `t`, newest first, as a JSON array. */
const SUMMARIES = `(SELECT COALESCE(json_agg(json_build_object('id', s.id, 'transcription_id', s.transcription_id,
      'summary_text', s.summary_text, 'model_name', s.model_name, 'instruction', s.instruction, 'created_at', s.created_at)
      ORDER BY s.created_at DESC), '[]')
    FROM summaries s WHERE s.transcription_id = t.id) AS summaries`;

/** Text for LIKE that matches only itself: its wildcards and the escape character are escaped. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/**
 * Whether `text` has a cased letter beyond ASCII: then only the database's Unicode case folding
 * finds it in any case; else the "C" collation's ASCII folding finds the same, faster.
 */
export function needsUnicodeFolding(text: string): boolean {
  return Array.from(text).some((c) => c > '\x7f' && (c.toLowerCase() !== c || c.toUpperCase() !== c));
}

/**
 * A query's terms (as `search_terms` splits it; see migrations/…-SearchIndex.ts), and for each the
 * indexed terms a matching transcription must have one of: the term itself for a character or pair
 * of an unspaced script, else every word ever indexed that contains it (through the trigram index;
 * at most MAX_TERM_WORDS + 1, which means "too many to help"). `whole`: the term is the whole query.
 * Terms hold no LIKE wildcards: % _ \ are separators.
 */
const QUERY_TERMS = `SELECT term, lower($1::text) = term AS whole,
    CASE WHEN is_unspaced_term(term) THEN ARRAY[term]
         ELSE ARRAY(SELECT w.word FROM search_words w WHERE w.word LIKE '%' || term || '%' LIMIT $2) END AS words
  FROM unnest(search_terms($1::text)) AS term`;
/** A fragment found in more indexed words than this (such as "e") narrows nothing down. */
const MAX_TERM_WORDS = 2000;
/** At most this many of a query's terms (the longest) pick the candidates. */
const MAX_FILTER_TERMS = 8;
/** Long words are indexed as overlapping pieces (see the migration): only a term this long is surely inside one. */
const MAX_TERM_LENGTH = 100;

/**
 * How a search finds its rows. `filters`: how many term conditions pick candidates through the GIN
 * index on `search_terms` (0: every row the caller sees is a candidate). `verify`: whether each
 * candidate is checked with ILIKE — not needed when the query is one term, for then having one of
 * its indexed words is exactly containing the query.
 */
interface SearchPlan {
  filters: number;
  verify: boolean;
}

/**
 * The search statements (see TranscriptionRepository.search), for a collation `fold`: $1–$5 as in
 * VISIBLE and the list's filters, $6 the ILIKE pattern, then the words of each term condition; the
 * page's statement also takes the query, an excerpt's length, the context before the match, the page
 * size and the offset, in that order.
 */
function searchStatements(fold: string, plan: SearchPlan): { page: string; count: string } {
  const like = (column: string) => `${column}${fold} ILIKE $6 ESCAPE '\\'`;
  const [query, excerptLength, before, limit, offset] = [7, 8, 9, 10, 11].map((n) => `$${n + plan.filters}`);
  const at = (column: string) => `COALESCE(strpos(lower(${column}${fold}), lower(${query}::text${fold})), 0)`;
  const terms = Array.from({ length: plan.filters }, (_, i) => `t.search_terms && $${7 + i}::text[]`);
  const candidates = plan.filters
    ? `candidates AS MATERIALIZED (SELECT t.id FROM transcriptions t WHERE ${terms.join(' AND ')}),`
    : '';
  const hits = `WITH scoped AS MATERIALIZED (
        SELECT t.id FROM transcriptions t WHERE ${VISIBLE}
          AND ($3::uuid IS NULL OR t.user_id = $3)
          AND ($4::text IS NULL OR t.status = $4)
          AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM transcription_channels f WHERE f.transcription_id = t.id AND f.channel_id = $5))),
      ${candidates}
      hits AS MATERIALIZED (
        SELECT h.* FROM scoped s ${plan.filters ? 'JOIN candidates USING (id)' : ''} CROSS JOIN LATERAL (
          SELECT t.id, t.created_at, CASE WHEN ${like('t.file_name')} THEN 0 WHEN ${like('t.summary')} THEN 1 ELSE 2 END AS rank
            FROM transcriptions t
           WHERE t.id = s.id ${plan.verify ? `AND (${like('t.file_name')} OR ${like('t.summary')} OR ${like('t.text')})` : ''}
          OFFSET 0) h)`;
  const excerpt = (column: string, position: string) =>
    `CASE WHEN m.${position} > 0 THEN substr(${column}, greatest(1, m.${position} - ${before}), ${excerptLength} + 1) END`;
  return {
    count: `${hits} SELECT count(*)::int AS total FROM hits`,
    page: `${hits},
      page AS (SELECT id, rank FROM hits ORDER BY rank, created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset})
      SELECT ${LIST_COLUMNS}, ${CHANNELS}, (SELECT count(*) FROM hits)::int AS total, m.name_at, m.summary_at, m.text_at,
             ${excerpt('t.file_name', 'name_at')} AS name_excerpt, ${excerpt('t.summary', 'summary_at')} AS summary_excerpt,
             ${excerpt('t.text', 'text_at')} AS text_excerpt
        FROM page p JOIN transcriptions t ON t.id = p.id
        CROSS JOIN LATERAL (SELECT ${at('t.file_name')} AS name_at, ${at('t.summary')} AS summary_at, ${at('t.text')} AS text_at) m
       ORDER BY p.rank, t.created_at DESC, t.id DESC`,
  };
}
/** The statements by collation and plan: a handful of constant texts, built once each. */
const searchStatementCache = new Map<string, { page: string; count: string }>();
function searchStatementsFor(unicode: boolean, plan: SearchPlan): { page: string; count: string } {
  const key = `${unicode}/${plan.filters}/${plan.verify}`;
  let statements = searchStatementCache.get(key);
  if (!statements) {
    statements = searchStatements(unicode ? '' : ' COLLATE "C"', plan);
    searchStatementCache.set(key, statements);
  }
  return statements;
}

export interface ListFilter {
  /** Only this user's (an admin's filter, and a viewer's "personal"). */
  userId?: string;
  status?: TranscriptionStatus;
  channelId?: string;
}

/** Where a search found its text. */
export type SearchField = 'file_name' | 'summary' | 'text';

/**
 * Some text around the first match in one field: `excerpt` starts `before` characters (code points)
 * ahead of the match, which is `length` long; `cutStart`/`cutEnd` say whether the field goes on.
 */
export interface SearchExcerpt {
  field: SearchField;
  excerpt: string;
  before: number;
  length: number;
  cutStart: boolean;
  cutEnd: boolean;
}

/** A transcription a search found, with where. */
export interface SearchHit {
  transcription: Transcription;
  /** In the order file name, summary, transcript; at least one. */
  excerpts: SearchExcerpt[];
}

/** Characters of context before a match in an excerpt, and an excerpt's least length. */
export const EXCERPT_BEFORE = 60;
export const EXCERPT_LENGTH = 160;

interface SearchRow extends TranscriptionRow {
  total: number;
  name_at: number;
  summary_at: number;
  text_at: number;
  name_excerpt: string | null;
  summary_excerpt: string | null;
  text_excerpt: string | null;
}

/** A job as handed to a runner. */
export interface ClaimedJob {
  id: string;
  fileName: string;
  language: string | null;
  contentType: string | null;
  fileSize: number | null;
  createdAt: Date;
  leaseId: string;
  leaseExpiresAt: Date;
  attempt: number;
  sha256: string | null;
  kind: JobKind;
  summaryInstruction: string | null;
  /** A summarize job's transcript (null for a transcribe job). */
  transcript: string | null;
  task: TranscriptionTask;
  prompt: string | null;
  wordTimestamps: boolean;
  temperature: number | null;
  vad: boolean | null;
  model: string | null;
}

interface ClaimedRow {
  id: string;
  file_name: string;
  language: string | null;
  content_type: string | null;
  file_size: string | null;
  created_at: Date;
  lease_id: string;
  lease_expires_at: Date;
  attempts: number;
  audio_sha256: string | null;
  kind: JobKind;
  summary_instruction: string | null;
  transcript: string | null;
  task: TranscriptionTask;
  prompt: string | null;
  word_timestamps: boolean;
  temperature: number | null;
  vad: boolean | null;
  model: string | null;
}

const toClaimedJob = (row: ClaimedRow): ClaimedJob => ({
  id: row.id,
  fileName: row.file_name,
  language: row.language,
  contentType: row.content_type,
  fileSize: row.file_size === null ? null : Number(row.file_size),
  createdAt: row.created_at,
  leaseId: row.lease_id,
  leaseExpiresAt: row.lease_expires_at,
  attempt: row.attempts,
  sha256: row.audio_sha256,
  kind: row.kind,
  summaryInstruction: row.summary_instruction,
  transcript: row.transcript,
  task: row.task,
  prompt: row.prompt,
  wordTimestamps: row.word_timestamps,
  temperature: row.temperature,
  vad: row.vad,
  model: row.model,
});

export interface LeaseState {
  status: TranscriptionStatus;
  kind: JobKind;
  leaseId: string | null;
  runnerId: string | null;
}

/** A runner's result, as stored. */
export interface Completion {
  id: string;
  leaseId: string;
  runnerId: string;
  /** Null for a summary-only job: the transcript stays as it is. */
  text: string | null;
  segments: Segment[] | null;
  summary: string | null;
  summaryModel: string | null;
  errorMessage: string | null;
  language: string | null;
  durationSeconds: number | null;
  /** Seconds of speech after skipping silence (0: none); left out: silence was not skipped. */
  speechSeconds?: number | null;
  processingTimeSeconds: number;
}

/**
 * Stored (and whether its audio file is no longer needed: none of AUDIO_RETENTION_HOURS or a live
 * share link keeps it), or refused (not this lease, or not processing).
 */
export type CompletionOutcome = { stored: true; audioReleased: boolean } | { stored: false };

/** A share link that is neither revoked nor expired keeps its transcription's audio. */
const LIVE_SHARE = `EXISTS (SELECT 1 FROM share_links l WHERE l.transcription_id = t.id AND l.revoked_at IS NULL
  AND (l.expires_at IS NULL OR l.expires_at > now()))`;

export interface Failure {
  id: string;
  leaseId: string;
  runnerId: string;
  errorMessage: string;
  /** Handed back unfinished: pending again, the attempt not counted. */
  released: boolean;
  /** Worth another attempt, while fewer than `maxAttempts` were made. */
  retryable: boolean;
  maxAttempts: number;
}

export interface QueueTimes {
  oldestPendingAgeSeconds: number | null;
  meanProcessingTimeSeconds: number | null;
}

/** How the last 24 hours went. */
export interface LastDayOutcomes {
  completed: number;
  failed: number;
  /** Mean of processing time / audio duration over the jobs completed (null: none with both known). */
  meanRealTimeFactor: number | null;
}

/** Jobs created, completed and failed in one hour (UTC), by their current status. */
export interface HourlyJobs {
  hour: Date;
  created: number;
  completed: number;
  failed: number;
}

/**
 * Every statement on the transcriptions table. Each state change is one statement that checks the
 * state it expects (claims lock with FOR UPDATE SKIP LOCKED; runner calls are fenced by the lease;
 * owners' and admins' changes are conditional on the status), so any number of runners, users and
 * server replicas can act at once without losing or doubling a job. Statuses are always bound as
 * parameters; no statement text is built from arguments.
 */
@Injectable()
export class TranscriptionRepository {
  constructor(private readonly db: Database) {}

  // --- uploads, owners and admins ------------------------------------------------------------

  async insert(upload: NewTranscription): Promise<Transcription> {
    const [row] = await this.db.rows<TranscriptionRow>(
      `INSERT INTO transcriptions AS t (id, user_id, file_name, file_path, content_type, file_size, audio_sha256, language, status,
                                        task, prompt, word_timestamps, temperature, vad, model, summary_instruction)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       RETURNING ${DETAIL_COLUMNS}, '[]'::json AS channels`,
      [
        upload.id,
        upload.userId,
        upload.fileName,
        upload.filePath,
        upload.contentType,
        upload.fileSize,
        upload.audioSha256,
        upload.language,
        Pending,
        upload.task ?? 'transcribe',
        upload.prompt ?? null,
        upload.wordTimestamps ?? false,
        upload.temperature ?? null,
        upload.vad ?? null,
        upload.model ?? null,
        upload.summaryInstruction ?? null,
      ],
    );
    return toTranscription(row!);
  }

  /** One page, newest first (results not loaded), and how many there are in all. */
  async page(
    scope: Scope,
    filter: ListFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: Transcription[]; total: number }> {
    const where = `${VISIBLE}
      AND ($3::uuid IS NULL OR t.user_id = $3)
      AND ($4::text IS NULL OR t.status = $4)
      AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM transcription_channels f WHERE f.transcription_id = t.id AND f.channel_id = $5))`;
    const parameters = [...visibility(scope), filter.userId ?? null, filter.status ?? null, filter.channelId ?? null];
    const [rows, [count]] = await Promise.all([
      this.db.rows<TranscriptionRow>(
        `SELECT ${LIST_COLUMNS}, ${CHANNELS} FROM transcriptions t WHERE ${where}
          ORDER BY t.created_at DESC, t.id DESC LIMIT $6 OFFSET $7`,
        [...parameters, pageSize, (page - 1) * pageSize],
      ),
      this.db.rows<{ total: number }>(`SELECT count(*)::int AS total FROM transcriptions t WHERE ${where}`, parameters),
    ]);
    return { items: rows.map(toTranscription), total: count!.total };
  }

  /**
   * One page of the transcriptions the scope may see (and the filter lets through) whose file
   * name, current summary or transcript contains `query` in any case (taken literally), and how
   * many there are. Ranked: file-name matches first, then summary matches, then transcript-only
   * ones; newest first within each.
   *
   * Candidates come from the search index (see QUERY_TERMS): a row is one only if, for each of the
   * query's terms, it has an indexed word containing that term. When the query is a single term
   * (a word, or one or two characters of Chinese or Japanese) that is exactly "contains the query",
   * so nothing is read but the index; otherwise each candidate the caller may see is checked with
   * ILIKE. A query whose terms narrow nothing down (e.g. "a") checks every row the caller sees. A
   * text with no case beyond ASCII letters is matched under the "C" collation, which folds ASCII
   * case only and reads several times faster than the database's Unicode folding; any other cased
   * letter (é, ß, Ж…) takes the Unicode path. Statements are constants per plan; the query is
   * always a bound parameter. Excerpts are cut for the page's rows only, found with strpos on the
   * text lowered the same way.
   */
  async search(
    scope: Scope,
    filter: ListFilter,
    query: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: SearchHit[]; total: number }> {
    const { plan, words } = await this.searchPlan(query);
    if (words.some((choices) => choices.length === 0)) return { items: [], total: 0 };
    const sql = searchStatementsFor(needsUnicodeFolding(query), plan);
    const parameters = [
      ...visibility(scope),
      filter.userId ?? null,
      filter.status ?? null,
      filter.channelId ?? null,
      `%${escapeLike(query)}%`,
      ...words,
    ];
    // Then the query (strpos on lower-cased text finds where ILIKE matched), $8 an excerpt's length, $9 the context before it.
    const excerptLength = Math.max(EXCERPT_LENGTH, Array.from(query).length + 2 * EXCERPT_BEFORE);
    const pageParameters = [...parameters, query, excerptLength, EXCERPT_BEFORE, pageSize, (page - 1) * pageSize];
    const { rows, total } = await this.withIndexedCandidates(plan, async (db) => {
      const found = await db.rows<SearchRow>(sql.page, pageParameters);
      if (found.length > 0 || page === 1) return { rows: found, total: found[0]?.total ?? 0 };
      const [count] = await db.rows<{ total: number }>(sql.count, parameters);
      return { rows: found, total: count!.total };
    });
    const matchLength = Array.from(query).length;
    const excerpt = (field: SearchField, text: string | null, at: number): SearchExcerpt[] => {
      if (text === null || at <= 0) return [];
      const from = Math.max(1, at - EXCERPT_BEFORE);
      const characters = Array.from(text);
      const cutEnd = characters.length > excerptLength;
      return [
        {
          field,
          excerpt: cutEnd ? characters.slice(0, excerptLength).join('') : text,
          before: at - from,
          length: matchLength,
          cutStart: from > 1,
          cutEnd,
        },
      ];
    };
    const items = rows.map((row) => ({
      transcription: toTranscription(row),
      excerpts: [
        ...excerpt('file_name', row.name_excerpt, row.name_at),
        ...excerpt('summary', row.summary_excerpt, row.summary_at),
        ...excerpt('text', row.text_excerpt, row.text_at),
      ],
    }));
    return { items, total };
  }

  /**
   * Runs a search's statements so that its candidates come from the GIN index. The planner prices
   * `&&` on an array as cheap whatever its size, so for a common word it would rather read every
   * row's terms (TOASTed, tens of kB each: half a second for 10,000) than use the index, which
   * answers exactly without reading them; sequential scans are made a last resort for this one
   * transaction.
   */
  private withIndexedCandidates<T>(plan: SearchPlan, work: (db: Queryable) => Promise<T>): Promise<T> {
    if (plan.filters === 0) return work(this.db);
    return this.db.transaction(async (tx) => {
      await tx.rows('SET LOCAL enable_seqscan = off');
      return work(tx);
    });
  }

  /**
   * How to search for `query` (see SearchPlan), and the words of each term condition: the whole
   * query's when it is one term, else the longest terms' that narrow something down. A term no
   * indexed word contains (an empty list) means nothing can match.
   */
  private async searchPlan(query: string): Promise<{ plan: SearchPlan; words: string[][] }> {
    const terms = await this.db.rows<{ term: string; whole: boolean; words: string[] }>(QUERY_TERMS, [query, MAX_TERM_WORDS + 1]);
    const useful = terms.filter((term) => term.words.length <= MAX_TERM_WORDS && Array.from(term.term).length <= MAX_TERM_LENGTH);
    const whole = useful.find((term) => term.whole);
    if (whole) return { plan: { filters: 1, verify: false }, words: [whole.words] };
    const words = useful
      .sort((a, b) => b.term.length - a.term.length)
      .slice(0, MAX_FILTER_TERMS)
      .map((term) => term.words);
    return { plan: { filters: words.length, verify: true }, words };
  }

  /** One transcription with its results and every summary, if the scope may see it. */
  async find(scope: Scope, id: string): Promise<Transcription | undefined> {
    const [row] = await this.db.rows<TranscriptionRow>(
      `SELECT ${DETAIL_COLUMNS}, ${CHANNELS}, ${SUMMARIES} FROM transcriptions t WHERE t.id = $3 AND ${VISIBLE}`,
      [...visibility(scope), id],
    );
    return row && toTranscription(row);
  }

  /**
   * Pending or processing → cancelled (a summarize job: back to completed, as it was before). The
   * lease id stays, so the runner holding it is told "cancelled" rather than "unknown lease".
   * False when it was in no such state.
   */
  async cancel(scope: OwnerScope, id: string, reason: string): Promise<boolean> {
    const rows = await this.db.rows(
      `UPDATE transcriptions SET status = CASE WHEN kind = $6 THEN $7 ELSE $3 END, stage = NULL, lease_expires_at = NULL,
              completed_at = now(), error_message = CASE WHEN kind = $6 THEN NULL ELSE $4 END, progress = 100,
              kind = $8, summary_instruction = CASE WHEN kind = $6 THEN NULL ELSE summary_instruction END, updated_at = now()
        WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND status = ANY($5::text[])
        RETURNING id`,
      [id, ownerOf(scope), Cancelled, reason, [Pending, Processing], JobKind.Summarize, Completed, JobKind.Transcribe],
    );
    return rows.length > 0;
  }

  /** Back to pending with a clean slate, if it is in one of the `from` statuses. */
  async requeue(scope: OwnerScope, id: string, from: TranscriptionStatus[]): Promise<Transcription | undefined> {
    const [row] = await this.db.rows<TranscriptionRow>(
      `UPDATE transcriptions t SET status = $3, attempts = 0, progress = 0, stage = NULL, runner_id = NULL, lease_id = NULL,
              lease_expires_at = NULL, error_message = NULL, started_at = NULL, completed_at = NULL, updated_at = now()
        WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND status = ANY($4::text[])
        RETURNING ${DETAIL_COLUMNS}, ${CHANNELS}, ${SUMMARIES}`,
      [id, ownerOf(scope), Pending, from],
    );
    return row && toTranscription(row);
  }

  /**
   * A completed transcription becomes a pending summary-only job (its transcript and results stay
   * readable meanwhile). False when it is not completed.
   */
  async queueSummary(scope: OwnerScope, id: string, instruction: string | null): Promise<Transcription | undefined> {
    const [row] = await this.db.rows<TranscriptionRow>(
      `UPDATE transcriptions t SET status = $3, kind = $4, summary_instruction = $5, attempts = 0, progress = 0, stage = NULL,
              runner_id = NULL, lease_id = NULL, lease_expires_at = NULL, started_at = NULL, completed_at = NULL,
              updated_at = now()
        WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND status = $6
        RETURNING ${DETAIL_COLUMNS}, ${CHANNELS}, ${SUMMARIES}`,
      [id, ownerOf(scope), Pending, JobKind.Summarize, instruction, Completed],
    );
    return row && toTranscription(row);
  }

  /**
   * Replaces the text of some segments of a completed transcription (keeping the runner's
   * original the first time) and the whole text with it. False when it is not completed.
   */
  async editSegments(scope: OwnerScope, id: string, segments: Segment[], text: string): Promise<boolean> {
    const rows = await this.db.rows(
      `UPDATE transcriptions SET original_segments = COALESCE(original_segments, segments), segments = $3::jsonb, text = $4,
              edited_at = now(), notebooklm_guide = NULL, updated_at = now()
        WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND status = $5
        RETURNING id`,
      [id, ownerOf(scope), JSON.stringify(segments), text, Completed],
    );
    return rows.length > 0;
  }

  /**
   * Keeps a guideline the model wrote, if the transcript and summary it was written from are
   * still the current ones (neither edited nor summarized again since `readAt`).
   */
  async saveNotebookLmGuide(id: string, guide: string, readAt: Date): Promise<void> {
    // A Date holds milliseconds; the column, microseconds.
    await this.db.rows(
      `UPDATE transcriptions SET notebooklm_guide = $2
        WHERE id = $1 AND status = $3 AND date_trunc('milliseconds', updated_at) = $4`,
      [id, guide, Completed, readAt],
    );
  }

  /** Deletes the row (a runner working on it is refused from then on); false if there was none. */
  async delete(scope: OwnerScope, id: string): Promise<boolean> {
    const rows = await this.db.rows(
      `DELETE FROM transcriptions WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2) RETURNING id`,
      [id, ownerOf(scope)],
    );
    return rows.length > 0;
  }

  /** Deletes every transcription of a user; returns their ids (their audio files are named by them). */
  async deleteAllOf(userId: string): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>(`DELETE FROM transcriptions WHERE user_id = $1 RETURNING id`, [userId]);
    return rows.map((row) => row.id);
  }

  async idsOwnedBy(userId: string): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>(`SELECT id FROM transcriptions WHERE user_id = $1`, [userId]);
    return rows.map((row) => row.id);
  }

  // --- the runner queue -------------------------------------------------------------------

  /** Jobs in a status, oldest first (the poll-then-start protocol's listing). Claims nothing. */
  async listByStatus(status: TranscriptionStatus, limit: number): Promise<ClaimedJob[]> {
    const rows = await this.db.rows<ClaimedRow>(
      `SELECT ${CLAIMED_COLUMNS} FROM transcriptions t WHERE t.status = $1 ORDER BY t.created_at, t.id LIMIT $2`,
      [status, limit],
    );
    return rows.map(toClaimedJob);
  }

  /**
   * One statement for many claims: lock the oldest pending jobs (SKIP LOCKED: rows another
   * statement holds are passed over, never shared), number them, and give job n to slot n;
   * `slots[n]` is the runner that owns slot n+1. Only jobs the slots' `models` can run are
   * taken (all slots of one statement share them). Returns each slot's job (slots beyond the
   * pending jobs get none).
   */
  async claimSlots(slots: string[], leaseSeconds: number, models: string[] = []): Promise<Map<number, ClaimedJob>> {
    const rows = await this.db.rows<ClaimedRow & { slot: string }>(
      `WITH picked AS (
         SELECT id, row_number() OVER (ORDER BY created_at, id) AS slot
           FROM (SELECT id, created_at FROM transcriptions
                  WHERE status = $3 AND ${ROUTABLE('$7')}
                  ORDER BY created_at, id
                  LIMIT $4
                    FOR UPDATE SKIP LOCKED) oldest),
       claimant AS (SELECT runner_id, slot FROM unnest($1::text[]) WITH ORDINALITY AS s(runner_id, slot))
       UPDATE transcriptions t SET ${TAKE_JOB}
         FROM picked JOIN claimant USING (slot)
        WHERE t.id = picked.id
       RETURNING picked.slot, ${CLAIMED_COLUMNS}`,
      [slots, leaseSeconds, Pending, slots.length, Processing, JobStage.Queued, models],
    );
    return new Map(rows.map((row) => [Number(row.slot), toClaimedJob(row)]));
  }

  /** Takes this one job if it is still pending and `models` can run it (of racing runners exactly one gets it). */
  async start(id: string, runnerId: string, leaseSeconds: number, models: string[] = []): Promise<ClaimedJob | undefined> {
    const [row] = await this.db.rows<ClaimedRow>(
      `WITH claimant AS (SELECT $1::text AS runner_id)
       UPDATE transcriptions t SET ${TAKE_JOB}
         FROM claimant
        WHERE t.id = $3 AND t.status = $4 AND ${ROUTABLE('$7')}
       RETURNING ${CLAIMED_COLUMNS}`,
      [runnerId, leaseSeconds, id, Pending, Processing, JobStage.Queued, models],
    );
    return row && toClaimedJob(row);
  }

  /** Records progress and renews the lease, if this runner still holds this lease on a processing job. */
  async recordProgress(
    id: string,
    lease: { leaseId: string; runnerId: string },
    progress: number,
    stage: JobStage,
    leaseSeconds: number,
  ): Promise<boolean> {
    const rows = await this.db.rows(
      `UPDATE transcriptions SET progress = $4, stage = $5, updated_at = now(),
              lease_expires_at = now() + make_interval(secs => $6)
        WHERE id = $1 AND lease_id = $2 AND runner_id = $3 AND status = $7
        RETURNING id`,
      [id, lease.leaseId, lease.runnerId, progress, stage, leaseSeconds, Processing],
    );
    return rows.length > 0;
  }

  /**
   * One fenced UPDATE for many results: each row changes only under its own current lease. A
   * summary-only result keeps the transcript (and the summary, if the new one failed). A summary
   * is also recorded in `summaries`. The audio reference is cleared in the same statement unless
   * `audioRetentionHours` or a live share link keeps it (the caller deletes a released file).
   */
  async completeAll(completions: Completion[], audioRetentionHours: number): Promise<CompletionOutcome[]> {
    const input = completions.map((completion) => ({
      id: completion.id,
      lease_id: completion.leaseId,
      runner_id: completion.runnerId,
      text: completion.text,
      segments: completion.segments,
      summary: completion.summary,
      summary_model: completion.summaryModel,
      error_message: completion.errorMessage,
      language: completion.language,
      duration_seconds: completion.durationSeconds,
      speech_seconds: completion.speechSeconds ?? null,
      processing_time_seconds: completion.processingTimeSeconds,
    }));
    const rows = await this.db.rows<{ id: string; stored_file: string | null; kept_file: string | null }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           id uuid, lease_id uuid, runner_id text, text text, segments jsonb, summary text, summary_model text,
           error_message text, language text, duration_seconds double precision, speech_seconds double precision,
           processing_time_seconds double precision)),
       target AS (
         SELECT t.id, t.file_path, t.summary_instruction FROM transcriptions t
           JOIN input i ON i.id = t.id AND i.lease_id = t.lease_id AND i.runner_id = t.runner_id
          WHERE t.status = $2
            FOR UPDATE OF t),
       updated AS (
         UPDATE transcriptions t SET status = $3, text = COALESCE(i.text, t.text), segments = COALESCE(i.segments, t.segments),
                summary = CASE WHEN i.text IS NULL THEN COALESCE(i.summary, t.summary) ELSE i.summary END,
                error_message = i.error_message, language = COALESCE(i.language, t.language),
                duration_seconds = COALESCE(i.duration_seconds, t.duration_seconds),
                speech_seconds = CASE WHEN i.text IS NULL THEN t.speech_seconds ELSE i.speech_seconds END,
                processing_time_seconds = i.processing_time_seconds,
                progress = 100, stage = $4, completed_at = now(), lease_expires_at = NULL, kind = $6, summary_instruction = NULL,
                notebooklm_guide = NULL,
                file_path = CASE WHEN $5::double precision > 0 OR ${LIVE_SHARE} THEN t.file_path ELSE NULL END,
                updated_at = now()
           FROM target JOIN input i ON i.id = target.id
          WHERE t.id = target.id
         RETURNING t.id, target.file_path AS stored_file, t.file_path AS kept_file, i.summary, i.summary_model,
                   target.summary_instruction),
       recorded AS (
         INSERT INTO summaries (transcription_id, summary_text, model_name, instruction)
         SELECT id, summary, summary_model, summary_instruction FROM updated WHERE summary IS NOT NULL)
       SELECT id, stored_file, kept_file FROM updated`,
      [JSON.stringify(input), Processing, Completed, JobStage.Done, audioRetentionHours, JobKind.Transcribe],
    );
    const released = new Map(rows.map((row) => [row.id, row.stored_file !== null && row.kept_file === null]));
    return completions.map((completion) => {
      const audioReleased = released.get(completion.id);
      return audioReleased === undefined ? { stored: false } : { stored: true, audioReleased };
    });
  }

  /**
   * A runner gives up on a job it holds: back to pending when it only hands it back (`released`,
   * the attempt not counted) or when it is retryable and attempts are left, else failed (a
   * summarize job: completed again, its transcript and earlier summary intact, with the reason).
   * It keeps its lease, so a repeated call can be recognised. Undefined: the runner does not hold it.
   */
  async fail(failure: Failure): Promise<TranscriptionStatus | undefined> {
    const [row] = await this.db.rows<{ status: TranscriptionStatus }>(
      `WITH decision AS (
         SELECT id, ($4::boolean OR ($5::boolean AND attempts < $6::int)) AS requeue
           FROM transcriptions
          WHERE id = $1 AND lease_id = $2 AND runner_id = $3 AND status = $8
            FOR UPDATE)
       UPDATE transcriptions t SET
              status = CASE WHEN d.requeue THEN $9 WHEN t.kind = $11 THEN $12 ELSE $10 END,
              attempts = CASE WHEN $4::boolean THEN greatest(t.attempts - 1, 0) ELSE t.attempts END,
              error_message = CASE WHEN t.kind = $11 THEN 'summary failed: ' || $7 ELSE $7 END,
              kind = CASE WHEN d.requeue THEN t.kind ELSE $13 END,
              summary_instruction = CASE WHEN d.requeue OR t.kind <> $11 THEN t.summary_instruction END,
              stage = CASE WHEN d.requeue OR t.kind <> $11 THEN NULL ELSE $14 END, lease_expires_at = NULL, updated_at = now(),
              completed_at = CASE WHEN d.requeue THEN NULL ELSE now() END,
              progress = CASE WHEN d.requeue THEN 0 WHEN t.kind = $11 THEN 100 ELSE t.progress END,
              runner_id = CASE WHEN d.requeue THEN NULL ELSE t.runner_id END,
              lease_id = CASE WHEN d.requeue THEN NULL ELSE t.lease_id END
         FROM decision d WHERE t.id = d.id
       RETURNING t.status`,
      [
        failure.id,
        failure.leaseId,
        failure.runnerId,
        failure.released,
        failure.retryable,
        failure.maxAttempts,
        failure.errorMessage,
        Processing,
        Pending,
        Failed,
        JobKind.Summarize,
        Completed,
        JobKind.Transcribe,
        JobStage.Done,
      ],
    );
    return row?.status;
  }

  /** Renews the leases this runner holds among `jobIds`; returns the ids it holds. */
  async renewLeases(jobIds: string[], runnerId: string, leaseSeconds: number): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows = await this.db.rows<{ id: string }>(
      `UPDATE transcriptions SET lease_expires_at = now() + make_interval(secs => $3)
        WHERE id = ANY($1::uuid[]) AND runner_id = $2 AND status = $4
        RETURNING id`,
      [jobIds, runnerId, leaseSeconds, Processing],
    );
    return new Set(rows.map((row) => row.id));
  }

  async leaseState(id: string): Promise<LeaseState | undefined> {
    const [row] = await this.db.rows<{
      status: TranscriptionStatus;
      kind: JobKind;
      lease_id: string | null;
      runner_id: string | null;
    }>(`SELECT status, kind, lease_id, runner_id FROM transcriptions WHERE id = $1`, [id]);
    return row && { status: row.status, kind: row.kind, leaseId: row.lease_id, runnerId: row.runner_id };
  }

  /**
   * Processing jobs whose lease expired: back to pending, or failed after `maxAttempts` (a
   * summarize job: completed again, as `fail` does), with the reason. One conditional statement: replicas sweeping at once never requeue a job twice.
   */
  async expireLeases(maxAttempts: number): Promise<{ id: string; status: TranscriptionStatus }[]> {
    return this.db.rows(
      `UPDATE transcriptions SET
              status = CASE WHEN attempts < $1 THEN $4 WHEN kind = $5 THEN $6 ELSE $3 END,
              error_message = CASE WHEN attempts >= $1
                THEN format('%sfailed after %s attempts: runner %s stopped reporting and its lease expired',
                            CASE WHEN kind = $5 THEN 'summary ' ELSE '' END, attempts, runner_id)
                ELSE format('attempt %s: runner %s stopped reporting and its lease expired; requeued', attempts, runner_id) END,
              completed_at = CASE WHEN attempts >= $1 THEN now() ELSE NULL END,
              runner_id = CASE WHEN attempts >= $1 THEN runner_id ELSE NULL END,
              progress = CASE WHEN attempts >= $1 AND kind = $5 THEN 100 ELSE 0 END,
              stage = CASE WHEN attempts >= $1 AND kind = $5 THEN $7 END,
              summary_instruction = CASE WHEN attempts >= $1 AND kind = $5 THEN NULL ELSE summary_instruction END,
              kind = CASE WHEN attempts >= $1 THEN $8 ELSE kind END,
              lease_id = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE status = $2 AND lease_expires_at < now()
        RETURNING id, status`,
      [maxAttempts, Processing, Failed, Pending, JobKind.Summarize, Completed, JobStage.Done, JobKind.Transcribe],
    );
  }

  // --- audio --------------------------------------------------------------------------------

  /** Rows that refer to a stored audio file, with their status. */
  async withAudio(): Promise<{ id: string; status: TranscriptionStatus }[]> {
    return this.db.rows(`SELECT id, status FROM transcriptions WHERE file_path IS NOT NULL`);
  }

  /** Of `ids`, those whose rows still refer to their audio. */
  async stillReferencingAudio(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.rows<{ id: string }>(
      `SELECT id FROM transcriptions WHERE id = ANY($1::uuid[]) AND file_path IS NOT NULL`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * The audio of these jobs vanished from storage: their reference is dropped, and pending
   * transcribe jobs are failed with a message saying so (processing ones are left to their runner;
   * a summarize job needs no audio). Returns the ids that were failed.
   */
  async markAudioMissing(ids: string[], message: string): Promise<string[]> {
    const rows = await this.db.rows<{ id: string; failed: boolean }>(
      `WITH before AS (
         SELECT id, (status = $2 AND kind = $6) AS fail FROM transcriptions
          WHERE id = ANY($1::uuid[]) AND file_path IS NOT NULL AND status <> $5
            FOR UPDATE)
       UPDATE transcriptions t SET file_path = NULL, updated_at = now(),
              status = CASE WHEN before.fail THEN $3 ELSE t.status END,
              completed_at = CASE WHEN before.fail THEN now() ELSE t.completed_at END,
              error_message = CASE WHEN before.fail THEN $4 ELSE t.error_message END
         FROM before WHERE t.id = before.id
       RETURNING t.id, before.fail AS failed`,
      [ids, Pending, Failed, message, Processing, JobKind.Transcribe],
    );
    return rows.filter((row) => row.failed).map((row) => row.id);
  }

  /**
   * Retention: drops the audio reference of completed jobs older than `completedSeconds` and of
   * failed or cancelled ones older than `failedSeconds` (since they finished), unless a live
   * share link keeps it. Returns their ids (the caller deletes the files). One statement: replicas
   * sweeping at once never release a file twice.
   */
  async releaseExpiredAudio(completedSeconds: number, failedSeconds: number): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>(
      `UPDATE transcriptions t SET file_path = NULL, updated_at = now()
        WHERE t.file_path IS NOT NULL AND NOT ${LIVE_SHARE}
          AND ((t.status = $1 AND t.completed_at <= now() - make_interval(secs => $3))
            OR (t.status = ANY($2::text[]) AND t.completed_at <= now() - make_interval(secs => $4)))
        RETURNING t.id`,
      [Completed, [Failed, Cancelled], completedSeconds, failedSeconds],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Retention: deletes finished transcriptions uploaded more than `seconds` ago, with their
   * results, chats and links. Returns their ids (the caller deletes any audio files).
   */
  async deleteOlderThan(seconds: number): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>(
      `DELETE FROM transcriptions WHERE created_at <= now() - make_interval(secs => $1) AND status = ANY($2::text[]) RETURNING id`,
      [seconds, [Completed, Failed, Cancelled]],
    );
    return rows.map((row) => row.id);
  }

  /** Size, type, checksum and presence of a job's audio. */
  async audio(
    id: string,
  ): Promise<Pick<Transcription, 'fileSize' | 'contentType' | 'audioSha256' | 'filePath' | 'fileName'> | undefined> {
    const [row] = await this.db.rows<
      Pick<TranscriptionRow, 'file_size' | 'content_type' | 'audio_sha256' | 'file_path' | 'file_name'>
    >(`SELECT file_size, content_type, audio_sha256, file_path, file_name FROM transcriptions WHERE id = $1`, [id]);
    return (
      row && {
        fileSize: row.file_size === null ? null : Number(row.file_size),
        contentType: row.content_type,
        audioSha256: row.audio_sha256,
        filePath: row.file_path,
        fileName: row.file_name,
      }
    );
  }

  // --- statistics ---------------------------------------------------------------------------

  async countByStatus(): Promise<Record<TranscriptionStatus, number>> {
    const rows = await this.db.rows<{ status: TranscriptionStatus; n: number }>(
      `SELECT status, count(*)::int AS n FROM transcriptions GROUP BY status`,
    );
    const counts = Object.fromEntries(Object.values(TranscriptionStatus).map((status) => [status, 0])) as Record<
      TranscriptionStatus,
      number
    >;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  async queueTimes(): Promise<QueueTimes> {
    const [row] = await this.db.rows<{ oldest: number | null; mean: number | null }>(
      `SELECT extract(epoch FROM now() - (SELECT min(created_at) FROM transcriptions WHERE status = $1))::float AS oldest,
              (SELECT avg(processing_time_seconds) FROM transcriptions
                WHERE status = $2 AND processing_time_seconds IS NOT NULL)::float AS mean`,
      [Pending, Completed],
    );
    return { oldestPendingAgeSeconds: row?.oldest ?? null, meanProcessingTimeSeconds: row?.mean ?? null };
  }

  /** Jobs completed and failed since 24 hours ago (by `completed_at`, which a failure sets too). */
  async lastDayOutcomes(): Promise<LastDayOutcomes> {
    const [row] = await this.db.rows<{ completed: number; failed: number; rtf: number | null }>(
      `SELECT count(*) FILTER (WHERE status = $1)::int AS completed, count(*) FILTER (WHERE status = $2)::int AS failed,
              (avg(processing_time_seconds / duration_seconds)
                 FILTER (WHERE status = $1 AND processing_time_seconds IS NOT NULL AND duration_seconds > 0))::float AS rtf
         FROM transcriptions
        WHERE completed_at >= now() - interval '24 hours' AND status IN ($1, $2)`,
      [Completed, Failed],
    );
    return { completed: row?.completed ?? 0, failed: row?.failed ?? 0, meanRealTimeFactor: row?.rtf ?? null };
  }

  /** The last 24 hours (UTC), the current one included, oldest first; hours without jobs are zeros. */
  async jobsPerHour(): Promise<HourlyJobs[]> {
    return this.db.rows<HourlyJobs>(
      `WITH hours AS (
         SELECT generate_series(date_trunc('hour', now(), 'UTC') - interval '23 hours', date_trunc('hour', now(), 'UTC'),
                                interval '1 hour') AS hour),
       created AS (
         SELECT date_trunc('hour', created_at, 'UTC') AS hour, count(*)::int AS n FROM transcriptions
          WHERE created_at >= (SELECT min(hour) FROM hours) GROUP BY 1),
       ended AS (
         SELECT date_trunc('hour', completed_at, 'UTC') AS hour,
                count(*) FILTER (WHERE status = $1)::int AS completed, count(*) FILTER (WHERE status = $2)::int AS failed
           FROM transcriptions WHERE completed_at >= (SELECT min(hour) FROM hours) AND status IN ($1, $2) GROUP BY 1)
       SELECT h.hour, COALESCE(c.n, 0) AS created, COALESCE(e.completed, 0) AS completed, COALESCE(e.failed, 0) AS failed
         FROM hours h LEFT JOIN created c ON c.hour = h.hour LEFT JOIN ended e ON e.hour = h.hour
        ORDER BY h.hour`,
      [Completed, Failed],
    );
  }

  /** Bytes of audio kept for transcriptions. */
  async storedAudioBytes(): Promise<number> {
    const [row] = await this.db.rows<{ bytes: number }>(
      `SELECT COALESCE(sum(file_size), 0)::float AS bytes FROM transcriptions WHERE file_path IS NOT NULL`,
    );
    return row?.bytes ?? 0;
  }
}
