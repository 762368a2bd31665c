import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pipelineExtractor,
  TransformersEmbedder,
  type ExtractFeatures,
  type FeatureExtractionPipelineLike,
} from '../../src/embedding/transformers-embedder.ts';
import { makeTinyModel } from '../support/tiny-model.ts';

/** A fake model: one-hot-ish vectors derived from the text, and a record of every call. */
function recordingExtractor(dimension: number) {
  const calls: string[][] = [];
  const extract: ExtractFeatures = async (texts) => {
    calls.push(texts);
    return texts.map((text) => {
      const v = new Float32Array(dimension);
      v[text.length % dimension] = 1;
      return v;
    });
  };
  return { calls, extract };
}

/** Wraps an extractor to count how many calls are running at the same moment. */
function countingInFlight(inner: ExtractFeatures) {
  const stats = { running: 0, peak: 0, calls: 0 };
  const extract: ExtractFeatures = async (texts) => {
    stats.calls++;
    stats.running++;
    stats.peak = Math.max(stats.peak, stats.running);
    try {
      // Yield so that other queued calls get the chance to start if the limit allowed them to.
      await new Promise((resolve) => setImmediate(resolve));
      return await inner(texts);
    } finally {
      stats.running--;
    }
  };
  return { stats, extract };
}

describe('TransformersEmbedder (fake model)', () => {
  it('adds e5 prefixes derived from the model id, after NFC normalisation', async () => {
    const { calls, extract } = recordingExtractor(8);
    const embedder = new TransformersEmbedder(extract, { modelId: 'Xenova/multilingual-e5-small', dimension: 8 });
    await embedder.embedQueries(['Nga Vie\u0302\u0323t Nam?']);
    await embedder.embedPassages(['Hà Nội']);
    expect(calls).toEqual([['query: Nga Việt Nam?'], ['passage: Hà Nội']]);
  });

  it('adds no prefix for other models, and honours an explicit override', async () => {
    const plain = recordingExtractor(8);
    await new TransformersEmbedder(plain.extract, { modelId: 'Xenova/all-MiniLM-L6-v2', dimension: 8 }).embedQueries(['a']);
    expect(plain.calls).toEqual([['a']]);
    const custom = recordingExtractor(8);
    const embedder = new TransformersEmbedder(custom.extract, {
      modelId: 'BAAI/bge-small-en',
      dimension: 8,
      prefixes: { query: 'Represent this sentence for searching relevant passages: ', passage: '' },
    });
    await embedder.embedQueries(['a']);
    await embedder.embedPassages(['b']);
    expect(custom.calls).toEqual([['Represent this sentence for searching relevant passages: a'], ['b']]);
  });

  it('splits passages into batches and keeps the input order', async () => {
    const { calls, extract } = recordingExtractor(64);
    const embedder = new TransformersEmbedder(extract, { modelId: 'local/plain', dimension: 64, batchSize: 16 });
    const texts = Array.from({ length: 37 }, (_, i) => 'x'.repeat(i + 1));
    const vectors = await embedder.embedPassages(texts);
    expect(calls.map((batch) => batch.length)).toEqual([16, 16, 5]);
    expect(vectors.map((v) => v.indexOf(1))).toEqual(texts.map((t) => t.length % 64));
  });

  it('returns nothing and calls no model for no texts', async () => {
    const { calls, extract } = recordingExtractor(4);
    const embedder = new TransformersEmbedder(extract, { modelId: 'local/plain', dimension: 4 });
    expect(await embedder.embedPassages([])).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('limits concurrent model calls across simultaneous requests', async () => {
    const counting = countingInFlight(recordingExtractor(4).extract);
    const embedder = new TransformersEmbedder(counting.extract, { modelId: 'local/plain', dimension: 4, batchSize: 2, concurrency: 3 });
    await Promise.all([
      embedder.embedPassages(Array.from({ length: 20 }, (_, i) => `p${i}`)),
      ...Array.from({ length: 10 }, (_, i) => embedder.embedQueries([`q${i}`])),
    ]);
    expect(counting.stats.calls).toBe(20);
    expect(counting.stats.peak).toBe(3);
  });

  it('rejects vectors of the wrong length and use after dispose', async () => {
    const { extract } = recordingExtractor(4);
    const wrong = new TransformersEmbedder(extract, { modelId: 'local/plain', dimension: 5 });
    await expect(wrong.embedQueries(['a'])).rejects.toThrow(/4-dimensional vector, expected 5/);
    let released = 0;
    const embedder = new TransformersEmbedder(extract, { modelId: 'local/plain', dimension: 4, release: async () => void released++ });
    await embedder.dispose();
    await embedder.dispose();
    expect(released).toBe(1);
    await expect(embedder.embedQueries(['a'])).rejects.toThrow(/disposed/);
  });
});

describe('TransformersEmbedder over transformers.js and the tiny model', () => {
  let root: string;
  let pipe: FeatureExtractionPipelineLike;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'embedder-'));
    await makeTinyModel(join(root, 'local', 'tiny-bert'));
    env.localModelPath = `${root}/`;
    env.allowRemoteModels = false;
    pipe = (await pipeline('feature-extraction', 'local/tiny-bert')) as unknown as FeatureExtractionPipelineLike;
  });

  afterAll(async () => {
    await pipe?.dispose?.();
    await rm(root, { recursive: true, force: true });
  });

  it('honours the concurrency limit with the real pipeline and returns the same vectors as unbatched calls', async () => {
    const counting = countingInFlight(pipelineExtractor(pipe));
    const embedder = new TransformersEmbedder(counting.extract, { modelId: 'local/tiny-bert', dimension: 128, batchSize: 4, concurrency: 2 });
    const texts = Array.from({ length: 24 }, (_, i) => `Vietnam Russia oil gas trade ${'visit '.repeat(i % 5)}`);
    const [batched, ...single] = await Promise.all([
      embedder.embedPassages(texts),
      ...texts.slice(0, 6).map((t) => embedder.embedQueries([t])),
    ]);
    expect(counting.stats.peak).toBe(2);
    expect(counting.stats.calls).toBe(6 + 6);
    // Padding inside a batch must not change a text's vector (mean pooling respects the attention mask); int8
    // activations are quantised per batch, hence "nearly identical" rather than equal.
    single.forEach(([vector], i) => {
      const fromBatch = batched![i]!;
      const dot = vector!.reduce((sum, x, j) => sum + x * fromBatch[j]!, 0);
      expect(dot).toBeGreaterThan(0.995);
    });
  });
});
