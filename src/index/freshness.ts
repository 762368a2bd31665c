import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { BotError } from '../errors.ts';
import { CHUNKER_VERSION } from '../passages/chunker.ts';
import { sha256File } from '../hash.ts';
import { INDEX_FORMAT_VERSION } from './manifest.ts';
import type { IndexManifest } from './types.ts';

/**
 * sha256 of every file of the corpus, by path relative to the corpus folder (always `/`-separated).
 * Every non-hidden file counts, not only those the loader reads: the build records the same listing, so build and
 * freshness check agree by construction, and a stray file costs at most one needless rebuild.
 */
export async function hashCorpusFiles(corpusDir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) hashes[relative(corpusDir, path).split(sep).join('/')] = await sha256File(path);
    }
  };
  try {
    await walk(corpusDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BotError('CORPUS_EMPTY', `Corpus folder cannot be read: ${corpusDir}`, { cause: error });
    }
    throw error;
  }
  return hashes;
}

export interface FreshnessContext {
  corpusDir: string;
  /** The model the bot would embed questions with now; null when embeddings are off or the model is unavailable. */
  modelId: string | null;
  dimension: number | null;
}

export interface Freshness {
  fresh: boolean;
  /** One line per difference, e.g. `corpus file changed: vi/tass-2024.md`. Empty when fresh. */
  reasons: string[];
}

/** Differences between two corpus listings, as human-readable reasons. Pure, for testing. */
export function compareCorpus(indexed: Record<string, string>, current: Record<string, string>): string[] {
  const reasons: string[] = [];
  for (const [path, hash] of Object.entries(current)) {
    if (!(path in indexed)) reasons.push(`corpus file added: ${path}`);
    else if (indexed[path] !== hash) reasons.push(`corpus file changed: ${path}`);
  }
  for (const path of Object.keys(indexed)) {
    if (!(path in current)) reasons.push(`corpus file removed: ${path}`);
  }
  return reasons;
}

/** Whether the model the index was built with is the one available now. Pure, for testing. */
export function compareModel(indexed: IndexManifest['model'], modelId: string | null, dimension: number | null): string[] {
  if (indexed === null && modelId === null) return [];
  if (indexed === null) return [`index is lexical-only but embedding model ${modelId} is available`];
  if (modelId === null) return [`index has ${indexed.id} embeddings but no embedding model is available`];
  const reasons: string[] = [];
  if (indexed.id !== modelId) reasons.push(`embedding model changed: ${indexed.id} → ${modelId}`);
  if (dimension !== null && indexed.dimension !== dimension) reasons.push(`embedding dimension changed: ${indexed.dimension} → ${dimension}`);
  return reasons;
}

/** Cheap enough to run at every start: hashes the corpus files, parses nothing. */
export async function checkFreshness(manifest: IndexManifest, context: FreshnessContext): Promise<Freshness> {
  const reasons: string[] = [];
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    reasons.push(`index format changed: ${manifest.formatVersion} → ${INDEX_FORMAT_VERSION}`);
  }
  if (manifest.chunkerVersion !== CHUNKER_VERSION) {
    reasons.push(`passage chunker changed: version ${manifest.chunkerVersion} → ${CHUNKER_VERSION}`);
  }
  reasons.push(...compareModel(manifest.model, context.modelId, context.dimension));
  reasons.push(...compareCorpus(manifest.corpus, await hashCorpusFiles(context.corpusDir)));
  return { fresh: reasons.length === 0, reasons };
}
