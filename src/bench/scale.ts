import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../config.ts';
import type { Passage } from '../domain.ts';
import { bruteForceSearch, HnswVectorStore } from '../index/hnsw-store.ts';
import { buildKeywordIndex } from '../index/keyword-build.ts';
import type { LexicalIndex } from '../index/lexical-index.ts';
import type { SentenceStore } from '../index/sentence-store.ts';
import { INDEX_FILES } from '../index/build.ts';
import { GenerationWriter, pointCurrentAt } from '../index/generations.ts';
import { INDEX_FORMAT_VERSION } from '../index/manifest.ts';
import { openIndex } from '../index/open.ts';
import { writeGenerationFiles, type GenerationContent, type PreviousGeneration } from '../index/write-generation.ts';
import { CHUNKER_VERSION } from '../passages/chunker.ts';
import type { LoadedIndex } from '../index/types.ts';
import { RESULTS_PER_PAGE } from '../limits.ts';
import { CANDIDATE_POOL, retrieve } from '../retrieval/retrieve.ts';
import { childLogger } from '../logger.ts';
import { measureColdStart, type ColdStartResult } from './cold-start.ts';
import type { BenchQuestion } from './questions.ts';
import { recallAtK, summarize, type Summary } from './stats.ts';
import { synthesizePassages } from './synthetic-corpus.ts';
import { SYNTHETIC_VECTOR_SHAPE, SyntheticVectorSpace, UNIFORM_VECTOR_SHAPE } from './synthetic-vectors.ts';
import { retrieveDepsFromSettings } from '../engine.ts';

/** Dimension of multilingual-e5-small, whose vectors the synthetic ones stand in for. */
export const E5_SMALL_DIMENSION = 384;
export const RECALL_K = 10;
export const CORPUS_SEED = 20240618;
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
  /** null when the plan skips it. */
  lexical: {
    /** Keyword part of a full build: lexical index + sentence analysis of every passage. */
    buildMs: number;
    /** openIndex of the generation written to disk (passages, lexical, sentences, HNSW): start-up without the model. */
    loadMs?: number;
    /** retrieve() in lexical-only mode over the synthetic passages: a whole lexical ask without rendering. */
    /**
     * The measured questions, each asked once, after the warm-up below: what a serving bot's answers cost once its
     * code is compiled for an index of this size.
     */
    ask: Summary;
    /**
     * The warm-up: SCALE_WARM_UP_QUESTIONS other questions, the first this process asks of an index this large. Their
     * tail is V8 compiling the large-index paths (docs/PERFORMANCE.md, sixth session): reported, not judged. Absent in
     * reports saved before 2026-12-07, sixth session, whose `ask` had no warm-up.
     */
    warmUpAsk?: Summary;
    /**
     * One article (ADDED_ARTICLE_PASSAGES passages) added to the serving index: the next generation made from this
     * one (lexical and sentence update, HNSW extended), written to disk with fsync. Corpus reading is not included.
     */
    addArticleMs?: number;
    /**
     * A serving process on this generation, started as the bot starts (the cold-start child: settings → model →
     * index → one answer): its peak RSS, its RSS after a full collection, and its index load. Absent without a
     * model to serve with (and in reports saved before 2026-12-07, second session).
     */
    serving?: { peakRssMb: number; settledRssMb: number | null; indexLoadMs: number; mode: 'hybrid' | 'lexical' };
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
  /** Asked first and timed apart (see warmUpAsk); none of them is one of `questions`. */
  warmUpQuestions?: readonly BenchQuestion[];
  recallQueries: number;
  settings: Settings;
  /**
   * Environment of a serving process with the bench model (as the cold start uses), or null without a model: the
   * scale generation is then written for that model (same dimension as the synthetic vectors) and served by a child.
   */
  serving?: { env: NodeJS.ProcessEnv; modelId: string } | null;
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
  const lexical =
    options.questions.length > 0
      ? await measureLexicalAtScale(options.realPassages, size, { measured: options.questions, warmUp: options.warmUpQuestions ?? [] }, settings, store, space, options.serving ?? null)
      : null;
  return { passages: size, vectors: options.vectors, hnsw, lexical, rssMbAfter: Math.round(process.memoryUsage().rss / 1024 / 1024) };
}

/** The model named in a scale generation's manifest when no model serves it (its vectors are synthetic anyway). */
const SYNTHETIC_MODEL_ID = 'synthetic/e5-shaped';

/**
 * Questions asked of each scale point's index before the measured ones. The bench asks every measured question once,
 * so without a warm-up their p95 is mostly V8 compiling the paths a large index takes (the 1k point before does not
 * exercise them): at 10k, p95 14 ms with none, 10–11 ms after 40, 5.6–6.1 ms after 100 or 200 (scripts/prof-tail.ts
 * and docs/PERFORMANCE.md, sixth session). A bot pays that once per process, not per question.
 */
export const SCALE_WARM_UP_QUESTIONS = 100;

/** Passages of the article added in the "add one article" measurement: a long news article. */
export const ADDED_ARTICLE_PASSAGES = 10;

