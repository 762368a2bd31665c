import type { Settings } from '../config.ts';
import type { Passage } from '../domain.ts';
import { bruteForceSearch, HnswVectorStore } from '../index/hnsw-store.ts';
import { LexicalIndex } from '../index/lexical-index.ts';
import type { LoadedIndex } from '../index/types.ts';
import { RESULTS_PER_PAGE } from '../limits.ts';
import { CANDIDATE_POOL, retrieve } from '../retrieval/retrieve.ts';
import type { BenchQuestion } from './questions.ts';
import { recallAtK, summarize, type Summary } from './stats.ts';
import { synthesizePassages } from './synthetic-corpus.ts';
import { SYNTHETIC_VECTOR_SHAPE, SyntheticVectorSpace, UNIFORM_VECTOR_SHAPE } from './synthetic-vectors.ts';
import { retrieveDepsFromSettings } from '../engine.ts';

/** Dimension of multilingual-e5-small, whose vectors the synthetic ones stand in for. */
export const E5_SMALL_DIMENSION = 384;
export const RECALL_K = 10;
const CORPUS_SEED = 20240618;
const VECTOR_BASIS_SEED = 1950;
const PASSAGE_VECTOR_SEED = 1;
const QUERY_VECTOR_SEED = 2;

export type VectorDistribution = 'structured' | 'uniform';

export interface ScaleResult {
  passages: number;
  /** structured: e5-like synthetic vectors (the figure judged against targets); uniform: the worst case. */
  vectors: VectorDistribution;
  hnsw: {
    buildMs: number;
    efSearch: number;
    /** k = CANDIDATE_POOL, as retrieval asks. */
    searchPool: Summary;
    /** k = RECALL_K. */
    searchTop10: Summary;
    recallAt10: number;
    recallQueries: number;
    /** Exact search over the same vectors, for scale. */
    bruteForce: Summary;
  };
  /** null when the plan skips it (--quick): building BM25 over synthetic passages takes longer than HNSW. */
  lexical: {
    buildMs: number;
    /** retrieve() in lexical-only mode over the synthetic passages: a whole lexical ask without rendering. */
    ask: Summary;
  } | null;
  rssMbAfter: number;
}

function timeEach<T>(items: readonly T[], run: (item: T) => unknown): Summary {
  const samples: number[] = [];
  for (const item of items) {
    const start = performance.now();
    run(item);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/**
 * One scale point: HNSW over synthetic e5-shaped vectors (the model is far too slow to embed 100k passages here)
 * and the lexical index over passages recombined from the real corpus's sentences.
 */
export async function measureScale(options: {
  size: number;
  vectors: VectorDistribution;
  realPassages: readonly Passage[];
  questions: readonly BenchQuestion[];
  recallQueries: number;
  settings: Settings;
}): Promise<ScaleResult> {
  const { size, settings } = options;
  const shape = options.vectors === 'uniform' ? UNIFORM_VECTOR_SHAPE : SYNTHETIC_VECTOR_SHAPE;
  const space = new SyntheticVectorSpace(E5_SMALL_DIMENSION, VECTOR_BASIS_SEED, shape);
  const vectors = space.sample(size, PASSAGE_VECTOR_SEED);
  const queries = space.sample(options.recallQueries, QUERY_VECTOR_SEED);

  const start = performance.now();
  const store = HnswVectorStore.build(vectors, E5_SMALL_DIMENSION, { efSearch: settings.HNSW_EF_SEARCH });
  const buildMs = performance.now() - start;
  const searchPool = timeEach(queries, (q) => store.search(q, CANDIDATE_POOL));
  const approximate: number[][] = [];
  const searchTop10 = timeEach(queries, (q) => approximate.push(store.search(q, RECALL_K).map((h) => h.label)));
  const exact: number[][] = [];
  const bruteForce = timeEach(queries, (q) => exact.push(bruteForceSearch(vectors, q, RECALL_K).map((h) => h.label)));

  const hnsw = {
    buildMs,
    efSearch: settings.HNSW_EF_SEARCH,
    searchPool,
    searchTop10,
    recallAt10: recallAtK(exact, approximate),
    recallQueries: queries.length,
    bruteForce,
  };
  const lexical = options.questions.length > 0 ? await measureLexicalAtScale(options.realPassages, size, options.questions, settings) : null;
  return { passages: size, vectors: options.vectors, hnsw, lexical, rssMbAfter: Math.round(process.memoryUsage().rss / 1024 / 1024) };
}

async function measureLexicalAtScale(
  realPassages: readonly Passage[],
  size: number,
  questions: readonly BenchQuestion[],
  settings: Settings,
): Promise<NonNullable<ScaleResult['lexical']>> {
  const passages = synthesizePassages(realPassages, { count: size, seed: CORPUS_SEED });
  const start = performance.now();
  const lexical = LexicalIndex.build(passages);
  const buildMs = performance.now() - start;
  const index: LoadedIndex = {
    dir: '(synthetic)',
    manifest: {
      formatVersion: 0,
      chunkerVersion: 0,
      corpus: {},
      model: null,
      builtAt: new Date().toISOString(),
      documents: size,
      passages: size,
      duplicatesDropped: 0,
    },
    passages,
    lexical,
    vectors: null,
    timeline: [],
  };
  const deps = retrieveDepsFromSettings(settings, null);
  const askSamples: number[] = [];
  for (const q of questions) {
    const begin = performance.now();
    await retrieve(index, { question: q.text, k: RESULTS_PER_PAGE }, deps);
    askSamples.push(performance.now() - begin);
  }
  return { buildMs, ask: summarize(askSamples) };
}
