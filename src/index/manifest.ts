import { z } from 'zod';
import { BotError } from '../errors.ts';
import type { IndexManifest } from './types.ts';

/**
 * Bumped whenever the layout or meaning of a generation's files changes; an index of another format is stale
 * (rebuild), not corrupt. 2: timeline events carry `kinds` (visit, call, …), `subkinds` and a text per language.
 * 3: the tokenizer drops sentence-opening list markers ("Thứ ba, …", "Secondly, …"), so stored terms changed; and
 * `sentences.bin` (format 2) holds each passage's question-independent analysis (see sentence-store.ts).
 * 4: `passages.bin` (passage-store.ts) replaces `passages.json`; an update adds vectors to `vectors-delta.hnsw` and
 * marks removed passages in `vector-labels.bin` only, leaving `vectors.hnsw` as it was (shared by hard link).
 * 5: the tokenizer reads an English ordinal in digits as its number ("24th" → 24), so stored terms changed.
 * 6: `sentences.bin` (format 3) stores every passage's content words, ascending ids (diversification reads them as
 * they are).
 * 7: `passages.bin` (format 2) keeps passage texts apart from the short strings, with their byte offsets and lengths,
 * so that a text is decoded when first read, not at load.
 */
export const INDEX_FORMAT_VERSION = 7;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest');
const count = z.number().int().nonnegative();

export const manifestSchema = z.object({
  formatVersion: z.number().int().positive(),
  chunkerVersion: z.number().int().nonnegative(),
  corpus: z.record(z.string().min(1), sha256Hex),
  model: z.object({ id: z.string().min(1), dimension: z.number().int().positive() }).nullable(),
  builtAt: z.iso.datetime(),
  documents: count,
  passages: count,
  duplicatesDropped: count,
  files: z.record(z.string().min(1), z.object({ bytes: count, sha256: sha256Hex })),
});

/** Validates a parsed manifest. Throws INDEX_CORRUPT naming every bad field, or INDEX_STALE for another format. */
export function parseManifest(json: unknown, where = 'manifest.json'): IndexManifest {
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new BotError('INDEX_CORRUPT', `${where} is invalid:\n  ${problems.join('\n  ')}`, { details: problems });
  }
  if (result.data.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new BotError(
      'INDEX_STALE',
      `${where} has index format ${result.data.formatVersion}, this version reads format ${INDEX_FORMAT_VERSION}; rebuild the index`,
    );
  }
  return result.data;
}