async function measureLexicalAtScale(
  realPassages: readonly Passage[],
  size: number,
  questions: { measured: readonly BenchQuestion[]; warmUp: readonly BenchQuestion[] },
  settings: Settings,
  store: HnswVectorStore,
  space: SyntheticVectorSpace,
  serving: { env: NodeJS.ProcessEnv; modelId: string } | null,
): Promise<NonNullable<ScaleResult['lexical']>> {
  const all = synthesizePassages(realPassages, { count: size + ADDED_ARTICLE_PASSAGES, seed: CORPUS_SEED });
  const passages = all.slice(0, size);
  const start = performance.now();
  const { lexical, sentences } = buildKeywordIndex(passages);
  const buildMs = performance.now() - start;
  const index: LoadedIndex = {
    dir: '(synthetic)',
    manifest: syntheticManifest(size, null),
    passages,
    lexical,
    vectors: null,
    timeline: [],
    sentences,
  };

  const workDir = await mkdtemp(join(tmpdir(), 'vr-bench-scale-'));
  // The synthetic generation indexes no corpus file: a serving process checks it against an empty corpus folder.
  const emptyCorpus = await mkdtemp(join(tmpdir(), 'vr-bench-corpus-'));
  const modelId = serving?.modelId ?? SYNTHETIC_MODEL_ID;
  try {
    // Start-up: the generation as a build writes it, read back by the bot's own loader.
    await writeGeneration(workDir, { passages, lexical, sentences, vectors: store }, modelId, null);
    const loadStart = performance.now();
    const loaded = await openIndex(workDir, { efSearch: settings.HNSW_EF_SEARCH });
    const loadMs = performance.now() - loadStart;
    // The ask on the lexical index as the bot serves it (read into shared memory, so that BM25 may use two threads,
    // see bm25-shards.ts), with the sentence analysis of the build.
    const deps = retrieveDepsFromSettings(settings, null);
    const asked = { ...index, lexical: loaded.lexical };
    const askEach = async (list: readonly BenchQuestion[]) => {
      const samples: number[] = [];
      for (const q of list) {
        const begin = performance.now();
        await retrieve(asked, { question: q.text, k: RESULTS_PER_PAGE }, deps);
        samples.push(performance.now() - begin);
      }
      return samples;
    };
    const warmUpSamples = await askEach(questions.warmUp);
    const askSamples = await askEach(questions.measured);
    await loaded.lexical.close();
    const served = serving === null ? null : await serveOnce(serving.env, workDir, emptyCorpus);

    // One article more: what `npm run index` does to the index after the corpus is read (see build.ts), from the
    // generation it opened (reusableGeneration), so that what it can share with it is shared.
    const next = all;
    const added = space.sample(ADDED_ARTICLE_PASSAGES, PASSAGE_VECTOR_SEED + 1);
    const addStart = performance.now();
    const { lexical: nextLexical, sentences: nextSentences } = buildKeywordIndex(next, { passages: loaded.passages, lexical: loaded.lexical, sentences: loaded.sentences });
    const nextStore = (loaded.vectors as HnswVectorStore).extend(
      next.map((_, i) => (i < size ? i : null)),
      (i) => added[i - size]!,
    );
    await writeGeneration(workDir, { passages: next, lexical: nextLexical, sentences: nextSentences, vectors: nextStore }, modelId, loaded);
    const addArticleMs = performance.now() - addStart;
    return {
      buildMs,
      loadMs,
      ask: summarize(askSamples),
      ...(warmUpSamples.length > 0 && { warmUpAsk: summarize(warmUpSamples) }),
      addArticleMs,
      ...(served && { serving: { peakRssMb: served.peakRssMb, settledRssMb: served.settledRssMb, indexLoadMs: served.indexLoadMs, mode: served.mode } }),
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
    await rm(emptyCorpus, { recursive: true, force: true });
  }
}

/** One serving process on the scale generation; a failure costs this figure only, not the scale point. */
async function serveOnce(env: NodeJS.ProcessEnv, indexDir: string, corpusDir: string): Promise<ColdStartResult | null> {
  try {
    return await measureColdStart({ ...env, INDEX_DIR: indexDir, CORPUS_DIR: corpusDir }, 1);
  } catch (error) {
    childLogger('bench').warn({ err: error }, 'serving process at this scale point could not be measured');
    return null;
  }
}

function syntheticManifest(passages: number, model: { id: string; dimension: number } | null) {
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    corpus: {},
    model,
    builtAt: new Date().toISOString(),
    documents: passages,
    passages,
    duplicatesDropped: 0,
  };
}

/** A complete generation, as buildIndex writes it (same files, sharing, checksums, fsync, CURRENT swapped last). */
export async function writeGeneration(
  indexDir: string,
  content: Omit<GenerationContent, 'timeline'>,
  modelId: string,
  previous: PreviousGeneration | null,
): Promise<void> {
  const writer = await GenerationWriter.create(indexDir);
  await writeGenerationFiles(writer, { ...content, timeline: [] }, previous, async () => undefined);
  const manifest = { ...syntheticManifest(content.passages.length, { id: modelId, dimension: E5_SMALL_DIMENSION }), files: writer.files };
  await writer.writeManifest(INDEX_FILES.manifest, JSON.stringify(manifest));
  await pointCurrentAt(indexDir, writer.name);
}
