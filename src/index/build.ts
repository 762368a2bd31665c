import { setTimeout as sleep } from 'node:timers/promises';
import { loadCorpus } from '../corpus/loader.ts';
import type { CorpusDocument, Passage } from '../domain.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { BotError, openFileLimitError } from '../errors.ts';
import { childLogger } from '../logger.ts';
import { CHUNKER_VERSION, splitIntoPassages } from '../passages/chunker.ts';
import { collapseDuplicates } from '../passages/dedupe.ts';
import { extractTimeline } from '../timeline/extract.ts';
import { EmbeddingCache } from './embedding-cache.ts';
import { hashCorpusFiles } from './freshness.ts';
import { GenerationWriter, acquireBuildLock, assertOwnIndexDir, listGenerations, pointCurrentAt, readCurrentGeneration, removeOldGenerations } from './generations.ts';
import { HnswVectorStore } from './hnsw-store.ts';
import { buildKeywordIndex } from './keyword-build.ts';
import { INDEX_FORMAT_VERSION } from './manifest.ts';
import { openIndex } from './open.ts';
import { generationFileCount, writeGenerationFiles } from './write-generation.ts';
import type { IndexManifest, LoadedIndex } from './types.ts';

/** The files of one generation. The manifest is written last: its presence marks the generation complete. */
export const INDEX_FILES = {
  passages: 'passages.bin',
  /** Only after an update that appended passages: those passages, after the ones of passages.bin (shared). */
  passagesAdded: 'passages-added.bin',
  lexical: 'lexical.bin',
  sentences: 'sentences.bin',
  /** Only after an update: hnswlib label → passage position (labels of removed passages marked deleted). */
  vectorLabels: 'vector-labels.bin',
  vectors: 'vectors.hnsw',
  /** Only after an update: the graph of the vectors added since the main graph was saved (hnsw-store.ts `extend`). */
  vectorDelta: 'vectors-delta.hnsw',
  timeline: 'timeline.json',
  manifest: 'manifest.json',
} as const;

/** Passages per embedder call: large enough to keep the model busy, small enough for steady progress reports. */
export const EMBED_BATCH_SIZE = 32;

/**
 * Test hook: milliseconds to sleep after each generation file is written, so that a test can kill a build while
 * it is half-way through writing. Never set in production.
 */
export const TEST_DELAY_ENV = 'INDEX_BUILD_TEST_DELAY_MS';

export type BuildPhase = 'corpus' | 'passages' | 'lexical' | 'embed' | 'vectors' | 'timeline' | 'write';

/** The pipeline stages the build runs. Replaceable so that tests can build from hand-made documents. */
export interface BuildStages {
  loadCorpus(corpusDir: string): Promise<CorpusDocument[]>;
  splitIntoPassages(doc: CorpusDocument): Passage[];
  collapseDuplicates(passages: Passage[]): { kept: Passage[]; dropped: number };
  extractTimeline(documents: CorpusDocument[]): TimelineEvent[];
}

const realStages: BuildStages = { loadCorpus, splitIntoPassages, collapseDuplicates, extractTimeline };

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  /** null builds a lexical-only index. */
  embedder: Embedder | null;
  efSearch?: number;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  stages?: Partial<BuildStages>;
  /**
   * Build every structure from nothing. Otherwise (the default) the new generation is made from the current one:
   * unchanged passages keep their analysed terms and sentences, their vectors stay in the HNSW graph, and only
   * added or changed passages are analysed and inserted (removed ones are marked deleted). Same answers either way.
   */
  full?: boolean;
}

export interface BuildSummary {
  documents: number;
  passages: number;
  duplicatesDropped: number;
  /** Passages sent to the embedder in this build. */
  embedded: number;
  /** Passages whose vector came from the embedding cache. */
  reusedEmbeddings: number;
  seconds: number;
  generation: string;
  /** 'update': made from the previous generation; 'full': from nothing (asked for, or nothing reusable). */
  mode: 'full' | 'update';
}

const log = childLogger('index-build');

