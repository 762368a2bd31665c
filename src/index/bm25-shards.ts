import { Worker } from 'node:worker_threads';
import { BM25_CHUNKS, BM25_PARALLEL_MIN_POSTINGS, BM25_WORKER_MAX_RESULTS, BM25_WORKER_MAX_TERMS, BM25_WORKER_MIN_WAIT_MS, BM25_WORKER_WAIT_CHUNKS } from '../limits.ts';
import { logger } from '../logger.ts';

const log = logger.child({ module: 'bm25-shards' });

/**
 * What a search hands the kernel per query term and field, 4 doubles a segment, segment s = 2 × term + field (text
 * 0, title 1): the term's postings [start, end) in the field, its inverse document frequency and its boost × the
 * field boost. Every double is computed once, on the calling thread, so both threads score with the same ones.
 */
export const SEGMENT_WIDTH = 4;

/** One thread's scoring memory, one slot per passage (see Scratch in lexical-index.ts for what each holds). */
export interface KernelScratch {
  score: Float64Array;
  termScore: Float64Array;
  matched: Uint32Array;
  stamp: Uint32Array;
  /** The first-reached key of a passage: segment × 2^32 + posting position (valid while matched > 0). */
  key: Float64Array;
  touched: Uint32Array;
}

/** One search, or one thread's share of it: plain data (typed arrays and numbers), so that a worker can receive it. */
export interface KernelTask {
  docs: readonly Uint32Array[];
  tfs: readonly Uint32Array[];
  norms: readonly Float64Array[];
  segments: Float64Array;
  segmentCount: number;
  size: number;
  /** BM25's k + 1 and d, as the caller computed them. */
  k1: number;
  d: number;
  /**
   * The passages are scored in `chunks` chunks by id; a thread takes the next one with Atomics.add(claims, claimAt)
   * until it reaches `chunkEnd` (chunks, but for tests that give each call its own range).
   */
  chunks: number;
  chunkEnd: number;
  claims: Int32Array;
  claimAt: number;
  /** When set, claim number i is chunk order[i] (a thread scoring the chunks another one gave up). */
  order: Int32Array | null;
  /** When set, each chunk claimed is marked here. */
  mine: Uint8Array | null;
  /** A control word that, once 1, stops the claiming (the worker's task was given up); -1: none. */
  abandonAt: number;
  /** Passages already reached in this scratch by an earlier call of the same search (0 for a new search). */
  reached: number;
  /** false: only add the claimed chunks' postings into the scratch and return the passages reached so far. */
  finish: boolean;
  limit: number;
  scratch: KernelScratch;
  /** The thread's best `limit` passages, best first (count returned): passage, score, first-reached key. */
  outDocs: Float64Array;
  outScores: Float64Array;
  outKeys: Float64Array;
}

export function newKernelScratch(size: number): KernelScratch {
  return {
    score: new Float64Array(size),
    termScore: new Float64Array(size),
    matched: new Uint32Array(size),
    stamp: new Uint32Array(size),
    key: new Float64Array(size),
    touched: new Uint32Array(size),
  };
}

/**
 * BM25 over the chunks of passages this thread claims, then its best `limit`, best first. It is the one scoring loop
 * of the index, whichever thread runs it: a search on one thread claims every chunk itself; a search on two runs it
 * here and on the worker at once, and the worker's source is this function's own text (`toString`), so the two can
 * never drift apart. Hence its shape: no closures and no nested functions (a transpiler may wrap those in helpers
 * the worker does not have), no module-level names but `siftDown`, spliced into the worker beside it, only its argument.
 *
 * Exact whatever the split: a passage belongs to one chunk, so one thread adds all its terms, in query order, with
 * the same operations as before (MiniSearch's BM25+: see LexicalIndex.searchTerms); ties are broken by the key of
 * the posting that first reached the passage, (segment, position), which orders passages as one thread reaching them
 * term by term, field by field, posting by posting would.
 */
