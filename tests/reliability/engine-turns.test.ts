import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransformersEmbedder } from '../../src/embedding/transformers-embedder.ts';
import { openEngine } from '../../src/engine.ts';
import { MAX_CONCURRENT_ASKS } from '../../src/limits.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { settingsForIndex, useLexicalEngine } from './support/bot-harness.ts';

/**
 * Why a burst of /ask cannot starve the bot's network I/O: the engine runs at most MAX_CONCURRENT_ASKS questions at
 * once, and starts each on a fresh event-loop turn, so I/O that becomes ready during a burst (an interaction to
 * acknowledge, a REST response) is served between questions instead of after all of them.
 */
const QUESTIONS = ['When did Vietnam and the Soviet Union establish diplomatic relations?', 'Mishustin visit Vietnam 2025', 'Kapan Putin mengunjungi Vietnam?'];

describe('questions take turns', () => {
  const live = useLexicalEngine();

  it('an event-loop callback queued during a burst of 24 questions runs long before the burst ends', async () => {
    let answered = 0;
    let answeredWhenLoopTurned = -1;
    const burst = Promise.all(Array.from({ length: 24 }, (_, i) => live.engine.ask({ question: QUESTIONS[i % QUESTIONS.length]!, k: 3 }).then(() => answered++)));
    // Stands for network I/O that becomes ready while the burst is being answered.
    setImmediate(() => (answeredWhenLoopTurned = answered));
    await burst;
    expect(answered).toBe(24);
    expect(answeredWhenLoopTurned).toBeGreaterThanOrEqual(0);
    expect(answeredWhenLoopTurned).toBeLessThanOrEqual(MAX_CONCURRENT_ASKS);
  });
});

describe('questions in flight with an embedder', () => {
  let indexDir: string;
  beforeAll(async () => {
    setLogSink(() => undefined);
    indexDir = await mkdtemp(join(tmpdir(), 'vrb-reliability-turns-'));
  });
  afterAll(async () => {
    await rm(indexDir, { recursive: true, force: true });
    restoreTestLogs();
  });

  it(`never exceed MAX_CONCURRENT_ASKS (${MAX_CONCURRENT_ASKS}) even when the model would take more`, async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const embedder = new TransformersEmbedder(
      async (texts) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return texts.map((text) => Float32Array.from(createHash('sha256').update(text).digest().subarray(0, 16), (b) => (b - 128) / 128));
      },
      { modelId: 'reliability/turns', dimension: 16, concurrency: 16 },
    );
    const engine = await openEngine(settingsForIndex(indexDir, undefined, { EMBEDDINGS: 'on', EMBED_CONCURRENCY: '16' }), { whenStale: 'rebuild', embedder });
    maxInFlight = 0;
    await Promise.all(Array.from({ length: 40 }, (_, i) => engine.ask({ question: `${QUESTIONS[i % QUESTIONS.length]} ${i}`, k: 3 })));
    expect(maxInFlight).toBe(MAX_CONCURRENT_ASKS);
    await engine.close();
  });
});