/**
 * Builds a new index generation from the corpus and makes it current. Whatever goes wrong, including the process
 * being killed, the generation served before stays current and intact.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  try {
    return await buildIndexLocked(options);
  } catch (error) {
    throw openFileLimitError(error, `building the index in ${JSON.stringify(options.indexDir)}`) ?? error;
  }
}

async function buildIndexLocked(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const stages = { ...realStages, ...options.stages };
  const progress = options.onProgress ?? (() => undefined);
  // Checked before the lock file is written: a folder that is not the index's own gets nothing written into it.
  await assertOwnIndexDir(options.indexDir);
  const releaseLock = await acquireBuildLock(options.indexDir);
  let writer: GenerationWriter | null = null;
  try {
    // Hashed before loading: a file edited during the build then shows up as stale at the next check.
    const corpusHashes = await hashCorpusFiles(options.corpusDir);
    progress('corpus', 0, 1);
    const documents = await stages.loadCorpus(options.corpusDir);
    progress('corpus', 1, 1);

    const split: Passage[] = [];
    documents.forEach((doc, i) => {
      // A loop, not push(...): spreading a document's passages as arguments overflowed the stack on a 50 MB article.
      for (const passage of stages.splitIntoPassages(doc)) split.push(passage);
      progress('passages', i + 1, documents.length);
    });
    const { kept: passages, dropped } = stages.collapseDuplicates(split);

    const previous = options.full ? null : await reusableGeneration(options.indexDir, options.embedder);

    progress('lexical', 0, 1);
    const { lexical, sentences } = buildKeywordIndex(passages, previous ?? undefined);
    progress('lexical', 1, 1);

    let vectors: HnswVectorStore | null = null;
    let embedded = 0;
    let reusedEmbeddings = 0;
    if (options.embedder) {
      const result = await embedPassages(options.embedder, passages, options.indexDir, progress);
      ({ embedded, reused: reusedEmbeddings } = result);
      progress('vectors', 0, 1);
      const graph = previous?.vectors instanceof HnswVectorStore ? previous.vectors : null;
      vectors =
        graph && worthExtending(graph, previous!.passages.length, passages.length)
          ? graph.extend(reusedPositions(previous!.passages, passages), (i) => result.vectors[i]!)
          : HnswVectorStore.build(result.vectors, options.embedder.dimension, { efSearch: options.efSearch });
      progress('vectors', 1, 1);
    }

    progress('timeline', 0, 1);
    const timeline = stages.extractTimeline(documents);
    progress('timeline', 1, 1);

    writer = await GenerationWriter.create(options.indexDir);
    const testDelayMs = Number(process.env[TEST_DELAY_ENV] ?? 0);
    const pause = () => (testDelayMs > 0 ? sleep(testDelayMs) : Promise.resolve());
    const content = { passages, lexical, sentences, vectors, timeline };
    const fileCount = generationFileCount(content, previous) + 1;
    let written = 0;
    const wrote = async () => {
      progress('write', ++written, fileCount);
      await pause();
    };
    await writeGenerationFiles(writer, content, previous, wrote);

    const manifest: IndexManifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      chunkerVersion: CHUNKER_VERSION,
      corpus: corpusHashes,
      model: options.embedder ? { id: options.embedder.modelId, dimension: options.embedder.dimension } : null,
      builtAt: new Date().toISOString(),
      documents: documents.length,
      passages: passages.length,
      duplicatesDropped: dropped,
      files: writer.files,
    };
    await writer.writeManifest(INDEX_FILES.manifest, JSON.stringify(manifest, null, 2));
    await wrote();

    const replaced = await readCurrentGeneration(options.indexDir).catch(() => null);
    await pointCurrentAt(options.indexDir, writer.name);
    const generation = writer.name;
    writer = null; // committed: no longer ours to discard

    const keep = [generation, ...(await previousGenerations(options.indexDir, generation, replaced))];
    const removed = await removeOldGenerations(options.indexDir, keep);
    const summary: BuildSummary = {
      documents: documents.length,
      passages: passages.length,
      duplicatesDropped: dropped,
      embedded,
      reusedEmbeddings,
      seconds: (performance.now() - started) / 1000,
      generation,
      mode: previous ? 'update' : 'full',
    };
    log.info({ ...summary, removed }, 'index built');
    return summary;
  } catch (error) {
    await writer?.discard().catch(() => undefined);
    throw error;
  } finally {
    // A failure to release (itself an EMFILE, when the limit is what failed the build) must not hide the error that
    // ended the build. A lock left behind names this process, so the next build takes it over once we exit.
    await releaseLock().catch((error: unknown) => log.warn({ err: error }, 'could not release the build lock'));
  }
}

/**
 * The current generation, when a new one can be made from it: same index format and chunker (openIndex refuses
 * other formats), vectors of the same model. Anything unreadable means a build from nothing, never a failure.
 */
