import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.ts';
import type { Answer } from '../../src/engine-types.ts';
import { isBotError } from '../../src/errors.ts';
import { SCHEMA_VERSION } from '../../src/feedback/migrations.ts';
import { Feedback } from '../../src/feedback/service.ts';
import { FeedbackStore, type VoteRecord } from '../../src/feedback/store.ts';
import { voteRecord as vote } from './support/vote-record.ts';
import { loadOrCreateKey, voterHash, voteTag } from '../../src/feedback/voter.ts';
import { FEEDBACK_RETRY_INTERVAL_MS } from '../../src/limits.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';

const DAY = 86_400_000;
let root: string;
let dir: string;
let counter = 0;
const logLines: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'feedback-store-'));
  setLogSink((line) => logLines.push(line));
});
afterAll(async () => {
  restoreTestLogs();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  logLines.length = 0;
});

async function freshDir(): Promise<string> {
  dir = path.join(root, `d${++counter}`);
  await mkdir(dir);
  return dir;
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('the feedback database file', () => {
  it('is created in WAL mode, readable by its owner only, at the current schema version, and reopened without change', async () => {
    const file = path.join(await freshDir(), 'sub', 'feedback.sqlite');
    const store = FeedbackStore.open(file, { create: true })!;
    store.close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    db.close();
    expect(tables).toEqual(['refusals', 'votes']);
    // A second open finds the schema current and applies nothing (it would fail on CREATE TABLE otherwise).
    FeedbackStore.open(file, { create: true })!.close();
  });

  it('is never created by a report: without `create` a missing file is null', async () => {
    const file = path.join(await freshDir(), 'feedback.sqlite');
    expect(FeedbackStore.open(file, { create: false })).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses, with one clear message and without touching it, a damaged file, a folder in its place and a newer schema', async () => {
    const damaged = path.join(await freshDir(), 'feedback.sqlite');
    const garbage = 'not a database\n'.repeat(500);
    await writeFile(damaged, garbage);
    const error = caught(() => FeedbackStore.open(damaged, { create: true }));
    expect(isBotError(error, 'FEEDBACK_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toBe(
      `The feedback database ${damaged} cannot be used (SQLITE_NOTADB: file is not a database). The file is damaged: move it away (a new one is started) or restore a backup.`,
    );
    expect(await readFile(damaged, 'utf8')).toBe(garbage);

    const folder = path.join(await freshDir(), 'feedback.sqlite');
    await mkdir(folder);
    expect((caught(() => FeedbackStore.open(folder, { create: true })) as Error).message).toMatch(
      /^The feedback database .* cannot be used \(SQLITE_CANTOPEN: .*\)\. Check that DATA_DIR exists, is a folder and is writable/u,
    );

    const newer = path.join(await freshDir(), 'feedback.sqlite');
    FeedbackStore.open(newer, { create: true })!.close();
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect((caught(() => FeedbackStore.open(newer, { create: true })) as Error).message).toMatch(/has schema version 2, newer than this version of the bot knows \(1\)/u);
  });
});

describe('votes and refusals', () => {
  it('keeps one vote per voter and message: created, unchanged on the same click, changed on the other', async () => {
    const store = FeedbackStore.open(path.join(await freshDir(), 'feedback.sqlite'), { create: true })!;
    expect(store.recordVote(vote())).toBe('created');
    expect(store.recordVote(vote({ at: Date.UTC(2026, 11, 2) }))).toBe('unchanged');
    expect(store.recordVote(vote({ vote: -1, at: Date.UTC(2026, 11, 3) }))).toBe('changed');
    expect(store.recordVote(vote({ voter: 'b'.repeat(64) }))).toBe('created');
    expect(store.recordVote(vote({ messageId: '1300000000000000002' }))).toBe('created');
    const votes = store.votes();
    expect(votes.map((v) => [v.messageId.slice(-1), v.voter[0], v.vote, v.createdAt, v.updatedAt])).toEqual([
      ['1', 'a', -1, Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 3)],
      ['1', 'b', 1, Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 1)],
      ['2', 'a', 1, Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 1)],
    ]);
    expect(votes[0]!.shown).toEqual(vote().shown);
    store.close();
  });

  it('filters refusals by time and server, and deletes what is older than the retention period', async () => {
    const store = FeedbackStore.open(path.join(await freshDir(), 'feedback.sqlite'), { create: true })!;
    const base = { questionLang: 'en', confidence: null };
    store.recordRefusal({ ...base, question: 'old', guildId: 'g1', at: 1 * DAY });
    store.recordRefusal({ ...base, question: 'new', guildId: 'g1', at: 10 * DAY });
    store.recordRefusal({ ...base, question: 'other server', guildId: 'g2', at: 10 * DAY });
    store.recordVote(vote({ at: 1 * DAY }));
    store.recordVote(vote({ messageId: '2', at: 10 * DAY }));
    expect(store.refusals({ since: 5 * DAY }).map((r) => r.question)).toEqual(['new', 'other server']);
    expect(store.refusals({ guildId: 'g1' }).map((r) => r.question)).toEqual(['old', 'new']);
    expect(store.deleteOlderThan(5 * DAY)).toEqual({ votes: 1, refusals: 1 });
    expect(store.votes().map((v) => v.messageId)).toEqual(['2']);
    store.close();
  });
});

