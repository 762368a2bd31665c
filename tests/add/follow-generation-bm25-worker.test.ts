import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openEngine, rebuildIndex } from '../../src/engine.ts';
import { readCurrentGeneration } from '../../src/index/generations.ts';
import { settingsForIndex } from '../reliability/support/bot-harness.ts';
import { scratchFolders } from '../reliability/support/index-dir.ts';

/**
 * Issue 14, end to end: a long-running bot that follows new index generations (`npm run add` in another process)
 * must stop the BM25 worker thread of each generation it stops serving (bm25-shards.ts), or the threads pile up.
 * Real engine, real index on disk, real generation switch; the threads are observed at process level, through
 * Node's 'worker' event and each worker's own 'online' and 'exit' events.
 *
 * The real corpus is far below BM25_PARALLEL_MIN_POSTINGS (its questions stay on one thread), and the engine takes
 * no search options, so the constant is lowered for this file's module graph only (vi.mock): every keyword question
 * then hands a share to the worker, as a question over a large index does. Nothing else of limits.ts changes.
 */
vi.mock('../../src/limits.ts', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../src/limits.ts')>()), BM25_PARALLEL_MIN_POSTINGS: 0 }));

const QUESTION = 'When did Vietnam and the Soviet Union establish diplomatic relations?';
/** An article the new generation no longer has (the answer, 1950, is in four others). */
const REMOVED = '2025-01-14-vns-mishustin-visit-en.md';
/** Generous: each wait ends on an event, this only bounds a failure. */
const EVENT_TIMEOUT_MS = 15_000;

interface Tracked {
  worker: Worker;
  online: Promise<unknown>;
  exited: Promise<unknown>;
  hasExited: boolean;
}

/** Every worker thread this process starts, in order, with its lifecycle (listeners attached when it is created). */
const started: Tracked[] = [];
function track(worker: Worker): void {
  // Listeners attached when the worker is created (process 'worker' event), so neither event can be missed; the
  // 'exit' flag is registered before anyone else's listener (e.g. terminate()'s), so it is set by the time anything
  // awaiting the worker's end resumes.
  const tracked: Tracked = { worker, online: once(worker, 'online'), exited: once(worker, 'exit'), hasExited: false };
  worker.once('exit', () => (tracked.hasExited = true));
  // These reject only on an 'error' event; one never awaited must not be an unhandled rejection.
  tracked.online.catch(() => undefined);
  tracked.exited.catch(() => undefined);
  started.push(tracked);
}

let folders: Awaited<ReturnType<typeof scratchFolders>>;

beforeAll(async () => {
  process.on('worker', track);
  folders = await scratchFolders('bm25-follow');
});
afterAll(async () => {
  process.off('worker', track);
  // Only when an assertion failed: no thread of this file outlives it.
  await Promise.all(started.filter((t) => !t.hasExited).map((t) => t.worker.terminate()));
  await folders?.cleanup();
});

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no event within ${EVENT_TIMEOUT_MS} ms`)), EVENT_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Asks, and returns the answer and the worker threads that the question started (the BM25 worker of the index served). */
async function askAndWatch(engine: Awaited<ReturnType<typeof openEngine>>): Promise<{ quotes: string[]; workers: Tracked[] }> {
  const before = started.length;
  const answer = await engine.ask({ question: QUESTION, k: 3 });
  // 'worker' is emitted on a later tick than the Worker's construction: let it arrive.
  await nextTurn();
  return { quotes: answer.results.map((hit) => hit.quote), workers: started.slice(before) };
}

it("a generation switch stops the old index's BM25 worker thread; closing the engine stops the new one's", async () => {
  const settings = settingsForIndex(folders.indexDir, folders.corpusDir);
  const engine = await openEngine(settings, { whenStale: 'rebuild', embedder: null });
  let closed = false;
  try {
    const firstGeneration = await readCurrentGeneration(folders.indexDir);
    const threadsBefore = started.length;

    // 1–2. A keyword question on the first generation starts its BM25 worker, which comes up and stays.
    const first = await askAndWatch(engine);
    expect(first.quotes.some((quote) => quote.includes('1950'))).toBe(true);
    expect(first.workers).toHaveLength(1);
    const oldWorker = first.workers[0]!;
    await within(oldWorker.online, 'the first generation’s BM25 worker coming online');
    expect(oldWorker.hasExited).toBe(false);
    // Kept between questions: a second question starts no other thread.
    expect((await askAndWatch(engine)).workers).toHaveLength(0);
    expect(oldWorker.hasExited).toBe(false);

    // 3. A new generation, as `npm run add` writes it from another process, and the engine follows it.
    await rm(join(folders.corpusDir, REMOVED));
    await rebuildIndex(settings, null);
    const secondGeneration = await readCurrentGeneration(folders.indexDir);
    expect(secondGeneration).not.toBe(firstGeneration);
    const passagesBefore = engine.stats().passages;
    expect(await engine.followNewGeneration()).toBe(true);
    expect(engine.stats().passages).toBeLessThan(passagesBefore);

    const second = await askAndWatch(engine);

    // 4. The old generation's thread is gone (its 'exit' event, not only a request to stop), and the new
    // generation answers with a worker of its own.
    await within(oldWorker.exited, 'the first generation’s BM25 worker exiting after the switch');
    expect(oldWorker.worker.threadId).toBe(-1);
    expect(second.quotes.some((quote) => quote.includes('1950'))).toBe(true);
    expect(second.workers).toHaveLength(1);
    const newWorker = second.workers[0]!;
    expect(newWorker).not.toBe(oldWorker);
    await within(newWorker.online, 'the second generation’s BM25 worker coming online');
    expect(newWorker.hasExited).toBe(false);

    // 5. Closing the engine resolves once the serving index's thread is gone: nothing of this engine is left.
    closed = true;
    await engine.close();
    expect(newWorker.hasExited).toBe(true);
    expect(newWorker.worker.threadId).toBe(-1);
    expect(started.slice(threadsBefore).filter((t) => !t.hasExited)).toHaveLength(0);

    // 6. A closed engine follows no later generation: one would bring a search thread that nothing closes.
    await rebuildIndex(settings, null, undefined, { full: true });
    expect(await readCurrentGeneration(folders.indexDir)).not.toBe(secondGeneration);
    expect(await engine.followNewGeneration()).toBe(false);
  } finally {
    if (!closed) await engine.close();
  }
});
