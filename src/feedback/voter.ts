import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VOTE_TAG_LENGTH } from '../bot/custom-ids.ts';
import { feedbackUnavailable } from './store.ts';

/**
 * Keyed hashes (HMAC-SHA256) under a random key kept in its own file beside the database. The voter column holds the
 * hash of (user id, message id): it makes "one vote per user per message" enforceable without storing who voted, and
 * two votes by one person on different answers cannot be linked. Without the key, a copy of the database cannot be
 * matched against user ids (snowflakes are guessable, so a plain hash could be).
 */

export const FEEDBACK_KEY_FILE = 'feedback.key';
const KEY_BYTES = 32;
const KEY_TEXT = /^[0-9a-f]{64}$/u;

/**
 * Reads the key, or creates it on first use. Several processes may start at once on an empty DATA_DIR: the key is
 * written to a file of this process's own and then hard-linked into place, which fails for all but the first, so
 * every process ends up reading the same complete key.
 */
export function loadOrCreateKey(dataDir: string): Buffer {
  const path = join(dataDir, FEEDBACK_KEY_FILE);
  try {
    const existing = readKey(path);
    if (existing) return existing;
    mkdirSync(dataDir, { recursive: true });
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
    return readKey(path)!;
  } catch (error) {
    throw feedbackUnavailable(error, path);
  }
}

function readKey(path: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!KEY_TEXT.test(text)) {
    throw Object.assign(new Error(`the key file must hold ${KEY_BYTES * 2} hex characters; delete it to have a new one made (votes already stored then count as another voter's)`), {
      code: 'KEY_INVALID',
    });
  }
  return Buffer.from(text, 'hex');
}

function hmac(key: Buffer, parts: readonly string[]): string {
  // NUL cannot occur in ids or in a question from Discord, so the joined parts cannot be confused with others.
  return createHmac('sha256', key).update(parts.join('\0')).digest('hex');
}

/** The stored identity of a voter on one message. */
export function voterHash(key: Buffer, userId: string, messageId: string): string {
  return hmac(key, ['voter', userId, messageId]);
}

/** What a vote button vouches for: this question, answered (or refused) with these passages on this page. */
export interface ShownAnswer {
  question: string;
  refused: boolean;
  offset: number;
  passageIds: readonly string[];
}

/**
 * The tag in a vote button's custom_id. A click is accepted only when the answer re-asked now gives the same tag:
 * that proves the button came from this bot (a forged custom_id has no valid tag) and that what is recorded is what
 * the user saw (after a rebuild that changed the answer, the click is stale).
 */
export function voteTag(key: Buffer, shown: ShownAnswer): string {
  return hmac(key, ['vote', shown.question, shown.refused ? 'refused' : 'answered', String(shown.offset), ...shown.passageIds]).slice(0, VOTE_TAG_LENGTH);
}

export function tagsMatch(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
