import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { synthesizePassages } from '../../src/bench/synthetic-corpus.ts';
import { loadCorpus } from '../../src/corpus/loader.ts';
import type { Passage } from '../../src/domain.ts';
import { bm25Kernel, mergeRanked, newKernelScratch, withKeys, type KernelTask } from '../../src/index/bm25-shards.ts';
import { LexicalIndex, type LexicalHit, type WeightedTerm } from '../../src/index/lexical-index.ts';
import { splitIntoPassages } from '../../src/passages/chunker.ts';
import { loadGlossary } from '../../src/retrieval/glossary.ts';
import { analyzeQuery } from '../../src/retrieval/query.ts';
import { detectLanguage } from '../../src/text/language.ts';
import { indexTerms } from '../../src/text/tokenizer.ts';

/**
 * The BM25 search shared between the calling thread and a worker (bm25-shards.ts) must give exactly what one thread
 * gives: same passages, scores bit for bit, same order, ties included, whatever share of the chunks each thread
 * took. One thread's search is itself checked against MiniSearch (lexical-direct-scoring.test.ts).
 */
const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));
const EVAL_SETS = ['eval-set.json', 'paraphrase-set.json'].map((f) => fileURLToPath(new URL(`../../eval/${f}`, import.meta.url)));

let passages: Passage[];
let questions: WeightedTerm[][];
const opened: LexicalIndex[] = [];

beforeAll(async () => {
  passages = (await loadCorpus(CORPUS_DIR)).flatMap(splitIntoPassages);
  const glossary = loadGlossary();
  questions = EVAL_SETS.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { questions: { question: string }[] }).questions.map((q) => q.question)).map(
    (question) => analyzeQuery(question, glossary, { pairSyllables: detectLanguage(question) === 'vi' }).terms,
  );
});

afterEach(async () => {
  // No test leaves a thread behind: closing resolves once the worker is gone.
  await Promise.all(opened.splice(0).map((index) => index.close()));
});

/** The index as open.ts serves it: its stored form in memory a worker can share. */
function served(list: readonly Passage[]): LexicalIndex {
  const bytes = LexicalIndex.build(list).toBytes();
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  const index = LexicalIndex.fromBytes(shared, { verified: true });
  opened.push(index);
  return index;
}

/** Every search on two threads, the worker certainly taking a share (workerFirst). */
async function sharded(list: readonly Passage[], chunks = 8): Promise<LexicalIndex> {
  const index = served(list);
  await index.configureSearch({ minPostings: 0, workerFirst: true, timeoutMs: 60_000, chunks });
  return index;
}

function expectSameHits(actual: LexicalHit[], expected: LexicalHit[]): void {
  expect(actual.map((h) => h.label)).toEqual(expected.map((h) => h.label));
  actual.forEach((hit, i) => {
    expect(Object.is(hit.score, expected[i]!.score)).toBe(true);
    expect(hit.terms).toEqual(expected[i]!.terms);
    expect(hit.textTerms).toEqual(expected[i]!.textTerms);
  });
}

/** A passage with the given text, as an article of its own. */
function passageOf(base: Passage, text: string, i: number): Passage {
  return { ...base, id: `${base.id}-t${i}`, text, textHash: `t${i}-${text.length}`, meta: { ...base.meta, title: `Bài ${i % 3}` } };
}

