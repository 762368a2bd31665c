import type { Settings } from './config.ts';
import { BotError, isBotError } from './errors.ts';
import { childLogger } from './logger.ts';
import { setImmediate as nextEventLoopTurn } from 'node:timers/promises';
import type { Embedder } from './embedding/embedder.ts';
import { Semaphore } from './embedding/semaphore.ts';
import { embedderOptionsFromSettings, loadEmbedder } from './embedding/load.ts';
import { buildIndex, type BuildSummary } from './index/build.ts';
import { checkFreshness } from './index/freshness.ts';
import { openIndex } from './index/open.ts';
import type { LoadedIndex } from './index/types.ts';
import { MAX_CONCURRENT_ASKS } from './limits.ts';
import { retrieve, type RetrieveDeps } from './retrieval/retrieve.ts';
import { filterTimeline, timelineTopics } from './timeline/filter.ts';
import type { AskRequest, Answer, IndexStats, QaEngine, TimelineEvent, TimelineQuery } from './engine-types.ts';
import type { ProgressFn } from './cli/progress.ts';

const log = childLogger('engine');

export interface OpenEngineOptions {
  /**
   * What to do when the index is missing or no longer matches the corpus or model:
   * `rebuild` (start, ask) or `fail` with INDEX_STALE / INDEX_MISSING.
   */
  whenStale?: 'rebuild' | 'fail';
  onProgress?: ProgressFn;
  /** Injected for tests and benchmarks; otherwise loaded from settings. `null` forces lexical-only. */
  embedder?: Embedder | null;
}

/**
 * The engine ties the pipeline together for every front end: it loads the model (or degrades to lexical-only),
 * makes sure the index on disk matches the corpus and the model, and answers questions and timeline queries.
 */
export async function openEngine(settings: Settings, options: OpenEngineOptions = {}): Promise<QaEngine> {
  // loadEmbedder never throws: an unavailable model is one logged warning and lexical-only answers.
  const embedder = options.embedder !== undefined ? options.embedder : await loadEmbedder(embedderOptionsFromSettings(settings));

  const index = await ensureFreshIndex(settings, embedder, options);
  return new IndexedEngine(settings, index, embedder);
}

async function ensureFreshIndex(settings: Settings, embedder: Embedder | null, options: OpenEngineOptions): Promise<LoadedIndex> {
  const model = embedder ? { id: embedder.modelId, dimension: embedder.dimension } : null;
  let reasons: string[];
  try {
    const index = await openIndex(settings.INDEX_DIR, { efSearch: settings.HNSW_EF_SEARCH });
    const freshness = await checkFreshness(index.manifest, {
      corpusDir: settings.CORPUS_DIR,
      modelId: model?.id ?? null,
      dimension: model?.dimension ?? null,
    });
    if (freshness.fresh) return index;
    reasons = freshness.reasons;
  } catch (error) {
    // Missing, damaged or old-format indexes are all rebuilt from the corpus; anything else is a real failure.
    if (!isBotError(error, 'INDEX_MISSING') && !isBotError(error, 'INDEX_CORRUPT') && !isBotError(error, 'INDEX_STALE')) throw error;
    reasons = [error.message];
  }

  if (options.whenStale === 'fail') {
    throw new BotError('INDEX_STALE', `The index in ${settings.INDEX_DIR}/ is out of date (${reasons.join('; ')}). Run \`npm run index\`.`, {
      details: reasons,
    });
  }
  log.info({ reasons }, 'index is missing or stale: rebuilding');
  await rebuildIndex(settings, embedder, options.onProgress);
  return openIndex(settings.INDEX_DIR, { efSearch: settings.HNSW_EF_SEARCH });
}

/** Builds a new index generation from the configured corpus; shared by start-up and `npm run index`. */
export function rebuildIndex(settings: Settings, embedder: Embedder | null, onProgress?: ProgressFn): Promise<BuildSummary> {
  return buildIndex({
    corpusDir: settings.CORPUS_DIR,
    indexDir: settings.INDEX_DIR,
    embedder,
    efSearch: settings.HNSW_EF_SEARCH,
    onProgress,
  });
}

/** The retrieval dependencies as settings configure them; the benchmark builds them the same way. */
export function retrieveDepsFromSettings(settings: Settings, embedder: Embedder | null): RetrieveDeps {
  return {
    embedder,
    weights: { dense: settings.FUSION_DENSE_WEIGHT, lexical: settings.FUSION_LEXICAL_WEIGHT },
    abstainThreshold: settings.ABSTAIN_THRESHOLD,
  };
}

class IndexedEngine implements QaEngine {
  /**
   * Retrieval is mostly synchronous CPU work. A burst of questions started together would hold the event loop for
   * seconds and starve the network I/O that acknowledges Discord interactions (3-second deadline), so questions
   * take turns, a few at a time, each starting on a fresh event-loop turn so that pending I/O is served first.
   */
  private readonly turns = new Semaphore(MAX_CONCURRENT_ASKS);
  private readonly deps: RetrieveDeps;

  constructor(
    settings: Settings,
    private readonly index: LoadedIndex,
    private readonly embedder: Embedder | null,
  ) {
    this.deps = retrieveDepsFromSettings(settings, embedder);
  }

  ask(request: AskRequest): Promise<Answer> {
    return this.turns.run(async () => {
      // Turns matter only when questions compete: a question alone starts at once (its few milliseconds of CPU
      // work delay nothing), while in a burst each starts on a fresh event-loop turn so that pending I/O is served
      // between questions. A burst is visible here: every question of it has reached the semaphore by now.
      if (this.turns.inFlight > 1 || this.turns.queued > 0) await nextEventLoopTurn();
      return retrieve(this.index, request, this.deps);
    });
  }

  timeline(query: TimelineQuery = {}): TimelineEvent[] {
    return filterTimeline(this.index.timeline, query);
  }

  timelineTopics(prefix: string): string[] {
    return timelineTopics(this.index.timeline, prefix);
  }

  stats(): IndexStats {
    const { manifest } = this.index;
    return {
      documents: manifest.documents,
      passages: manifest.passages,
      builtAt: manifest.builtAt,
      mode: this.index.vectors && this.embedder ? 'hybrid' : 'lexical',
      modelId: manifest.model?.id ?? null,
    };
  }

  async close(): Promise<void> {
    await this.embedder?.dispose();
  }
}
