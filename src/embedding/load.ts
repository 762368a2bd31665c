import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import { settingsSchema, type Settings } from '../config.ts';
import { childLogger } from '../logger.ts';
import { createDownloadProgress, type ModelLoadEvent } from './download-progress.ts';
import type { Embedder } from './embedder.ts';
import { localFeatureExtraction, onnxModelFile } from './local-session.ts';
import { usePieceTrieInTokenizers } from './piece-trie.ts';
import type { TextPrefixes } from './prefixes.ts';
import {
  DEFAULT_EMBED_CONCURRENCY,
  pipelineExtractor,
  TransformersEmbedder,
  type FeatureExtractionPipelineLike,
} from './transformers-embedder.ts';

const log = childLogger('embedding');

export const DEFAULT_MODEL_DIR = 'models';
export const HUGGING_FACE_HOST = 'https://huggingface.co/';
/**
 * A load gives up when nothing has happened for this long (no file started, no bytes arrived). A working
 * download keeps reporting progress, so this only fires on a network that swallows packets instead of refusing
 * the connection; the bot then starts lexical-only instead of hanging.
 */
export const DEFAULT_LOAD_IDLE_TIMEOUT_MS = 60_000;

export interface LoadEmbedderOptions {
  modelId: string;
  /** Local model folder: files are looked up in `<modelDir>/<modelId>/` and downloads are cached there. */
  modelDir?: string;
  allowRemote: boolean;
  /** Hub or mirror to download from, e.g. `http://127.0.0.1:8080/`. Default: huggingface.co. */
  remoteHost?: string;
  /** Load `onnx/model_quantized.onnx` (default) rather than `onnx/model.onnx`. */
  quantized?: boolean;
  /** Progress bars on stderr while downloading. Default: when stderr is a terminal. */
  showProgress?: boolean;
  /** `false` skips the model entirely (settings: EMBEDDINGS=off). */
  enabled?: boolean;
  /** Model calls allowed at once. Default: EMBED_CONCURRENCY from the environment, else 2. */
  concurrency?: number;
  prefixes?: TextPrefixes;
  batchSize?: number;
  idleTimeoutMs?: number;
}

export function embedderOptionsFromSettings(settings: Settings): LoadEmbedderOptions {
  return {
    modelId: settings.EMBEDDING_MODEL,
    modelDir: settings.MODEL_DIR,
    allowRemote: settings.ALLOW_REMOTE_MODELS,
    remoteHost: settings.MODEL_REMOTE_HOST,
    enabled: settings.EMBEDDINGS === 'on',
    concurrency: settings.EMBED_CONCURRENCY,
  };
}

/** EMBED_CONCURRENCY from the environment when the caller does not pass one (invalid → the settings default). */
function concurrencyFromEnvironment(): number {
  const parsed = settingsSchema.shape.EMBED_CONCURRENCY.safeParse(process.env.EMBED_CONCURRENCY);
  return parsed.success ? parsed.data : DEFAULT_EMBED_CONCURRENCY;
}

/** Files transformers.js needs for a feature-extraction model. */
export function requiredModelFiles(quantized: boolean): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxModelFile(quantized)];
}

export function missingModelFiles(modelDir: string, modelId: string, quantized: boolean): string[] {
  return requiredModelFiles(quantized).filter((file) => !existsSync(join(modelDir, modelId, file)));
}

const withTrailingSlash = (path: string) => (path.endsWith('/') ? path : `${path}/`);

// transformers.js keeps its settings in one global object, so two loads must not interleave.
let loadQueue: Promise<unknown> = Promise.resolve();

/**
 * Loads the embedding model, downloading and caching it on first use when allowed.
 * Never throws: when the model cannot be had it logs one MODEL_UNAVAILABLE warning and returns null, and the bot
 * answers with lexical retrieval only.
 */
export function loadEmbedder(options: LoadEmbedderOptions): Promise<Embedder | null> {
  if (options.enabled === false) {
    log.info({ modelId: options.modelId }, 'Embeddings are off (EMBEDDINGS=off): retrieval is lexical-only');
    return Promise.resolve(null);
  }
  const result = loadQueue.then(() => loadOrWarn(options));
  loadQueue = result.catch(() => undefined);
  return result;
}