async function reusableGeneration(indexDir: string, embedder: Embedder | null): Promise<LoadedIndex | null> {
  let index: LoadedIndex;
  try {
    index = await openIndex(indexDir);
  } catch (error) {
    log.debug({ err: error }, 'no generation to update: building from nothing');
    return null;
  }
  const model = index.manifest.model;
  const sameModel = embedder === null ? model === null : model !== null && model.id === embedder.modelId && model.dimension === embedder.dimension;
  if (index.manifest.chunkerVersion !== CHUNKER_VERSION || !sameModel) return null;
  return index;
}

/**
 * Deleted vectors still cost memory and search time: once they would outnumber the live ones, the graph is built
 * afresh instead of extended.
 */
function worthExtending(graph: HnswVectorStore, previousPassages: number, nextPassages: number): boolean {
  return graph.deletedCount + previousPassages <= 2 * nextPassages;
}

/** For each passage, the position of a previous passage with the same text (its vector is the same), or null. */
function reusedPositions(previous: readonly Passage[], next: readonly Passage[]): (number | null)[] {
  const byText = new Map<string, number[]>();
  previous.forEach((p, i) => {
    const list = byText.get(p.textHash);
    if (list) list.push(i);
    else byText.set(p.textHash, [i]);
  });
  return next.map((p) => byText.get(p.textHash)?.shift() ?? null);
}

/** The generation just replaced, kept for readers that followed CURRENT just before the swap. */
async function previousGenerations(indexDir: string, current: string, previous: string | null): Promise<string[]> {
  if (previous === null || previous === current) return [];
  return (await listGenerations(indexDir)).includes(previous) ? [previous] : [];
}

/** Vectors for every passage, from the cache where the text is unchanged and from the embedder otherwise. */
async function embedPassages(
  embedder: Embedder,
  passages: Passage[],
  indexDir: string,
  progress: (phase: BuildPhase, done: number, total: number) => void,
): Promise<{ vectors: Float32Array[]; embedded: number; reused: number }> {
  const cache = await EmbeddingCache.open(indexDir, embedder.modelId, embedder.dimension);
  const missing = new Map<string, string>(); // textHash → text; identical texts are embedded once
  for (const passage of passages) {
    if (!cache.get(passage.textHash)) missing.set(passage.textHash, passage.text);
  }
  const reused = passages.filter((passage) => !missing.has(passage.textHash)).length;
  const pending = [...missing.entries()];
  progress('embed', 0, pending.length);
  for (let start = 0; start < pending.length; start += EMBED_BATCH_SIZE) {
    const batch = pending.slice(start, start + EMBED_BATCH_SIZE);
    const batchVectors = await embedder.embedPassages(batch.map(([, text]) => text));
    if (batchVectors.length !== batch.length) {
      throw new BotError('INTERNAL', `Embedder returned ${batchVectors.length} vectors for ${batch.length} passages`);
    }
    batch.forEach(([hash], i) => cache.set(hash, checkedVector(batchVectors[i], embedder.dimension)));
    progress('embed', start + batch.length, pending.length);
  }
  // Saved before the generation is written: a build that fails later still spares the next one this work.
  const current = new Set(passages.map((passage) => passage.textHash));
  if (pending.length > 0 || cache.size !== current.size) await cache.save(current);
  const vectors = passages.map((passage) => cache.get(passage.textHash) as Float32Array);
  return { vectors, embedded: pending.length, reused };
}

function checkedVector(vector: Float32Array | undefined, dimension: number): Float32Array {
  if (!vector || vector.length !== dimension || !vector.every(Number.isFinite)) {
    throw new BotError('INTERNAL', `Embedder returned a vector that is not ${dimension} finite numbers`);
  }
  return vector;
}