export function bm25Kernel(task: KernelTask): number {
  const { docs: docsOf, tfs: tfsOf, norms: normsOf, segments, segmentCount, size, k1, d, chunks, chunkEnd, claims, claimAt, limit } = task;
  const { order, mine, abandonAt } = task;
  const { score, termScore, matched, stamp, key, touched } = task.scratch;
  let reached = task.reached;
  let done = false;
  try {
    for (;;) {
      if (abandonAt >= 0 && Atomics.load(claims, abandonAt) === 1) break;
      const claim = Atomics.add(claims, claimAt, 1);
      if (claim >= chunkEnd) break;
      const chunk = order === null ? claim : order[claim]!;
      if (mine !== null) mine[chunk] = 1;
      const lo = Math.floor((size * chunk) / chunks);
      const hi = Math.floor((size * (chunk + 1)) / chunks);
      for (let s = 0; s < segmentCount; s++) {
        let start = segments[s * 4]!;
        let end = segments[s * 4 + 1]!;
        if (start === end) continue;
        const field = s & 1;
        const docs = docsOf[field]!;
        const tfs = tfsOf[field]!;
        const norms = normsOf[field]!;
        // The chunk's postings of the term: those of passages in [lo, hi), found by binary search (ascending ids).
        if (lo > 0) {
          let a = start;
          let b = end;
          while (a < b) {
            const mid = (a + b) >>> 1;
            if (docs[mid]! < lo) a = mid + 1;
            else b = mid;
          }
          start = a;
        }
        if (hi < size) {
          let a = start;
          let b = end;
          while (a < b) {
            const mid = (a + b) >>> 1;
            if (docs[mid]! < hi) a = mid + 1;
            else b = mid;
          }
          end = a;
        }
        const invDocFreq = segments[s * 4 + 2]!;
        const scale = segments[s * 4 + 3]!;
        const current = (s >> 1) + 1;
        const base = s * 4294967296;
        for (let p = start; p < end; p++) {
          const doc = docs[p]!;
          const termFreq = tfs[p]!;
          // MiniSearch's BM25+, operation for operation: norms[doc] is its k·(1 − b + b·length/average), the same double.
          const weightedScore = scale * (invDocFreq * (d + (termFreq * k1) / (termFreq + norms[doc]!)));
          const pending = stamp[doc]!;
          if (pending === current) {
            termScore[doc] = termScore[doc]! + weightedScore;
            continue;
          }
          // Starting from 0 is exact: 0 + x === x, as MiniSearch's taking the first term's score as is. A term's score
          // waits in termScore until a later term reaches the passage or the last term is done: per passage the terms
          // are still added in query order, without a second pass over the postings.
          if (pending === 0) {
            key[doc] = base + p;
            touched[reached++] = doc;
          } else {
            score[doc] = score[doc]! + termScore[doc]!;
          }
          stamp[doc] = current;
          termScore[doc] = weightedScore;
          matched[doc]!++;
        }
      }
    }
    if (!task.finish) {
      done = true;
      return reached;
    }
    if (abandonAt >= 0 && Atomics.load(claims, abandonAt) === 1) return 0;
    for (let i = 0; i < reached; i++) {
      const doc = touched[i]!;
      score[doc] = (score[doc]! + termScore[doc]!) * matched[doc]!;
    }
    // The best `limit` in a min-heap (root: the worst of them) kept in outDocs; `worse` is a lower score, or the same
    // score reached later. Chunks are claimed in any order, so a later-reached passage may come first here: ties are
    // compared by key, never assumed.
    const heap = task.outDocs;
    let n = 0;
    for (let i = 0; i < reached; i++) {
      const doc = touched[i]!;
      const sc = score[doc]!;
      const ky = key[doc]!;
      if (n === limit) {
        const root = heap[0]!;
        if (!(sc > score[root]! || (sc === score[root]! && ky < key[root]!))) continue;
        siftDown(heap, n, doc, score, key);
      } else {
        let j = n++;
        while (j > 0) {
          const parent = (j - 1) >> 1;
          const c = heap[parent]!;
          if (sc < score[c]! || (sc === score[c]! && ky > key[c]!)) {
            heap[j] = c;
            j = parent;
          } else break;
        }
        heap[j] = doc;
      }
    }
    // Heapsort: the worst goes to the end each time, so the array ends best first.
    for (let end = n - 1; end > 0; end--) {
      const doc = heap[end]!;
      heap[end] = heap[0]!;
      siftDown(heap, end, doc, score, key);
    }
    for (let i = 0; i < n; i++) {
      task.outScores[i] = score[heap[i]!]!;
      task.outKeys[i] = key[heap[i]!]!;
    }
    return n;
  } finally {
    // The scratch is left clean for the next search, unless this call only added a share of this one.
    if (!done) {
      for (let i = 0; i < reached; i++) {
        const doc = touched[i]!;
        score[doc] = 0;
        matched[doc] = 0;
        stamp[doc] = 0;
      }
    }
  }
}

