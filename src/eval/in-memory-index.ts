import { loadCorpus } from '../corpus/loader.ts';
import { buildKeywordIndex } from '../index/keyword-build.ts';
import type { LoadedIndex } from '../index/types.ts';
import { CHUNKER_VERSION, splitIntoPassages } from '../passages/chunker.ts';
import { collapseDuplicates } from '../passages/dedupe.ts';

/**
 * A lexical-only index built in memory from the corpus, without touching `index/` on disk: the evaluation measures
 * retrieval, not index storage, and must not race a running bot's index build.
 */
export async function buildInMemoryIndex(corpusDir: string): Promise<LoadedIndex> {
  const documents = await loadCorpus(corpusDir);
  const { kept, dropped } = collapseDuplicates(documents.flatMap((doc) => splitIntoPassages(doc)));
  const { lexical, sentences } = buildKeywordIndex(kept);
  return {
    dir: '(memory)',
    manifest: {
      formatVersion: 0,
      chunkerVersion: CHUNKER_VERSION,
      corpus: Object.fromEntries(documents.map((d) => [d.path, d.contentHash])),
      model: null,
      builtAt: new Date().toISOString(),
      documents: documents.length,
      passages: kept.length,
      duplicatesDropped: dropped,
    },
    passages: kept,
    lexical,
    sentences,
    vectors: null,
    timeline: [],
  };
}
