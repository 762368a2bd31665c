import type { CorpusDocument } from '../domain.ts';

// STUB (signature only) — being implemented by the corpus helper.
/** Loads and validates every article in `corpusDir`. Throws BotError('CORPUS_INVALID') listing every bad file and field. */
export async function loadCorpus(corpusDir: string): Promise<CorpusDocument[]> {
  throw new Error(`loadCorpus not implemented yet (${corpusDir})`);
}
