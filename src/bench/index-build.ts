import type { Embedder } from '../embedding/embedder.ts';
import { buildIndex, type BuildSummary } from '../index/build.ts';

export interface BuildResult {
  documents: number;
  passages: number;
  /** First build into an empty folder: every passage embedded. */
  firstBuildMs: number;
  passagesPerSecond: number;
  /** Second build of the unchanged corpus into the same folder (embedding cache warm). */
  unchangedRebuildMs: number;
  reusedEmbeddings: number;
  /** Build of a lexical-only index (EMBEDDINGS=off), for comparison and for the lexical-only engine. */
  lexicalOnlyBuildMs: number;
}

async function timedBuild(corpusDir: string, indexDir: string, embedder: Embedder | null, efSearch: number) {
  const start = performance.now();
  const summary: BuildSummary = await buildIndex({ corpusDir, indexDir, embedder, efSearch });
  return { ms: performance.now() - start, summary };
}

/**
 * Builds the real corpus three times: hybrid into `hybridDir` twice (cold, then unchanged), and lexical-only into
 * `lexicalDir`. Both folders are left holding a current index for the latency measurements that follow.
 */
export async function measureIndexBuild(options: {
  corpusDir: string;
  hybridDir: string;
  lexicalDir: string;
  embedder: Embedder | null;
  efSearch: number;
}): Promise<BuildResult> {
  const first = await timedBuild(options.corpusDir, options.hybridDir, options.embedder, options.efSearch);
  const again = await timedBuild(options.corpusDir, options.hybridDir, options.embedder, options.efSearch);
  const lexical = await timedBuild(options.corpusDir, options.lexicalDir, null, options.efSearch);
  return {
    documents: first.summary.documents,
    passages: first.summary.passages,
    firstBuildMs: first.ms,
    passagesPerSecond: first.summary.passages / (first.ms / 1000),
    unchangedRebuildMs: again.ms,
    reusedEmbeddings: again.summary.reusedEmbeddings,
    lexicalOnlyBuildMs: lexical.ms,
  };
}
