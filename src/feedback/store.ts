import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database, { type Database as SqliteDatabase, type Statement } from 'better-sqlite3';
import { BotError } from '../errors.ts';
import { FEEDBACK_BUSY_TIMEOUT_MS } from '../limits.ts';
import { migrate } from './migrations.ts';

/**
 * The feedback database: one SQLite file (better-sqlite3) under DATA_DIR, in WAL mode so that several bot processes
 * can write at once (each write is one short IMMEDIATE transaction; a process finding the lock taken waits up to
 * FEEDBACK_BUSY_TIMEOUT_MS). Only this module speaks SQL.
 */

export const FEEDBACK_DB_FILE = 'feedback.sqlite';

export function feedbackDbPath(dataDir: string): string {
  return join(dataDir, FEEDBACK_DB_FILE);
}

/** One result as the user saw it when they voted. */
export interface ShownHit {
  rank: number;
  doc: string;
  passage: string;
  score: number;
  quote: string;
}

export type VoteValue = 1 | -1;

export interface VoteRecord {
  messageId: string;
  /** Keyed hash of the voter (see voter.ts); never a Discord user id. */
  voter: string;
  guildId: string | null;
  vote: VoteValue;
  question: string;
  questionLang: string;
  /** The reply was a refusal ("no answer in the corpus"). */
  refused: boolean;
  /** Results skipped before the page voted on ("More results"). */
  offset: number;
  /** The /ask `language` filter, if any. */
  sourceLang: string | null;
  mode: string;
  modelId: string | null;
  /** When the index generation that answered was built: identifies it. */
  indexGeneration: string;
  /** The answer's confidence when the engine gives one (higher = surer); null otherwise. */
  confidence: number | null;
  /** The refusal threshold in force when the answer was given. */
  threshold: number | null;
  shown: ShownHit[];
  /** Milliseconds since the epoch. */
  at: number;
}

export interface StoredVote extends Omit<VoteRecord, 'at'> {
  id: number;
  createdAt: number;
  updatedAt: number;
}

/** What a click did: a new vote, a vote changed (👍 → 👎 or a different page), or the same vote again. */
export type VoteOutcome = 'created' | 'changed' | 'unchanged';

export interface RefusalRecord {
  question: string;
  questionLang: string;
  guildId: string | null;
  confidence: number | null;
  at: number;
}

export interface StoredRefusal extends RefusalRecord {
  id: number;
}

export interface RefusalFilter {
  /** Only refusals at or after this time (ms since the epoch). */
  since?: number | undefined;
  /** Only this server's refusals; undefined = every server. */
  guildId?: string | undefined;
}

interface VoteRow {
  id: number;
  message_id: string;
  voter: string;
  guild_id: string | null;
  vote: number;
  question: string;
  question_lang: string;
  refused: number;
  page_offset: number;
  source_lang: string | null;
  mode: string;
  model_id: string | null;
  index_generation: string;
  confidence: number | null;
  threshold: number | null;
  shown: string;
  created_at: number;
  updated_at: number;
}

interface RefusalRow {
  id: number;
  question: string;
  question_lang: string;
  guild_id: string | null;
  confidence: number | null;
  asked_at: number;
}

export class FeedbackStore {
  private readonly statements: {
    findVote: Statement<[string, string], { vote: number; shown: string }>;
    insertVote: Statement<[Record<string, unknown>]>;
    updateVote: Statement<[Record<string, unknown>]>;
    insertRefusal: Statement<[Record<string, unknown>]>;
    allVotes: Statement<[], VoteRow>;
    deleteVotes: Statement<[number]>;
    deleteRefusals: Statement<[number]>;
  };

  private constructor(
    private readonly db: SqliteDatabase,
    readonly path: string,
  ) {
    this.statements = {
      findVote: db.prepare('SELECT vote, shown FROM votes WHERE message_id = ? AND voter = ?'),
      insertVote: db.prepare(
        `INSERT INTO votes (message_id, voter, guild_id, vote, question, question_lang, refused, page_offset, source_lang,
           mode, model_id, index_generation, confidence, threshold, shown, created_at, updated_at)
         VALUES (@messageId, @voter, @guildId, @vote, @question, @questionLang, @refused, @offset, @sourceLang,
           @mode, @modelId, @indexGeneration, @confidence, @threshold, @shown, @at, @at)`,
      ),
      updateVote: db.prepare(
        `UPDATE votes SET vote = @vote, guild_id = @guildId, question = @question, question_lang = @questionLang,
           refused = @refused, page_offset = @offset, source_lang = @sourceLang, mode = @mode, model_id = @modelId,
           index_generation = @indexGeneration, confidence = @confidence, threshold = @threshold, shown = @shown,
           updated_at = @at
         WHERE message_id = @messageId AND voter = @voter`,
      ),
      insertRefusal: db.prepare(
        'INSERT INTO refusals (question, question_lang, guild_id, confidence, asked_at) VALUES (@question, @questionLang, @guildId, @confidence, @at)',
      ),
      allVotes: db.prepare('SELECT * FROM votes ORDER BY id'),
      deleteVotes: db.prepare('DELETE FROM votes WHERE updated_at < ?'),
      deleteRefusals: db.prepare('DELETE FROM refusals WHERE asked_at < ?'),
    };
  }

