import type { Database } from 'better-sqlite3';
import { BotError } from '../errors.ts';

/**
 * The feedback schema, one entry per version, applied in order at start-up. `PRAGMA user_version` records the last
 * one applied. Append new versions; never edit one that has shipped, since databases in the field already ran it.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: votes on /ask replies, and refused questions (knowledge gaps).
  `
  CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    message_id TEXT NOT NULL,
    -- HMAC-SHA256 of the Discord user id and the message id under the key in DATA_DIR/feedback.key; never the id.
    voter TEXT NOT NULL,
    guild_id TEXT,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    question TEXT NOT NULL,
    question_lang TEXT NOT NULL,
    refused INTEGER NOT NULL CHECK (refused IN (0, 1)),
    page_offset INTEGER NOT NULL,
    source_lang TEXT,
    mode TEXT NOT NULL,
    model_id TEXT,
    index_generation TEXT NOT NULL,
    confidence REAL,
    threshold REAL,
    shown TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (message_id, voter)
  );
  CREATE INDEX votes_updated_at ON votes (updated_at);
  CREATE TABLE refusals (
    id INTEGER PRIMARY KEY,
    question TEXT NOT NULL,
    question_lang TEXT NOT NULL,
    guild_id TEXT,
    confidence REAL,
    asked_at INTEGER NOT NULL
  );
  CREATE INDEX refusals_asked_at ON refusals (asked_at);
  CREATE INDEX refusals_guild_asked_at ON refusals (guild_id, asked_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema up to SCHEMA_VERSION. Runs inside one IMMEDIATE transaction: when several bot processes start
 * on a new file at once, the first takes the write lock and migrates, the others wait (busy timeout), then find
 * the version already current and apply nothing.
 */
export function migrate(db: Database, path: string): { from: number; to: number } {
  return db.transaction(() => {
    const from = db.pragma('user_version', { simple: true }) as number;
    if (from > SCHEMA_VERSION) {
      throw new BotError(
        'FEEDBACK_UNAVAILABLE',
        `The feedback database ${path} has schema version ${from}, newer than this version of the bot knows (${SCHEMA_VERSION}). Run the newer bot, or point DATA_DIR elsewhere.`,
      );
    }
    for (let version = from; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]!);
    // PRAGMA takes no bound parameters; the value is a small integer from this file.
    if (from !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return { from, to: SCHEMA_VERSION };
  }).immediate();
}
