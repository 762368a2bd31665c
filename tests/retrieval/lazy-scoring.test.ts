import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractEvalQuestions, makeQuestions } from '../../src/bench/questions.ts';
import { synthesizePassages } from '../../src/bench/synthetic-corpus.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { buildInMemoryIndex } from '../../src/eval/in-memory-index.ts';
import { LexicalIndex } from '../../src/index/lexical-index.ts';
import { SentenceStore } from '../../src/index/sentence-store.ts';
import type { LoadedIndex, VectorStore } from '../../src/index/types.ts';
import { loadGlossary } from '../../src/retrieval/glossary.ts';
import { CANDIDATE_POOL, fusedOrder, retrieve, scoreCandidates, type RetrieveDeps } from '../../src/retrieval/retrieve.ts';
import { detectLanguage } from '../../src/text/language.ts';

/**
 * Candidates are scored lazily (a cheap upper bound first, the per-sentence analysis only when the order needs
 * it): answers must be exactly those of scoring every candidate, on the real corpus and on a synthetic one of the
 * bench's kind, keyword-only and hybrid, with and without the sentences stored at build time.
 */
let real: LoadedIndex;
let synthetic: LoadedIndex;
let evalQuestions: string[];
let benchQuestions: string[];
const glossary = loadGlossary();
const lexicalOnly: RetrieveDeps = { embedder: null, weights: { dense: 0, lexical: 1 }, abstainThreshold: 0, glossary };

beforeAll(async () => {
  real = await buildInMemoryIndex('corpus');
  const passages = synthesizePassages(real.passages, { count: 1500, seed: 11 });
  synthetic = { ...real, dir: '(synthetic)', passages, lexical: LexicalIndex.build(passages), sentences: SentenceStore.build(passages, undefined, glossary) };
  evalQuestions = extractEvalQuestions(JSON.parse(readFileSync('eval/eval-set.json', 'utf8')), detectLanguage).map((q) => q.text);
  benchQuestions = makeQuestions({ passages: real.passages, evalQuestions: extractEvalQuestions(JSON.parse(readFileSync('eval/eval-set.json', 'utf8')), detectLanguage), count: 60, seed: 3 }).map((q) => q.text);
}, 120_000);

/** A dense side with a fixed pseudo-random similarity per passage, so that fusion mixes both lists. */
function fakeDense(size: number): { embedder: Embedder; vectors: VectorStore } {
  const similarity = (label: number) => 0.7 + ((label * 7919) % 251) / 1000;
  return {
    embedder: {
      modelId: 'fake',
      dimension: 2,
      embedQueries: async (texts) => texts.map(() => new Float32Array([1, 0])),
      embedPassages: async (texts) => texts.map(() => new Float32Array([1, 0])),
      dispose: async () => {},
    },
    vectors: {
      dimension: 2,
      size,
      search: (_q, k) =>
        Array.from({ length: size }, (_, label) => ({ label, similarity: similarity(label) }))
          .sort((a, b) => b.similarity - a.similarity || a.label - b.label)
          .slice(0, k),
    },
  };
}

async function expectSameAnswers(index: LoadedIndex, questions: readonly string[], deps: RetrieveDeps): Promise<void> {
  for (const question of questions) {
    for (const request of [{ question, k: 5 }, { question, k: 3, offset: 3 }, { question, k: 10, lang: 'vi' as const }]) {
      const lazy = await retrieve(index, request, deps);
      const exhaustive = await retrieve(index, request, { ...deps, exhaustive: true });
      expect(lazy, question).toEqual(exhaustive);
    }
  }
}

async function expectBoundsHold(index: LoadedIndex, questions: readonly string[], deps: RetrieveDeps): Promise<number> {
  let tight = 0;
  for (const question of questions) {
    const { pool, ranking } = await scoreCandidates(index, { question }, deps);
    for (const s of pool) {
      expect(s.bound, question).toBeGreaterThanOrEqual(s.score);
      if (s.bound === s.score) tight++;
    }
    expect(ranking.all()).toEqual([...pool].sort(fusedOrder));
  }
  return tight;
}

describe('lazy candidate scoring', () => {
  it('never scores a candidate above its bound, and ranks as a full sort does', async () => {
    await expectBoundsHold(real, evalQuestions, lexicalOnly);
    // Tight somewhere: a bound that is always loose would save nothing.
    expect(await expectBoundsHold(synthetic, benchQuestions, lexicalOnly)).toBeGreaterThan(0);
  }, 120_000);

  it('answers the eval questions exactly as scoring every candidate does', async () => {
    await expectSameAnswers(real, evalQuestions, lexicalOnly);
  }, 120_000);

  it('answers the bench questions on a synthetic corpus exactly as scoring every candidate does', async () => {
    await expectSameAnswers(synthetic, benchQuestions, lexicalOnly);
  }, 120_000);

  it('is exact without stored sentences (analysed at question time)', async () => {
    await expectSameAnswers({ ...real, sentences: null }, evalQuestions.slice(0, 40), lexicalOnly);
  }, 120_000);

  it('is exact in hybrid mode, negative fusion weights included', async () => {
    const { embedder, vectors } = fakeDense(synthetic.passages.length);
    const index = { ...synthetic, vectors };
    await expectSameAnswers(index, benchQuestions.slice(0, 30), { ...lexicalOnly, embedder, weights: { dense: 0.6, lexical: 0.4 } });
    await expectSameAnswers(index, benchQuestions.slice(30, 40), { ...lexicalOnly, embedder, weights: { dense: 1, lexical: -0.2 } });
    await expectBoundsHold(index, benchQuestions, { ...lexicalOnly, embedder, weights: { dense: 0.6, lexical: 0.4 } });
  }, 120_000);

  it('the search’s best CANDIDATE_POOL are the first of its best twice as many (retrieval asks for the pool alone without a language filter)', async () => {
    let tiesAtTheCut = 0;
    for (const question of benchQuestions) {
      const { query } = await scoreCandidates(synthetic, { question }, lexicalOnly);
      const wide = synthetic.lexical.searchTerms(query.terms, 2 * CANDIDATE_POOL);
      expect(synthetic.lexical.searchTerms(query.terms, CANDIDATE_POOL), question).toEqual(wide.slice(0, CANDIDATE_POOL));
      if (wide.length > CANDIDATE_POOL && wide[CANDIDATE_POOL]!.score === wide[CANDIDATE_POOL - 1]!.score) tiesAtTheCut++;
    }
    // Not vacuous: equal scores straddle the cut, where only the tie order decides which passages are kept.
    expect(tiesAtTheCut).toBeGreaterThan(0);
  }, 120_000);

  it('with the fitted threshold, abstains on the same questions', async () => {
    const deps = { ...lexicalOnly, abstainThreshold: undefined };
    await expectSameAnswers(real, evalQuestions.slice(0, 40), deps);
  }, 120_000);
});