describe('BM25 search on two threads', () => {
  it('gives the one-thread results for every eval question, glossary-expanded, at several corpus sizes and limits', async () => {
    for (const [size, seed] of [[3000, 11], [400, 3]] as const) {
      const many = synthesizePassages(passages, { count: size, seed });
      const alone = LexicalIndex.build(many);
      const both = await sharded(many);
      let searches = 0;
      for (const terms of questions) {
        for (const limit of [200, 17, 1]) {
          expectSameHits(both.searchTerms(terms, limit), alone.searchTerms(terms, limit));
          searches++;
        }
      }
      // Every one of them merged the worker's share with this thread's.
      expect(both.searchStats).toEqual({ alone: 0, merged: searches, cancelled: 0, timedOut: 0 });
    }
  });

  it('keeps ties in first-reached order across the two shares (the same passage text in both halves)', async () => {
    const base = passages[0]!;
    const texts = ['Nga và Việt Nam ký hiệp định dầu khí.', 'Hiệp định thương mại tự do được ký.', 'Nga Việt Nam hợp tác.'];
    // Each text at ids spread over every chunk: equal scores everywhere, broken only by the order reached.
    const list = Array.from({ length: 60 }, (_, i) => passageOf(base, texts[(i * 7) % 3]!, i));
    const alone = LexicalIndex.build(list);
    for (const chunks of [2, 3, 8, 64]) {
      const both = await sharded(list, chunks);
      for (const query of ['Nga Việt Nam', 'hiệp định ký', 'dầu khí Nga', 'thương mại hợp tác Nga']) {
        const terms = indexTerms(query).map((term) => ({ term, weight: 1 }));
        for (const limit of [1, 5, 20, 59, 60, 61, 1000]) {
          const expected = alone.searchTerms(terms, limit);
          // The case this test is for: equal scores among the hits.
          if (limit >= 20) expect(expected.some((h, i) => i > 0 && h.score === expected[i - 1]!.score)).toBe(true);
          expectSameHits(both.searchTerms(terms, limit), expected);
        }
      }
    }
  });

  it('finds terms whose postings lie in one half only, and corpora smaller than two chunks', async () => {
    const base = passages[0]!;
    const list = Array.from({ length: 40 }, (_, i) => passageOf(base, `Hà Nội Moskva hợp tác năm ${2000 + (i % 5)}.`, i));
    list[0] = passageOf(base, 'Zarubezhneft khai thác dầu ở Hà Nội.', 0);
    list[39] = passageOf(base, 'Rosatom xây điện hạt nhân Moskva.', 39);
    const alone = LexicalIndex.build(list);
    const both = await sharded(list);
    for (const query of ['zarubezhneft', 'rosatom', 'zarubezhneft rosatom', 'rosatom Hà Nội 2003', 'zarubezhneft Moskva']) {
      const terms = indexTerms(query).map((term) => ({ term, weight: 1 }));
      const expected = alone.searchTerms(terms, 10);
      expect(expected.length).toBeGreaterThan(0);
      expectSameHits(both.searchTerms(terms, 10), expected);
    }
    for (const size of [1, 2, 5]) {
      const small = list.slice(0, size);
      const smallAlone = LexicalIndex.build(small);
      const smallBoth = await sharded(small);
      for (const query of ['Hà Nội', 'zarubezhneft Moskva', 'năm 2001']) {
        const terms = indexTerms(query).map((term) => ({ term, weight: 1 }));
        for (const limit of [1, 3, 50]) expectSameHits(smallBoth.searchTerms(terms, limit), smallAlone.searchTerms(terms, limit));
      }
    }
  });

  it('searches on one thread and starts no worker below the postings threshold (the real corpus) or for an index built in memory', async () => {
    const index = served(passages);
    const alone = LexicalIndex.build(passages);
    for (const terms of questions.slice(0, 20)) {
      expectSameHits(index.searchTerms(terms, 50), alone.searchTerms(terms, 50));
    }
    expect(index.searchStats).toMatchObject({ alone: 20, merged: 0, cancelled: 0 });
    expect(index.searchShards.workerThread).toBeNull();
    const inMemory = LexicalIndex.build(passages);
    const shards = await inMemory.configureSearch({ minPostings: 0 });
    inMemory.searchTerms(questions[0]!, 50);
    expect(shards.parallel).toBe(false);
    expect(shards.workerThread).toBeNull();
  });
});

describe('BM25 search when the worker fails', () => {
  it('answers alone, the same, once the worker died', async () => {
    const many = synthesizePassages(passages, { count: 500, seed: 5 });
    const alone = LexicalIndex.build(many);
    const index = await sharded(many);
    expectSameHits(index.searchTerms(questions[0]!, 50), alone.searchTerms(questions[0]!, 50));
    const shards = await index.configureSearch({ minPostings: 0, timeoutMs: 60_000 });
    index.searchTerms(questions[1]!, 50);
    const worker = shards.workerThread!;
    const exited = once(worker, 'exit');
    await worker.terminate();
    await exited;
    for (const terms of questions.slice(0, 10)) expectSameHits(index.searchTerms(terms, 50), alone.searchTerms(terms, 50));
    expect(shards.workerThread).toBeNull();
    expect(shards.parallel).toBe(false);
  });

  it('answers alone, the same, without hanging, when the worker takes a task and never answers; uses it again once it does', async () => {
    const many = synthesizePassages(passages, { count: 500, seed: 6 });
    const alone = LexicalIndex.build(many);
    const index = served(many);
    const shards = await index.configureSearch({ minPostings: 0, workerFirst: true, timeoutMs: 50 });
    // The first search starts the worker; wait for it to take part (a merged search leaves it idle).
    await vi.waitFor(
      () => {
        index.searchTerms(questions[0]!, 50);
        expect(shards.stats.merged).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 20 },
    );
    const { timedOut, alone: aloneBefore } = shards.stats;
    shards.holdWorker(true);
    expectSameHits(index.searchTerms(questions[1]!, 50), alone.searchTerms(questions[1]!, 50));
    expect(shards.stats.timedOut).toBe(timedOut + 1);
    // While it holds the task, searches do not wait for it again.
    expectSameHits(index.searchTerms(questions[2]!, 50), alone.searchTerms(questions[2]!, 50));
    expect(shards.stats.timedOut).toBe(timedOut + 1);
    expect(shards.stats.alone).toBe(aloneBefore + 1);
    shards.holdWorker(false);
    const merged = shards.stats.merged;
    await vi.waitFor(
      () => {
        expectSameHits(index.searchTerms(questions[3]!, 50), alone.searchTerms(questions[3]!, 50));
        expect(shards.stats.merged).toBeGreaterThan(merged);
      },
      { timeout: 30_000, interval: 20 },
    );
  });

  it('stops the worker when the index is closed, and still answers', async () => {
    const many = synthesizePassages(passages, { count: 300, seed: 8 });
    const alone = LexicalIndex.build(many);
    const index = served(many);
    const shards = await index.configureSearch({ minPostings: 0, workerFirst: true, timeoutMs: 60_000 });
    index.searchTerms(questions[0]!, 50);
    const worker = shards.workerThread!;
    const exited = once(worker, 'exit');
    await index.close();
    await exited;
    expect(shards.workerThread).toBeNull();
    expectSameHits(index.searchTerms(questions[4]!, 50), alone.searchTerms(questions[4]!, 50));
    expect(index.searchStats?.alone).toBeGreaterThan(0);
  });
});

