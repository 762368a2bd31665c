import type { Embedder } from './embedder.ts';
import { prefixesForModel, type TextPrefixes } from './prefixes.ts';
import { Semaphore } from './semaphore.ts';

/**
 * The model call, reduced to what the embedder needs: texts in, one mean-pooled, L2-normalised row per text out.
 * A transformers.js `feature-extraction` pipeline is adapted to this by `pipelineExtractor`; tests wrap it to
 * observe calls.
 */
export type ExtractFeatures = (texts: string[]) => Promise<Float32Array[]>;

/** Texts per model call. Large enough to use the CPU well, small enough that padding and memory stay modest. */
export const PASSAGE_BATCH_SIZE = 16;
export const DEFAULT_EMBED_CONCURRENCY = 2;

export interface TransformersEmbedderOptions {
  modelId: string;
  dimension: number;
  /** Defaults to the prefixes of the model family (`query: ` / `passage: ` for e5). */
  prefixes?: TextPrefixes;
  batchSize?: number;
  /** Model calls allowed at once (settings: EMBED_CONCURRENCY). */
  concurrency?: number;
  /** Frees the model (the pipeline's ONNX session). */
  release?: () => Promise<void>;
}

/** The part of a transformers.js pipeline this module uses; keeps the heavy library types out of the API. */
export interface FeatureExtractionPipelineLike {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<{ data: ArrayLike<number>; dims: number[] }>;
  dispose?: () => Promise<unknown>;
}

export function pipelineExtractor(pipe: FeatureExtractionPipelineLike): ExtractFeatures {
  return async (texts) => {
    if (texts.length === 0) return [];
    const output = await pipe(texts, { pooling: 'mean', normalize: true });
    const [rows, width] = output.dims;
    if (rows !== texts.length || width === undefined) {
      throw new Error(`feature-extraction returned shape [${output.dims.join(', ')}] for ${texts.length} texts`);
    }
    const data = output.data instanceof Float32Array ? output.data : Float32Array.from(output.data);
    return Array.from({ length: rows }, (_, i) => data.slice(i * width, (i + 1) * width));
  };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class TransformersEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimension: number;
  readonly prefixes: TextPrefixes;
  private readonly batchSize: number;
  private readonly limiter: Semaphore;
  private readonly release: (() => Promise<void>) | undefined;
  private disposed = false;

  constructor(
    private readonly extract: ExtractFeatures,
    options: TransformersEmbedderOptions,
  ) {
    this.modelId = options.modelId;
    this.dimension = options.dimension;
    this.prefixes = options.prefixes ?? prefixesForModel(options.modelId);
    this.batchSize = options.batchSize ?? PASSAGE_BATCH_SIZE;
    this.limiter = new Semaphore(options.concurrency ?? DEFAULT_EMBED_CONCURRENCY);
    this.release = options.release;
  }

  embedQueries(texts: string[]): Promise<Float32Array[]> {
    return this.embed(texts, this.prefixes.query, true);
  }

  embedPassages(texts: string[]): Promise<Float32Array[]> {
    return this.embed(texts, this.prefixes.passage, false);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.release?.();
  }

  private async embed(texts: string[], prefix: string, urgent: boolean): Promise<Float32Array[]> {
    if (this.disposed) throw new Error(`Embedder for ${this.modelId} has been disposed`);
    // NFC first: the same Vietnamese word typed in composed or decomposed form must give the same tokens.
    const prepared = texts.map((text) => prefix + text.normalize('NFC'));
    const batches = chunk(prepared, this.batchSize);
    const results = await Promise.all(batches.map((batch) => this.limiter.run(() => this.extract(batch), urgent)));
    const vectors = results.flat();
    for (const vector of vectors) {
      if (vector.length !== this.dimension) {
        throw new Error(`${this.modelId} returned a ${vector.length}-dimensional vector, expected ${this.dimension}`);
      }
    }
    return vectors;
  }
}
