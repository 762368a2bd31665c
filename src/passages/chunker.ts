import type { CorpusDocument, Passage } from '../domain.ts';

// STUB (signature only) — being implemented by the corpus helper.
/** Bumped whenever passage splitting changes, so that the index manifest sees old indexes as stale. */
export const CHUNKER_VERSION = 1;

/** Splits a document's content blocks into quotable passages with character offsets into `doc.body`. */
export function splitIntoPassages(doc: CorpusDocument): Passage[] {
  throw new Error(`splitIntoPassages not implemented yet (${doc.meta.id})`);
}
