import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedderOptionsFromSettings } from '../../src/embedding/load.ts';
import { TransformersEmbedder, type ExtractFeatures } from '../../src/embedding/transformers-embedder.ts';
import { openEngine } from '../../src/engine.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { settingsForIndex } from './support/bot-harness.ts';

/**
 * EMBED_CONCURRENCY caps model calls in flight, whatever the burst: proven through the engine with a model stand-in
 * that counts how many calls overlap. Each call holds a whole batch's activations, so this cap is what keeps a
 * burst of questions (or a re-index) from multiplying memory use.
 */
const DIMENSION = 32;
const MODEL_ID = 'reliability/counting-e5';
const CALL_MS = 15;

function countingModel() {
  const stats = { calls: 0, texts: 0, inFlight: 0, maxInFlight: 0 };
  const extract: ExtractFeatures = async (texts) => {
    stats.calls++;
    stats.texts += texts.length;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    await new Promise((resolve) => setTimeout(resolve, CALL_MS));
    stats.inFlight--;
    return texts.map((text) => {
      const digest = createHash('sha256').update(text).digest();
      const vector = Float32Array.from({ length: DIMENSION }, (_, i) => digest[i % digest.length]! - 128);
      const norm = Math.hypot(...vector);
      return vector.map((v) => v / norm);
    });
  };
  return { stats, extract };
}

let indexDir: string;
beforeAll(async () => {
  setLogSink(() => undefined);
  indexDir = await mkdtemp(join(tmpdir(), 'vrb-reliability-embed-'));
});
afterAll(async () => {
  await rm(indexDir, { recursive: true, force: true });
  restoreTestLogs();
});

describe('EMBED_CONCURRENCY through the engine', () => {
  it('the real loader hands EMBED_CONCURRENCY to the embedder', () => {
    expect(embedderOptionsFromSettings(settingsForIndex(indexDir, undefined, { EMBED_CONCURRENCY: '3' })).concurrency).toBe(3);
  });

  it('an index build sends many batches but never more than EMBED_CONCURRENCY at once', async () => {
    const settings = settingsForIndex(indexDir, undefined, { EMBED_CONCURRENCY: '3', EMBEDDINGS: 'on' });
    const { stats, extract } = countingModel();
    const embedder = new TransformersEmbedder(extract, { modelId: MODEL_ID, dimension: DIMENSION, concurrency: settings.EMBED_CONCURRENCY, batchSize: 4 });
    const engine = await openEngine(settings, { whenStale: 'rebuild', embedder });
    // Enough batches that an uncapped build would have had more than three in flight.
    expect(stats.calls).toBeGreaterThan(3);
    expect(stats.maxInFlight).toBe(3);
    expect(engine.stats().mode).toBe('hybrid');
    await engine.close();
  });

  it('a burst of 60 questions embeds every one, one model call at a time with EMBED_CONCURRENCY=1', async () => {
    const settings = settingsForIndex(indexDir, undefined, { EMBED_CONCURRENCY: '1', EMBEDDINGS: 'on' });
    const { stats, extract } = countingModel();
    const embedder = new TransformersEmbedder(extract, { modelId: MODEL_ID, dimension: DIMENSION, concurrency: settings.EMBED_CONCURRENCY });
    // Same model id and dimension: the index built above is fresh, so this is queries only.
    const engine = await openEngine(settings, { whenStale: 'fail', embedder });
    const questions = Array.from({ length: 60 }, (_, i) => `When did Putin visit Hanoi? (${i})`);
    const answers = await Promise.all(questions.map((question) => engine.ask({ question, k: 3 })));
    expect(answers.map((a) => a.question)).toEqual(questions);
    expect(answers.every((a) => a.mode === 'hybrid')).toBe(true);
    expect(stats.texts).toBe(questions.length);
    expect(stats.maxInFlight).toBe(1);
    await engine.close();
  });
});