async function loadOrWarn(options: LoadEmbedderOptions): Promise<Embedder | null> {
  const modelDir = resolve(options.modelDir ?? DEFAULT_MODEL_DIR);
  const quantized = options.quantized ?? true;
  const started = performance.now();
  try {
    assertInsideModelDir(modelDir, options.modelId);
    const embedder = await loadWithWatchdog({ ...options, modelDir, quantized });
    log.info(
      { modelId: options.modelId, dimension: embedder.dimension, ms: Math.round(performance.now() - started) },
      'Embedding model loaded',
    );
    return embedder;
  } catch (error) {
    const target = join(options.modelDir ?? DEFAULT_MODEL_DIR, options.modelId);
    const reason = describeFailure(error);
    log.warn(
      {
        code: 'MODEL_UNAVAILABLE',
        modelId: options.modelId,
        modelDir,
        allowRemote: options.allowRemote,
        remoteHost: options.remoteHost ?? HUGGING_FACE_HOST,
        reason,
      },
      `Embedding model "${options.modelId}" could not be loaded: ${reason}. ` +
        `The bot keeps answering with keyword (lexical) search only. To fix: put the model files ` +
        `(${requiredModelFiles(quantized).join(', ')}) in ${target}/, or allow downloading ` +
        `(ALLOW_REMOTE_MODELS=true with network access, or MODEL_REMOTE_HOST pointing at a mirror). ` +
        `To use keyword search on purpose, without trying the model at every start or this warning, set EMBEDDINGS=off.`,
    );
    return null;
  }
}

/**
 * The model id becomes a path under the model folder, where downloads are written. Settings accept only
 * `owner/name` ids (src/config.ts); this catches every other caller, so that no id writes outside the folder.
 */
function assertInsideModelDir(modelDir: string, modelId: string): void {
  const inside = relative(modelDir, resolve(modelDir, modelId));
  const escapes = isAbsolute(modelId) || modelId.includes('\\') || modelId.split('/').includes('..') || inside === '' || inside.startsWith('..');
  if (escapes) throw new Error(`model id ${JSON.stringify(modelId)} does not name a folder inside the model folder ${modelDir}`);
}

type ResolvedOptions = LoadEmbedderOptions & { modelDir: string; quantized: boolean };

/** Rejects when the load makes no progress for `idleTimeoutMs`; a late result is disposed, not leaked. */
function loadWithWatchdog(options: ResolvedOptions): Promise<TransformersEmbedder> {
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_LOAD_IDLE_TIMEOUT_MS;
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    // Routed for the whole load, and given back to the console as soon as the caller has its answer, even if an
    // abandoned load lingers in the background.
    const libraryWarnings = routeLibraryWarningsToDebugLog();
    const armTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        settled = true;
        libraryWarnings.restore();
        reject(new Error(`no progress for ${formatDuration(idleTimeoutMs)} (network unreachable or stalled?)`));
      }, idleTimeoutMs);
    };
    armTimer();
    loadModel(options, armTimer, libraryWarnings.lines).then(
      (embedder) => {
        clearTimeout(timer);
        libraryWarnings.restore();
        if (settled) void embedder.dispose();
        else resolvePromise(embedder);
      },
      (error: unknown) => {
        clearTimeout(timer);
        libraryWarnings.restore();
        if (!settled) reject(error);
      },
    );
  });
}