describe('the voter key', () => {
  it('is made once, kept private, and makes voter hashes that differ per message and never show the id', async () => {
    const dataDir = await freshDir();
    const key = loadOrCreateKey(dataDir);
    expect(loadOrCreateKey(dataDir).equals(key)).toBe(true);
    expect((await stat(path.join(dataDir, 'feedback.key'))).mode & 0o777).toBe(0o600);
    const userId = '1200000000000000001';
    const hash = voterHash(key, userId, 'm1');
    expect(hash).toMatch(/^[0-9a-f]{64}$/u);
    expect(hash).not.toContain(userId);
    expect(voterHash(key, userId, 'm2')).not.toBe(hash);
    expect(voterHash(Buffer.alloc(32, 1), userId, 'm1')).not.toBe(hash);
  });

  it('refuses a damaged key file clearly', async () => {
    const dataDir = await freshDir();
    await writeFile(path.join(dataDir, 'feedback.key'), 'not hex\n');
    const error = caught(() => loadOrCreateKey(dataDir));
    expect(isBotError(error, 'FEEDBACK_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/feedback\.key cannot be used \(KEY_INVALID: the key file must hold 64 hex characters; delete it/u);
  });
});

describe('Feedback (what the bot uses)', () => {
  const answer: Answer = { question: 'zzqx', abstained: true, abstainReason: 'no-relevant-passage', results: [], hasMore: false, queryLang: 'en', mode: 'lexical' };

  it('deletes rows older than FEEDBACK_RETENTION_DAYS when it opens', async () => {
    const dataDir = await freshDir();
    const now = Date.UTC(2026, 11, 31);
    const store = FeedbackStore.open(path.join(dataDir, 'feedback.sqlite'), { create: true })!;
    store.recordRefusal({ question: 'kept', questionLang: 'en', guildId: null, confidence: null, at: now - 29 * DAY });
    store.recordRefusal({ question: 'expired', questionLang: 'en', guildId: null, confidence: null, at: now - 31 * DAY });
    store.recordVote(vote({ at: now - 31 * DAY }));
    store.close();

    const feedback = Feedback.open(loadSettings({ DATA_DIR: dataDir, FEEDBACK_RETENTION_DAYS: '30' }), { now: () => now });
    feedback.close();
    const reopened = FeedbackStore.open(path.join(dataDir, 'feedback.sqlite'), { create: false })!;
    expect(reopened.refusals().map((r) => r.question)).toEqual(['kept']);
    expect(reopened.votes()).toEqual([]);
    reopened.close();
    expect(logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'deleted feedback older than the retention period')).toMatchObject({ votes: 1, refusals: 1, retentionDays: 30 });
  });

  it('logs a failing write once, stops offering votes, and tries again after the retry interval', async () => {
    const dataDir = await freshDir();
    const file = path.join(dataDir, 'feedback.sqlite');
    let now = Date.UTC(2026, 11, 1);
    const feedback = Feedback.open(loadSettings({ DATA_DIR: dataDir }), { now: () => now });
    expect(feedback.voteTagFor(answer, 0)).toBe(voteTag(loadOrCreateKey(dataDir), { question: 'zzqx', refused: true, offset: 0, passageIds: [] }));
    // Someone damages the schema under the running bot.
    const db = new Database(file);
    db.exec('DROP TABLE refusals');
    feedback.recordRefusal(answer, null);
    feedback.recordRefusal(answer, null);
    expect(feedback.available()).toBe(false);
    expect(feedback.voteTagFor(answer, 0)).toBeNull();
    const errors = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FEEDBACK_UNAVAILABLE' });
    expect(String((errors[0]!.err as { message: string }).message)).toContain('no such table: refusals');

    // Repaired; nothing is tried before the retry interval has passed, then the refusal is stored again.
    db.exec('CREATE TABLE refusals (id INTEGER PRIMARY KEY, question TEXT NOT NULL, question_lang TEXT NOT NULL, guild_id TEXT, confidence REAL, asked_at INTEGER NOT NULL)');
    db.close();
    feedback.recordRefusal(answer, null);
    now += FEEDBACK_RETRY_INTERVAL_MS - 1;
    feedback.recordRefusal(answer, null);
    const check = () => FeedbackStore.open(file, { create: false })!;
    let store = check();
    expect(store.refusals()).toEqual([]);
    store.close();
    now += 1;
    feedback.recordRefusal(answer, null);
    store = check();
    expect(store.refusals().map((r) => r.question)).toEqual(['zzqx']);
    store.close();
    expect(logLines.some((l) => l.includes('the feedback database can be used again'))).toBe(true);
    feedback.close();
  });

  it('with FEEDBACK=off opens nothing and offers nothing', async () => {
    const dataDir = await freshDir();
    const feedback = Feedback.open(loadSettings({ DATA_DIR: dataDir, FEEDBACK: 'off' }));
    expect(feedback.available()).toBe(false);
    expect(feedback.voteTagFor(answer, 0)).toBeNull();
    feedback.recordRefusal(answer, null);
    feedback.close();
    expect(existsSync(path.join(dataDir, 'feedback.sqlite'))).toBe(false);
  });
});