describe('the scoring kernel split by hand', () => {
  /** Two terms over six passages (text field only), every passage scoring the same for term 0. */
  function task(chunks: number, claims: Int32Array, chunkEnd: number, limit: number): KernelTask & { outDocs: Float64Array } {
    const size = 6;
    const u32 = (values: number[]) => Uint32Array.from(values);
    return {
      docs: [u32([0, 1, 2, 3, 4, 5, 1, 4]), u32([])],
      tfs: [u32([1, 1, 1, 1, 1, 1, 2, 2]), u32([])],
      norms: [Float64Array.from({ length: size }, () => 1.2), Float64Array.from({ length: size }, () => 1.2)],
      segments: Float64Array.from([0, 6, 0.3, 1, 0, 0, 0.3, 0.4, 6, 8, 1.1, 1, 0, 0, 1.1, 0.4]),
      segmentCount: 4,
      size,
      k1: 2.2,
      d: 0.5,
      chunks,
      chunkEnd,
      claims,
      claimAt: 0,
      order: null,
      mine: null,
      abandonAt: -1,
      reached: 0,
      finish: true,
      limit,
      scratch: newKernelScratch(size),
      outDocs: new Float64Array(limit),
      outScores: new Float64Array(limit),
      outKeys: new Float64Array(limit),
    };
  }

  it('gives the whole ranking from any split of the chunks, merged', () => {
    for (const limit of [1, 3, 6]) {
      const whole = task(1, new Int32Array(1), 1, limit);
      const expected = withKeys({ docs: whole.outDocs, scores: whole.outScores, keys: whole.outKeys }, bm25Kernel(whole));
      // Passages 1 and 4 hold both terms; the four others tie, in passage order.
      expect(expected.docs).toEqual([1, 4, 0, 2, 3, 5].slice(0, limit));
      for (const chunks of [2, 3, 6, 9]) {
        for (let split = 0; split <= chunks; split++) {
          const first = task(chunks, new Int32Array([0]), split, limit);
          const second = task(chunks, new Int32Array([split]), chunks, limit);
          const a = withKeys({ docs: first.outDocs, scores: first.outScores, keys: first.outKeys }, bm25Kernel(first));
          const b = withKeys({ docs: second.outDocs, scores: second.outScores, keys: second.outKeys }, bm25Kernel(second));
          for (const merged of [mergeRanked(a, b, limit), mergeRanked(b, a, limit)]) {
            expect(merged.docs).toEqual(expected.docs);
            expect(merged.scores.every((s, i) => Object.is(s, expected.scores[i]))).toBe(true);
          }
          // A thread that scores its chunks, then (the worker's given up) the others in any order, alone.
          const mine = new Uint8Array(chunks);
          const own = task(chunks, new Int32Array([0]), split, limit);
          const reached = bm25Kernel({ ...own, mine, finish: false });
          const others = Int32Array.from(mine.keys()).filter((c) => mine[c] === 0).reverse();
          const rest = { ...own, claims: new Int32Array(1), chunkEnd: others.length, order: others, reached, finish: true };
          const both = withKeys({ docs: rest.outDocs, scores: rest.outScores, keys: rest.outKeys }, bm25Kernel(rest));
          expect(both.docs).toEqual(expected.docs);
          expect(both.scores.every((s, i) => Object.is(s, expected.scores[i]))).toBe(true);
        }
      }
    }
  });
});