async function loadModel(options: ResolvedOptions, onActivity: () => void, libraryWarnings: string[]): Promise<TransformersEmbedder> {
  const { modelId, modelDir, quantized } = options;
  const missing = missingModelFiles(modelDir, modelId, quantized);
  if (missing.length > 0 && !options.allowRemote) {
    // Say exactly which files are absent rather than relaying transformers.js' generic message.
    throw new Error(`files missing in ${join(modelDir, modelId)} (${missing.join(', ')}) and remote download is disabled`);
  }

  env.localModelPath = withTrailingSlash(modelDir);
  env.cacheDir = withTrailingSlash(modelDir);
  env.allowLocalModels = true;
  env.useFSCache = true;
  env.allowRemoteModels = options.allowRemote;
  env.remoteHost = withTrailingSlash(options.remoteHost ?? HUGGING_FACE_HOST);

  const downloading = missing.length > 0;
  const progress = downloading && (options.showProgress ?? process.stderr.isTTY === true) ? createDownloadProgress() : undefined;
  // Said once, when the first missing file actually starts to arrive: a start without network (or with the files
  // already cached) tries, fails and warns, but downloads nothing, and must not claim to.
  let announced = false;
  const progressCallback = (event: ModelLoadEvent) => {
    onActivity();
    if (downloading && !announced && event.status === 'download' && event.file !== undefined && missing.includes(event.file)) {
      announced = true;
      log.info({ modelId, from: env.remoteHost, into: join(modelDir, modelId), missing }, 'Downloading embedding model');
    }
    progress?.update(event);
  };

  usePieceTrieInTokenizers();
  let pipe: FeatureExtractionPipelineLike;
  try {
    pipe = downloading
      ? await downloadingPipeline(modelId, quantized, progressCallback)
      : await localFeatureExtraction(modelDir, modelId, quantized).catch((error: unknown) => {
          // pipeline() reports the failure with its own detail (and may fall back to another backend).
          log.debug({ modelId, reason: describeFailure(error) }, 'Direct ONNX session failed; retrying through pipeline()');
          return downloadingPipeline(modelId, quantized, progressCallback);
        });
  } catch (error) {
    // Only now, not before every load: parsing the 9 MB tokenizer.json once more costs ~0.2 s and ~100 MB of
    // garbage at start-up, just to name the file when one is damaged.
    await checkLocalJsonFiles(modelDir, modelId);
    throw withLibraryDetail(error, libraryWarnings);
  } finally {
    progress?.stop();
  }

  if (downloading) warnIfNotCached(modelDir, modelId, quantized);

  try {
    const extract = pipelineExtractor(pipe);
    // One real inference proves the ONNX graph runs, and gives the vector length whatever config.json says.
    const [probe] = await extract(['dimension probe']);
    if (!probe || probe.length === 0) throw new Error('the model returned no vector for a probe text');
    return new TransformersEmbedder(extract, {
      modelId,
      dimension: probe.length,
      prefixes: options.prefixes,
      batchSize: options.batchSize,
      concurrency: options.concurrency ?? concurrencyFromEnvironment(),
      release: async () => {
        await pipe.dispose?.();
      },
    });
  } catch (error) {
    await pipe.dispose?.();
    throw error;
  }
}

async function downloadingPipeline(
  modelId: string,
  quantized: boolean,
  progressCallback: (event: ModelLoadEvent) => void,
): Promise<FeatureExtractionPipelineLike> {
  return (await pipeline('feature-extraction', modelId, {
    quantized,
    progress_callback: progressCallback,
  })) as unknown as FeatureExtractionPipelineLike;
}

/** A truncated or hand-edited JSON file would otherwise surface as a bare parse error that names no file. */
async function checkLocalJsonFiles(modelDir: string, modelId: string): Promise<void> {
  for (const file of requiredModelFiles(true).filter((f) => f.endsWith('.json'))) {
    const path = join(modelDir, modelId, file);
    if (!existsSync(path)) continue;
    try {
      JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new Error(`damaged file ${path} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

/** transformers.js only warns when it cannot write its cache; without this the next start would download again. */
function warnIfNotCached(modelDir: string, modelId: string, quantized: boolean): void {
  const stillMissing = missingModelFiles(modelDir, modelId, quantized);
  if (stillMissing.length > 0) {
    log.warn(
      { modelId, modelDir, stillMissing },
      `Embedding model downloaded but not cached in ${join(modelDir, modelId)} (is the folder writable?); the next start will download it again`,
    );
  }
}

/**
 * transformers.js reports some failures (and its ONNX fallbacks) with console.warn before throwing. The thrown
 * error becomes the single MODEL_UNAVAILABLE warning, so those lines go to the debug log instead of stderr.
 */
function routeLibraryWarningsToDebugLog(): { lines: string[]; restore: () => void } {
  const original = console.warn;
  const lines: string[] = [];
  console.warn = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    lines.push(line);
    log.debug({ library: 'transformers.js' }, line);
  };
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    console.warn = original;
  };
  return { lines, restore };
}

/** Longest library detail quoted in the warning; onnxruntime errors can be long. */
const MAX_DETAIL_CHARS = 200;

/**
 * When onnxruntime rejects a model file, transformers.js prints the real reason, retries with another backend and
 * throws that backend's vaguer error ("Can't create a session"). Keep the first reason in the message.
 */
function withLibraryDetail(error: unknown, warnings: string[]): unknown {
  const detail = warnings.find((line) => /error|fail/i.test(line));
  if (!detail || !(error instanceof Error)) return error;
  const short = detail.replace(/\s+/g, ' ').trim().slice(0, MAX_DETAIL_CHARS);
  return new Error(`${error.message}: ${short}`, { cause: error });
}

const formatDuration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  const message = error.message.replace(/\s+/g, ' ').trim();
  return detail && !message.includes(detail) ? `${message} (${detail})` : message;
}