/**
 * Puts `doc` at the root of the min-heap `heap[0, size)` (root: the worst; `worse` is a lower score, or the same score
 * with a higher key) and sifts it down to its place. A top-level function of its own, spliced into the worker's
 * source beside the kernel (WORKER_SOURCE), so that the selection and the heapsort share one sift-down.
 */
export function siftDown(heap: Float64Array, size: number, doc: number, score: Float64Array, key: Float64Array): void {
  const sc = score[doc]!;
  const ky = key[doc]!;
  let j = 0;
  for (;;) {
    const l = 2 * j + 1;
    if (l >= size) break;
    let w = l;
    const r = l + 1;
    if (r < size && (score[heap[r]!]! < score[heap[l]!]! || (score[heap[r]!]! === score[heap[l]!]! && key[heap[r]!]! > key[heap[l]!]!))) w = r;
    const c = heap[w]!;
    if (score[c]! < sc || (score[c]! === sc && key[c]! > ky)) {
      heap[j] = c;
      j = w;
    } else break;
  }
  heap[j] = doc;
}

/** Slots of the control words shared with the worker (an Int32Array). */
const SEQ = 0; // bumped by the caller for each task (the worker waits on it)
const STATE = 1; // IDLE, PENDING, RUNNING, FINISHED, CANCELLED
const CLAIMS = 2; // next chunk to claim
const SEGMENTS = 3; // the task's segment count
const LIMIT = 4;
const COUNT = 5; // the worker's result count
const CLOSED = 6; // 1: the worker returns
const HOLD = 7; // 1: the worker takes a task and then waits (tests: a worker that never answers)
const CHUNKS = 8;
const ABANDON = 9; // 1: the caller gave the worker's task up and scores its chunks itself
const CONTROL_WORDS = 10;

const IDLE = 0;
const PENDING = 1;
const RUNNING = 2;
const FINISHED = 3;
const CANCELLED = 4;