  /**
   * Opens (and with `create`, creates) the database and migrates its schema. Without `create`, a missing file is
   * `null`: the command-line reports have nothing to read. Every failure is FEEDBACK_UNAVAILABLE with the file, the
   * SQLite code and what to do.
   */
  static open(path: string, options: { create: boolean; /** Default FEEDBACK_BUSY_TIMEOUT_MS. */ busyTimeoutMs?: number }): FeedbackStore | null {
    if (!options.create && !existsSync(path)) return null;
    let db: SqliteDatabase | undefined;
    try {
      const isNew = options.create && !existsSync(path);
      if (options.create) mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, { fileMustExist: !options.create, timeout: options.busyTimeoutMs ?? FEEDBACK_BUSY_TIMEOUT_MS });
      // Questions asked privately are stored too: only the bot's user reads the file (SQLite gives its WAL the same mode).
      if (isNew) chmodSync(path, 0o600);
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL loses no committed data on a crash of the process, only possibly the last ones on power loss.
      db.pragma('synchronous = NORMAL');
      // A damaged file can have a valid header and fail only at the page a later vote touches: check it now, so the
      // failure is one clear message at start-up.
      const check = db.pragma('quick_check(1)', { simple: true });
      if (check !== 'ok') throw Object.assign(new Error(`integrity check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
      migrate(db, path);
      return new FeedbackStore(db, path);
    } catch (error) {
      try {
        db?.close();
      } catch {
        // Closing a handle that failed to open may fail too; the original error is the one to report.
      }
      throw feedbackUnavailable(error, path);
    }
  }

  /** One vote per voter per message: a second click changes the row, the same click again changes nothing. */
  recordVote(record: VoteRecord): VoteOutcome {
    const params = {
      ...record,
      refused: record.refused ? 1 : 0,
      shown: JSON.stringify(record.shown),
    };
    return this.guard(() =>
      this.db
        .transaction((): VoteOutcome => {
          const existing = this.statements.findVote.get(record.messageId, record.voter);
          if (!existing) {
            this.statements.insertVote.run(params);
            return 'created';
          }
          if (existing.vote === record.vote && existing.shown === params.shown) return 'unchanged';
          this.statements.updateVote.run(params);
          return 'changed';
        })
        // IMMEDIATE takes the write lock before reading, so two processes cannot both see "no vote yet".
        .immediate(),
    );
  }

  recordRefusal(record: RefusalRecord): void {
    this.guard(() => this.statements.insertRefusal.run({ ...record }));
  }

  votes(): StoredVote[] {
    return this.guard(() => this.statements.allVotes.all().map(voteFromRow));
  }

  refusals(filter: RefusalFilter = {}): StoredRefusal[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.since !== undefined) {
      where.push('asked_at >= ?');
      params.push(filter.since);
    }
    if (filter.guildId !== undefined) {
      where.push('guild_id = ?');
      params.push(filter.guildId);
    }
    const sql = `SELECT * FROM refusals${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY asked_at, id`;
    return this.guard(() =>
      (this.db.prepare(sql).all(...params) as RefusalRow[]).map((row) => ({
        id: row.id,
        question: row.question,
        questionLang: row.question_lang,
        guildId: row.guild_id,
        confidence: row.confidence,
        at: row.asked_at,
      })),
    );
  }

  /** Deletes votes last changed, and refusals recorded, before `cutoff` (ms since the epoch). */
  deleteOlderThan(cutoff: number): { votes: number; refusals: number } {
    return this.guard(() =>
      this.db
        .transaction(() => ({
          votes: this.statements.deleteVotes.run(cutoff).changes,
          refusals: this.statements.deleteRefusals.run(cutoff).changes,
        }))
        .immediate(),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private guard<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      throw feedbackUnavailable(error, this.path);
    }
  }
}

function voteFromRow(row: VoteRow): StoredVote {
  return {
    id: row.id,
    messageId: row.message_id,
    voter: row.voter,
    guildId: row.guild_id,
    vote: row.vote === 1 ? 1 : -1,
    question: row.question,
    questionLang: row.question_lang,
    refused: row.refused === 1,
    offset: row.page_offset,
    sourceLang: row.source_lang,
    mode: row.mode,
    modelId: row.model_id,
    indexGeneration: row.index_generation,
    confidence: row.confidence,
    threshold: row.threshold,
    shown: parseShown(row.shown),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A row edited by hand into something that is not a list of hits reads as "nothing shown", not as a crash. */
function parseShown(json: string): ShownHit[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as ShownHit[]) : [];
  } catch {
    return [];
  }
}

/** SQLite result codes (better-sqlite3 `SqliteError.code`) and file-system codes, grouped by what fixes them. */
const DAMAGED = /^SQLITE_(NOTADB|CORRUPT)/u;
const UNWRITABLE = /^(SQLITE_(READONLY|CANTOPEN|IOERR|PERM|FULL)|EACCES|EPERM|EROFS|ENOSPC|ENOTDIR|EISDIR)/u;
const LOCKED = /^SQLITE_(BUSY|LOCKED)/u;

/** One clear message: which file, what SQLite said, and what to do about it. */
export function feedbackUnavailable(error: unknown, path: string): BotError {
  if (error instanceof BotError && error.code === 'FEEDBACK_UNAVAILABLE') return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
  const reason = error instanceof Error ? error.message : String(error);
  const fix = DAMAGED.test(code)
    ? 'The file is damaged: move it away (a new one is started) or restore a backup.'
    : UNWRITABLE.test(code)
      ? 'Check that DATA_DIR exists, is a folder and is writable by the bot, and that the disk has room.'
      : LOCKED.test(code)
        ? 'Another process held it locked for too long; if this persists, look for a stuck process using it.'
        : 'Move the file away to start a new one, or set FEEDBACK=off.';
  return new BotError('FEEDBACK_UNAVAILABLE', `The feedback database ${path} cannot be used (${code}: ${reason}). ${fix}`, {
    cause: error,
    details: { code, path },
  });
}
