import type { Settings } from './config.ts';
import { BotError, errorCodeOf, isBotError, questionTooLongError, type ErrorCode } from './errors.ts';
import { childLogger } from './logger.ts';
import { setImmediate as nextEventLoopTurn } from 'node:timers/promises';
import type { Embedder } from './embedding/embedder.ts';
import { Semaphore } from './embedding/semaphore.ts';
import { embedderOptionsFromSettings, loadEmbedder } from './embedding/load.ts';
import { buildIndex, type BuildSummary } from './index/build.ts';
import { checkFreshness, compareModel } from './index/freshness.ts';
import { openIndex } from './index/open.ts';
import { readCurrentGeneration } from './index/generations.ts';
import { basename } from 'node:path';
import type { LoadedIndex } from './index/types.ts';
import { MAX_CONCURRENT_ASKS, MAX_QUESTION_LENGTH } from './limits.ts';
import { retrieve, type RetrieveDeps } from './retrieval/retrieve.ts';
import { filterTimeline, timelineTopics } from './timeline/filter.ts';
import { summariseSources, type SourcesSummary } from './corpus/summary.ts';
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
  /**
   * When a rebuild failed and the last good generation is served, try the rebuild again every this many
   * milliseconds (the long-running bot); 0 or absent = never on a timer (`npm run ask` answers and exits).
   * `retryRebuild()` runs one try on demand either way.
   */
  retryIntervalMs?: number;
  /**
   * Look for a new index generation (written by `npm run add` or `npm run index` in another process) every this
   * many milliseconds, and serve it from the next question on; 0 or absent = never (`npm run ask`).
   */
  followGenerationsMs?: number;
}

/** Why the engine serves an index older than the corpus: the rebuild that should have replaced it failed. */
export interface StaleIndex {
  code: ErrorCode;
  /** The failure's message (may span lines, e.g. CORPUS_INVALID's list of files). */
  message: string;
  /** The failure itself, for callers that want its details. */
  error: unknown;
  /** When the generation being served was built. */
  builtAt: string;
  /** Why it is stale: the freshness check's reasons. */
  reasons: string[];
}

/** The engine as `openEngine` returns it: a QaEngine that may be serving a stale generation. */
export interface ServingEngine extends QaEngine {
  /** Non-null while the last good generation is served because a rebuild failed. */
  staleness(): StaleIndex | null;
  /**
   * One more try at the rebuild that failed; on success the new generation serves from the next question on.
   * Resolves true when the engine is fresh afterwards. Never throws: a failure leaves the stale generation serving.
   */
  retryRebuild(): Promise<boolean>;
  /**
   * Switches to the generation `INDEX_DIR/CURRENT` names if it is not the one being served (what the timer of
   * `followGenerationsMs` runs). Resolves true when it switched. Never throws: a generation that cannot be loaded
   * is logged once and the served one stays.
   */
  followNewGeneration(): Promise<boolean>;
}

/**
 * The engine ties the pipeline together for every front end: it loads the model (or degrades to lexical-only),
 * makes sure the index on disk matches the corpus and the model, and answers questions and timeline queries.
 */
export async function openEngine(settings: Settings, options: OpenEngineOptions = {}): Promise<ServingEngine> {
  // loadEmbedder never throws: an unavailable model is one logged warning and lexical-only answers.
  const embedder = options.embedder !== undefined ? options.embedder : await loadEmbedder(embedderOptionsFromSettings(settings));

  const { index, stale } = await ensureFreshIndex(settings, embedder, options);
  return new IndexedEngine(settings, index, embedder, stale, options.retryIntervalMs ?? 0, options.followGenerationsMs ?? 0);
}

interface OpenedIndex {
  index: LoadedIndex;
  stale: StaleIndex | null;
}