// Plain JavaScript run with { eval: true }, as checksums.ts does, so that the worker needs no TypeScript loader under
// tsx or vitest: the kernel, its sift-down and its scratch allocator are spliced in as their own source text (see bm25Kernel). `__name` is defined in case a
// transpiler wrapped a function in the kernel in its name-keeping helper. The worker blocks in Atomics.wait between
// tasks (a wake costs microseconds, an event-loop message more); terminate() interrupts that wait.
const WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
var __name = (target) => target;
const siftDown = (${siftDown.toString()});
const bm25Kernel = (${bm25Kernel.toString()});
const w = workerData;
const ctrl = w.ctrl;
const newKernelScratch = (${newKernelScratch.toString()});
const scratch = newKernelScratch(w.size);
for (;;) {
  // A task may have been handed over before this thread was up: look before waiting for the next one.
  const seen = Atomics.load(ctrl, ${SEQ});
  if (Atomics.load(ctrl, ${CLOSED}) === 1) break;
  if (Atomics.compareExchange(ctrl, ${STATE}, ${PENDING}, ${RUNNING}) !== ${PENDING}) {
    Atomics.wait(ctrl, ${SEQ}, seen);
    continue;
  }
  while (Atomics.load(ctrl, ${HOLD}) === 1 && Atomics.load(ctrl, ${CLOSED}) === 0) Atomics.wait(ctrl, ${HOLD}, 1);
  if (Atomics.load(ctrl, ${CLOSED}) === 1) break;
  const count = bm25Kernel({
    docs: w.docs, tfs: w.tfs, norms: w.norms, segments: w.segments, segmentCount: Atomics.load(ctrl, ${SEGMENTS}),
    size: w.size, k1: w.k1, d: w.d, chunks: Atomics.load(ctrl, ${CHUNKS}), chunkEnd: Atomics.load(ctrl, ${CHUNKS}), claims: ctrl, claimAt: ${CLAIMS},
    order: null, mine: null, abandonAt: ${ABANDON}, reached: 0, finish: true, limit: Atomics.load(ctrl, ${LIMIT}), scratch, outDocs: w.outDocs, outScores: w.outScores, outKeys: w.outKeys,
  });
  Atomics.store(ctrl, ${COUNT}, count);
  Atomics.store(ctrl, ${STATE}, ${FINISHED});
  Atomics.notify(ctrl, ${STATE});
}
`;

/** The postings a search reads, per field (text, title), and the constants of its scoring. */
export interface Bm25Postings {
  docs: readonly Uint32Array[];
  tfs: readonly Uint32Array[];
  norms: readonly Float64Array[];
  size: number;
  k1: number;
  d: number;
}

export interface ShardOptions {
  /** Below this many postings to read, a search runs on the calling thread alone. */
  minPostings?: number;
  /**
   * How long the calling thread waits for the worker after its own share before scoring the worker's chunks itself
   * (default: about one search's time, see BM25_WORKER_WAIT_CHUNKS); tests set it.
   */
  timeoutMs?: number;
  /** Chunks the passages are scored in (≥ 2 to share the work). */
  chunks?: number;
  /**
   * Tests: the calling thread waits (up to the timeout) until the worker has claimed a chunk before claiming its own,
   * so that the worker's share and the merge are certainly exercised.
   */
  workerFirst?: boolean;
}

/** How the searches of an index went (tests and profiling read it). */
export interface ShardStats {
  /** On the calling thread alone: below the threshold, no worker, or the worker still busy. */
  alone: number;
  /** Both threads' shares merged. */
  merged: number;
  /** The worker had not taken the task when the calling thread was done: it did everything. */
  cancelled: number;
  /** The worker did not answer in time: the calling thread scored the worker's chunks too. */
  timedOut: number;
}

/** A search's best passages, best first, with their scores. */
export interface RankedDocs {
  docs: number[];
  scores: number[];
}

interface WorkerLink {
  worker: Worker;
  ctrl: Int32Array;
  segments: Float64Array;
  outDocs: Float64Array;
  outScores: Float64Array;
  outKeys: Float64Array;
}

/**
 * BM25 search of one index on the calling thread and, when it pays, one long-lived worker thread at once, both
 * reading the same postings: the index's stored form was read into a SharedArrayBuffer (open.ts), so the worker gets
 * views of it and memory does not double. The passages are scored in chunks by id that each thread claims in turn
 * (a thread slowed by the shared machine simply claims fewer); each returns its best, and the two lists are merged.
 * The API stays synchronous: the task goes to the worker through shared control words and Atomics.notify, and the
 * calling thread waits (bounded) for the worker's share after scoring its own. A worker that is missing, failed, or
 * does not answer in time never fails a search: the calling thread then scores everything itself.
 */
export class Bm25Shards {
  private readonly scratch: KernelScratch;
  private readonly claims = new Int32Array(1);
  private link: WorkerLink | null = null;
  /** Whether a worker may (still) be started: the postings are shared, and none failed or was closed. */
  private canShare: boolean;
  private closed = false;
  private readonly said = new Set<string>();
  readonly minPostings: number;
  private readonly timeoutMs: number | undefined;
  private readonly chunks: number;
  private readonly workerFirst: boolean;
  readonly stats: ShardStats = { alone: 0, merged: 0, cancelled: 0, timedOut: 0 };

  constructor(
    private readonly postings: Bm25Postings,
    options: ShardOptions = {},
  ) {
    this.scratch = newKernelScratch(postings.size);
    this.minPostings = options.minPostings ?? BM25_PARALLEL_MIN_POSTINGS;
    this.timeoutMs = options.timeoutMs;
    this.chunks = Math.max(2, Math.floor(options.chunks ?? BM25_CHUNKS));
    this.workerFirst = options.workerFirst ?? false;
    const shared = (a: ArrayBufferView) => a.buffer instanceof SharedArrayBuffer;
    this.canShare = [...postings.docs, ...postings.tfs, ...postings.norms].every(shared) && typeof Atomics.wait === 'function';
  }

  /** Whether searches may use the worker (postings in shared memory, not closed, no failed worker). */
  get parallel(): boolean {
    return this.canShare && !this.closed;
  }

  /**
   * The best `limit` passages for the query's `segmentCount` segments (see SEGMENT_WIDTH), best first, reading
   * `postings` postings in all.
   */
  search(segments: Float64Array, segmentCount: number, limit: number, postings: number): RankedDocs {
    const link = postings >= this.minPostings && segmentCount <= 2 * BM25_WORKER_MAX_TERMS && limit <= BM25_WORKER_MAX_RESULTS ? this.worker() : null;
    if (link === null || Atomics.load(link.ctrl, STATE) === RUNNING) {
      this.stats.alone++;
      return this.alone(segments, segmentCount, limit);
    }
    const { ctrl } = link;
    link.segments.set(segments.subarray(0, segmentCount * SEGMENT_WIDTH));
    Atomics.store(ctrl, SEGMENTS, segmentCount);
    Atomics.store(ctrl, LIMIT, limit);
    Atomics.store(ctrl, CHUNKS, this.chunks);
    Atomics.store(ctrl, CLAIMS, 0);
    Atomics.store(ctrl, ABANDON, 0);
    Atomics.store(ctrl, STATE, PENDING);
    Atomics.add(ctrl, SEQ, 1);
    Atomics.notify(ctrl, SEQ);
    if (this.workerFirst) this.awaitFirstClaim(ctrl);
    const started = performance.now();
    const mine = new Uint8Array(this.chunks);
    const reached = this.share(link.segments, segmentCount, ctrl, CLAIMS, this.chunks, null, mine, 0, false, limit) as number;
    // A worker that has not woken up yet gets nothing to do: this thread took every chunk.
    if (Atomics.compareExchange(ctrl, STATE, PENDING, CANCELLED) === PENDING) {
      this.stats.cancelled++;
      return this.finish(link.segments, segmentCount, reached, limit);
    }
    // The worker's last chunk should end about when this thread's did; a worker slowed by the shared machine (or
    // stuck, or dead) is waited for about one search's time at most: its chunks are then scored here instead.
    let mineCount = 0;
    for (const m of mine) mineCount += m;
    const chunkMs = (performance.now() - started) / Math.max(1, mineCount);
    if (!this.awaitWorker(ctrl, this.timeoutMs ?? Math.max(BM25_WORKER_MIN_WAIT_MS, BM25_WORKER_WAIT_CHUNKS * chunkMs))) {
      Atomics.store(ctrl, ABANDON, 1);
      this.stats.timedOut++;
      // Usual on a loaded machine, so said once per index and not as a warning; a worker that stays stuck keeps
      // later searches on this thread (it is RUNNING), and one that died is reported by its exit.
      this.degraded('the BM25 worker was slower than this thread; its chunks were scored here', undefined, 'info');
      const theirs = Int32Array.from(mine.keys()).filter((chunk) => mine[chunk] === 0);
      const local = new Int32Array(1);
      const all = this.share(link.segments, segmentCount, local, 0, theirs.length, theirs, null, reached, false, limit) as number;
      return this.finish(link.segments, segmentCount, all, limit);
    }
    const count = Atomics.load(ctrl, COUNT);
    Atomics.store(ctrl, STATE, IDLE);
    this.stats.merged++;
    const theirs = withKeys({ docs: link.outDocs, scores: link.outScores, keys: link.outKeys }, count);
    return mergeRanked(this.finish(link.segments, segmentCount, reached, limit), theirs, limit);
  }

  /**
   * Stops the worker (an index being closed or replaced); resolves once its thread is gone. Searches go on, on the
   * calling thread.
   */
  close(): Promise<void> {
    this.closed = true;
    return this.stopWorker();
  }

  /** Tests: the worker takes the next task and then does not answer until released (held = false). */
  holdWorker(held: boolean): void {
    if (this.link === null) return;
    Atomics.store(this.link.ctrl, HOLD, held ? 1 : 0);
    Atomics.notify(this.link.ctrl, HOLD);
  }

  /** Tests: the worker thread, once started. */
  get workerThread(): Worker | null {
    return this.link?.worker ?? null;
  }

  /**
   * The worker, started on first need. It need not be running yet: a task it has not taken when this thread is done
   * is cancelled (this thread took every chunk), so a search never waits for a worker to start.
   */
  private worker(): WorkerLink | null {
    if (!this.parallel) return null;
    if (this.link !== null) return this.link;
    const { docs, tfs, norms, size, k1, d } = this.postings;
    const ctrl = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
    const f64 = (length: number) => new Float64Array(new SharedArrayBuffer(length * 8));
    const segments = f64(2 * BM25_WORKER_MAX_TERMS * SEGMENT_WIDTH);
    const [outDocs, outScores, outKeys] = [f64(BM25_WORKER_MAX_RESULTS), f64(BM25_WORKER_MAX_RESULTS), f64(BM25_WORKER_MAX_RESULTS)];
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ctrl, segments, outDocs, outScores, outKeys, docs, tfs, norms, size, k1, d } });
    } catch (error) {
      // A sandbox without threads, or no resources for one: one thread, as before.
      this.canShare = false;
      this.degraded('the BM25 worker could not be started; searching on one thread', error);
      return null;
    }
    // The worker never keeps a process alive that has nothing else to do.
    worker.unref();
    worker.on('error', (error) => {
      if (this.link?.worker !== worker) return;
      this.canShare = false;
      void this.stopWorker();
      this.degraded('the BM25 worker failed; searching on one thread', error);
    });
    worker.once('exit', (code) => {
      if (this.link?.worker !== worker) return;
      this.link = null;
      this.canShare = false;
      this.degraded(`the BM25 worker exited (code ${code}); searching on one thread`);
    });
    this.link = { worker, ctrl, segments, outDocs, outScores, outKeys };
    return this.link;
  }

  private stopWorker(): Promise<void> {
    const link = this.link;
    if (link === null) return Promise.resolve();
    this.link = null;
    Atomics.store(link.ctrl, CLOSED, 1);
    Atomics.add(link.ctrl, SEQ, 1);
    Atomics.notify(link.ctrl, SEQ);
    Atomics.notify(link.ctrl, HOLD);
    return link.worker.terminate().then(
      () => undefined,
      () => undefined,
    );
  }

  /** Waits for the worker's share; false when it does not come within the timeout. */
  private awaitWorker(ctrl: Int32Array, waitMs: number): boolean {
    const deadline = performance.now() + waitMs;
    for (;;) {
      const state = Atomics.load(ctrl, STATE);
      if (state === FINISHED) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(ctrl, STATE, state, left);
    }
  }

  /** Tests (workerFirst): until the worker claimed a chunk, or the timeout. */
  private awaitFirstClaim(ctrl: Int32Array): void {
    const deadline = performance.now() + (this.timeoutMs ?? 1000);
    while (Atomics.load(ctrl, CLAIMS) === 0 && performance.now() < deadline) Atomics.wait(ctrl, CLAIMS, 0, 1);
  }

  /** The whole search on this thread. */
  private alone(segments: Float64Array, segmentCount: number, limit: number): KeyedDocs {
    this.claims[0] = 0;
    return this.share(segments, segmentCount, this.claims, 0, 1, null, null, 0, true, limit) as KeyedDocs;
  }

  /** The best of the passages reached so far in this thread's scratch (which it leaves clean). */
  private finish(segments: Float64Array, segmentCount: number, reached: number, limit: number): KeyedDocs {
    const none = new Int32Array([1]);
    return this.share(segments, segmentCount, none, 0, 0, null, null, reached, true, limit) as KeyedDocs;
  }

  /** Runs the kernel on this thread over the chunks it claims: the passages reached, or (finish) its best. */
  private share(
    segments: Float64Array,
    segmentCount: number,
    claims: Int32Array,
    claimAt: number,
    chunkEnd: number,
    order: Int32Array | null,
    mine: Uint8Array | null,
    reached: number,
    finish: boolean,
    limit: number,
  ): number | KeyedDocs {
    const { docs, tfs, norms, size, k1, d } = this.postings;
    const out = { docs: new Float64Array(limit), scores: new Float64Array(limit), keys: new Float64Array(limit) };
    const chunks = order === null && chunkEnd === 1 ? 1 : this.chunks;
    const result = bm25Kernel({
      docs, tfs, norms, segments, segmentCount, size, k1, d, chunks, chunkEnd, claims, claimAt, order, mine, abandonAt: -1, reached, finish, limit,
      scratch: this.scratch, outDocs: out.docs, outScores: out.scores, outKeys: out.keys,
    });
    return finish ? withKeys(out, result) : result;
  }

  /** Logs a degradation once per kind and index. */
  private degraded(message: string, error?: unknown, level: 'warn' | 'info' = 'warn'): void {
    if (this.said.has(message)) return;
    this.said.add(message);
    log[level]({ err: error }, message);
  }
}

/** A thread's best passages, best first, with the first-reached key of each (the tie-break). */
export type KeyedDocs = RankedDocs & { keys: number[] };

/** The first `count` results a kernel wrote. */
export function withKeys(out: { docs: Float64Array; scores: Float64Array; keys: Float64Array }, count: number): KeyedDocs {
  return { docs: Array.from(out.docs.subarray(0, count)), scores: Array.from(out.scores.subarray(0, count)), keys: Array.from(out.keys.subarray(0, count)) };
}

/**
 * The best `limit` of two threads' lists, each best first: higher score, then lower first-reached key, which is the
 * order one thread reaching every passage would give (each list holds its thread's best `limit`, so the best
 * `limit` of both are among them).
 */
export function mergeRanked(a: KeyedDocs, b: KeyedDocs, limit: number): RankedDocs {
  const out: RankedDocs = { docs: [], scores: [] };
  let i = 0;
  let j = 0;
  while (out.docs.length < limit && (i < a.docs.length || j < b.docs.length)) {
    const takeA = j >= b.docs.length || (i < a.docs.length && (a.scores[i]! > b.scores[j]! || (a.scores[i] === b.scores[j] && a.keys[i]! < b.keys[j]!)));
    if (takeA) {
      out.docs.push(a.docs[i]!);
      out.scores.push(a.scores[i++]!);
    } else {
      out.docs.push(b.docs[j]!);
      out.scores.push(b.scores[j++]!);
    }
  }
  return out;
}