async function ensureFreshIndex(settings: Settings, embedder: Embedder | null, options: OpenEngineOptions): Promise<OpenedIndex> {
  let reasons: string[];
  let lastGood: LoadedIndex | null = null;
  try {
    const index = await openIndex(settings.INDEX_DIR, { efSearch: settings.HNSW_EF_SEARCH });
    const freshness = await checkFreshness(index.manifest, freshnessContext(settings, embedder));
    if (freshness.fresh) return { index, stale: null };
    reasons = freshness.reasons;
    lastGood = index;
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
  try {
    await rebuildIndex(settings, embedder, options.onProgress);
  } catch (error) {
    // With nothing to fall back on (no index yet, or a damaged one) the failure stops the program, as before.
    if (lastGood === null) throw error;
    // Otherwise a bad article, a full or read-only disk or a concurrent build must not take the bot down: the last
    // good generation keeps serving, and the bot says so once.
    const stale = staleIndexOf(error, lastGood, reasons);
    log.warn({ code: stale.code, err: error, builtAt: stale.builtAt, reasons }, `serving the previous index, which is out of date: the rebuild failed [${stale.code}]`);
    return { index: lastGood, stale };
  }
  const rebuilt = await openIndex(settings.INDEX_DIR, { efSearch: settings.HNSW_EF_SEARCH });
  void lastGood?.lexical.close();
  return { index: rebuilt, stale: null };
}

function freshnessContext(settings: Settings, embedder: Embedder | null) {
  return { corpusDir: settings.CORPUS_DIR, modelId: embedder?.modelId ?? null, dimension: embedder?.dimension ?? null };
}

function staleIndexOf(error: unknown, index: LoadedIndex, reasons: string[]): StaleIndex {
  const message = error instanceof Error ? error.message : String(error);
  return { code: errorCodeOf(error), message, error, builtAt: index.manifest.builtAt, reasons };
}

/** Builds a new index generation from the configured corpus; shared by start-up and `npm run index`. */
export function rebuildIndex(settings: Settings, embedder: Embedder | null, onProgress?: ProgressFn, options: { full?: boolean } = {}): Promise<BuildSummary> {
  return buildIndex({
    corpusDir: settings.CORPUS_DIR,
    indexDir: settings.INDEX_DIR,
    embedder,
    efSearch: settings.HNSW_EF_SEARCH,
    onProgress,
    full: options.full,
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

/** What changed between two generations, as one log line: articles and passages before → after, articles added/removed. */
export function describeGenerationChange(before: LoadedIndex, after: LoadedIndex): { message: string; fields: Record<string, unknown> } {
  const docsOf = (index: LoadedIndex) => new Set(index.passages.map((passage) => passage.docId));
  const [was, now] = [docsOf(before), docsOf(after)];
  const added = [...now].filter((doc) => !was.has(doc)).sort();
  const removed = [...was].filter((doc) => !now.has(doc)).sort();
  const signed = (n: number) => (n >= 0 ? `+${n}` : String(n));
  const { documents: d0, passages: p0 } = before.manifest;
  const { documents: d1, passages: p1 } = after.manifest;
  const message =
    `switched to index generation ${basename(after.dir)}: ${d1} articles (${signed(d1 - d0)}), ${p1} passages (${signed(p1 - p0)})` +
    (added.length > 0 ? `; added ${added.join(', ')}` : '') +
    (removed.length > 0 ? `; removed ${removed.join(', ')}` : '');
  return { message, fields: { articles: { before: d0, after: d1 }, passages: { before: p0, after: p1 }, added, removed } };
}

class IndexedEngine implements ServingEngine {
  /**
   * Retrieval is mostly synchronous CPU work. A burst of questions started together would hold the event loop for
   * seconds and starve the network I/O that acknowledges Discord interactions (3-second deadline), so questions
   * take turns, a few at a time, each starting on a fresh event-loop turn so that pending I/O is served first.
   */
  private readonly turns = new Semaphore(MAX_CONCURRENT_ASKS);
  private deps: RetrieveDeps;
  private retrying: Promise<boolean> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private followTimer: NodeJS.Timeout | null = null;
  private following: Promise<boolean> | null = null;
  /** A generation that failed to load, so that the failure is said once and not at every tick. */
  private unloadableGeneration: string | null = null;
  private summary: { index: LoadedIndex; value: SourcesSummary } | null = null;
  private closed = false;

  constructor(
    private readonly settings: Settings,
    private index: LoadedIndex,
    private readonly embedder: Embedder | null,
    private stale: StaleIndex | null,
    retryIntervalMs: number,
    followGenerationsMs: number,
  ) {
    this.deps = this.depsFor(index);
    if (stale && retryIntervalMs > 0) {
      this.retryTimer = setInterval(() => void this.retryRebuild(), retryIntervalMs);
      // The retry never keeps a process alive that has nothing else to do.
      this.retryTimer.unref();
    }
    if (followGenerationsMs > 0) {
      this.followTimer = setInterval(() => void this.followNewGeneration(), followGenerationsMs);
      this.followTimer.unref();
    }
  }

  followNewGeneration(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    this.following ??= this.switchToCurrentGeneration().finally(() => {
      this.following = null;
    });
    return this.following;
  }

  /**
   * Only complete generations are ever named by CURRENT (a build points it at its folder after writing the
   * manifest, and a failed build never does), so whatever it names is safe to serve. The swap is one assignment
   * between questions: a question already running keeps the generation it started with, none fails or runs twice.
   */
  private async switchToCurrentGeneration(): Promise<boolean> {
    const current = await readCurrentGeneration(this.settings.INDEX_DIR).catch(() => null);
    if (current === null || current === basename(this.index.dir) || current === this.unloadableGeneration) return false;
    let index: LoadedIndex;
    try {
      index = await openIndex(this.settings.INDEX_DIR, { efSearch: this.settings.HNSW_EF_SEARCH });
    } catch (error) {
      this.unloadableGeneration = current;
      log.warn({ code: errorCodeOf(error), err: error, generation: current }, `a new index generation (${current}) could not be loaded; still serving ${basename(this.index.dir)}`);
      return false;
    }
    // Opened but not kept (the same generation, or the engine closed meanwhile): its search thread, if any, goes.
    if (index.dir === this.index.dir || this.closed) {
      void index.lexical.close();
      return false;
    }
    const before = this.index;
    this.index = index;
    this.deps = this.depsFor(index);
    const change = describeGenerationChange(before, index);
    log.info({ generation: basename(index.dir), ...change.fields }, change.message);
    // Its search thread goes with it; a question still running on it finishes on the calling thread.
    void before.lexical.close();
    if (this.stale) {
      // The new generation may also be the fix for a failed rebuild: then the bot is fresh again.
      const fresh = await checkFreshness(index.manifest, freshnessContext(this.settings, this.embedder)).catch(() => ({ fresh: false }));
      if (fresh.fresh) {
        this.stale = null;
        this.stopRetrying();
      }
    }
    return true;
  }

  /** A stale generation built for another model cannot be searched with this one's vectors: keyword search then. */
  private depsFor(index: LoadedIndex): RetrieveDeps {
    const model = compareModel(index.manifest.model, this.embedder?.modelId ?? null, this.embedder?.dimension ?? null);
    return retrieveDepsFromSettings(this.settings, model.length === 0 ? this.embedder : null);
  }

  staleness(): StaleIndex | null {
    return this.stale;
  }

  retryRebuild(): Promise<boolean> {
    if (this.stale === null) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    // One try at a time: a timer tick during a slow rebuild joins it instead of starting a second build.
    this.retrying ??= this.tryRebuild().finally(() => {
      this.retrying = null;
    });
    return this.retrying;
  }

  private async tryRebuild(): Promise<boolean> {
    const previous = this.stale!;
    try {
      const fresh = await checkFreshness(this.index.manifest, freshnessContext(this.settings, this.embedder));
      if (!fresh.fresh) await rebuildIndex(this.settings, this.embedder);
      const index = fresh.fresh ? this.index : await openIndex(this.settings.INDEX_DIR, { efSearch: this.settings.HNSW_EF_SEARCH });
      if (this.closed) {
        if (index !== this.index) void index.lexical.close();
        return false;
      }
      // Swapped between questions: a question already running keeps the generation it started with (its search
      // thread stops; such a question finishes its search on the calling thread).
      if (index !== this.index) void this.index.lexical.close();
      this.index = index;
      this.deps = this.depsFor(index);
      this.stale = null;
      this.stopRetrying();
      log.info({ builtAt: index.manifest.builtAt }, 'index rebuilt after an earlier failure: serving the new generation');
      return true;
    } catch (error) {
      this.stale = staleIndexOf(error, this.index, previous.reasons);
      // Said once per distinct failure, not at every try.
      if (this.stale.code !== previous.code || this.stale.message !== previous.message) {
        log.warn({ code: this.stale.code, err: error }, `the index rebuild failed again [${this.stale.code}]; still serving the previous index`);
      } else {
        log.debug({ code: this.stale.code }, 'index rebuild retry failed the same way');
      }
      return false;
    }
  }

  private stopRetrying(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
  }

  ask(request: AskRequest): Promise<Answer> {
    // Every front end checks the length first, with its own wording; this is for any caller that does not. A
    // million-character question took 106 s of retrieval.
    if (request.question.length > MAX_QUESTION_LENGTH) return Promise.reject(questionTooLongError(request.question.length));
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

  sources(): SourcesSummary {
    // Computed once per generation: the index object changes when a new generation is served.
    if (this.summary?.index !== this.index) this.summary = { index: this.index, value: summariseSources(this.index.passages.map((passage) => passage.meta)) };
    return this.summary.value;
  }

  stats(): IndexStats {
    const { manifest } = this.index;
    return {
      documents: manifest.documents,
      passages: manifest.passages,
      builtAt: manifest.builtAt,
      mode: this.index.vectors && this.deps.embedder ? 'hybrid' : 'lexical',
      modelId: manifest.model?.id ?? null,
    };
  }

  async close(): Promise<void> {
    // A closed engine switches to no other generation: a later follow or retry would start a search thread that
    // nothing closes.
    this.closed = true;
    this.stopRetrying();
    if (this.followTimer) clearInterval(this.followTimer);
    this.followTimer = null;
    await this.following?.catch(() => undefined);
    await this.retrying?.catch(() => undefined);
    await this.index.lexical.close();
    await this.embedder?.dispose();
  }
}
