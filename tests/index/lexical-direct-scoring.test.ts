import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loader.ts';
import type { Passage } from '../../src/domain.ts';
import { synthesizePassages } from '../../src/bench/synthetic-corpus.ts';
import { LexicalIndex, type LexicalHit, type WeightedTerm } from '../../src/index/lexical-index.ts';
import { splitIntoPassages } from '../../src/passages/chunker.ts';
import { loadGlossary } from '../../src/retrieval/glossary.ts';
import { analyzeQuery } from '../../src/retrieval/query.ts';
import { detectLanguage } from '../../src/text/language.ts';
import { indexTerms } from '../../src/text/tokenizer.ts';
import { miniSearchReference } from './minisearch-reference.ts';

/**
 * searchTerms scores compact postings with MiniSearch's arithmetic; the index used MiniSearch's own search before.
 * Answers stay the same only if every hit, score (bit for bit), order and matched-term list is the same as
 * MiniSearch's, through the stored form as the bot loads it, and after an update from a previous index.
 */
const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));
const EVAL_SETS = ['eval-set.json', 'paraphrase-set.json'].map((f) => fileURLToPath(new URL(`../../eval/${f}`, import.meta.url)));

let index: LexicalIndex;
let updated: LexicalIndex;
let reference: ReturnType<typeof miniSearchReference>;
let vocabulary: string[];
let questions: string[];
let passages: Passage[];

beforeAll(async () => {
  passages = (await loadCorpus(CORPUS_DIR)).flatMap(splitIntoPassages);
  // As the bot loads it: through the stored form.
  index = LexicalIndex.fromBytes(LexicalIndex.build(passages).toBytes());
  // An update from an index of another passage list (the first half, and a passage that is gone) reuses terms.
  const half = passages.slice(0, Math.floor(passages.length / 2));
  const gone = { ...passages[0]!, text: 'A passage removed since.', textHash: 'gone' };
  updated = LexicalIndex.build(passages, { index: LexicalIndex.build([gone, ...half]), passages: [gone, ...half] });
  reference = miniSearchReference(passages);
  vocabulary = [...new Set(passages.flatMap((p) => [...indexTerms(p.text), ...indexTerms(p.meta.title)]))].sort();
  questions = EVAL_SETS.flatMap((file) => (JSON.parse(readFileSync(file, 'utf8')) as { questions: { question: string }[] }).questions.map((q) => q.question));
});

function expectSameHits(actual: LexicalHit[], expected: LexicalHit[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((hit, i) => {
    expect(hit.label).toBe(expected[i]!.label);
    expect(Object.is(hit.score, expected[i]!.score)).toBe(true);
    expect(hit.terms).toEqual(expected[i]!.terms);
    expect(hit.textTerms).toEqual(expected[i]!.textTerms);
  });
}

describe('BM25 over compact postings', () => {
  it('keeps the document frequencies of every term', () => {
    for (const term of vocabulary.slice(0, 500)) expect(updated.documentFrequency(term)).toBe(index.documentFrequency(term));
    expect(index.documentFrequency(vocabulary[0]!)).toBeGreaterThan(0);
  });

  it('gives MiniSearch search results for every eval question, glossary-expanded as retrieval does', () => {
    expect(questions.length).toBeGreaterThan(20);
    const glossary = loadGlossary();
    for (const question of questions) {
      const { terms } = analyzeQuery(question, glossary, { pairSyllables: detectLanguage(question) === 'vi' });
      for (const limit of [200, 5]) {
        expectSameHits(index.searchTerms(terms, limit), reference(terms, limit));
        expectSameHits(updated.searchTerms(terms, limit), reference(terms, limit));
      }
    }
  });

  it('gives MiniSearch search results for random weighted term lists, numeric terms and unknown words included', () => {
    const term = fc.oneof(
      fc.integer({ min: 0, max: vocabulary.length - 1 }).map((i) => vocabulary[i]!),
      fc.constantFrom('2025', '1950', '0', '12', 'zzzunknown', ''),
    );
    const weighted = fc.record({ term, weight: fc.constantFrom(1, 0.5, 0.35, 0.8, 0, 2) });
    fc.assert(
      fc.property(fc.array(weighted, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 120 }), (terms: WeightedTerm[], limit) => {
        expectSameHits(index.searchTerms(terms, limit), reference(terms, limit));
        expectSameHits(updated.searchTerms(terms, limit), reference(terms, limit));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps MiniSearch results where most passages match and only the best few hundred are kept (the heap and the matched-term walk)', () => {
    // Recombined passages, as the bench's scale points: every word is in a large share of them, ties are common.
    const many = synthesizePassages(passages, { count: 3000, seed: 11 });
    const big = LexicalIndex.fromBytes(LexicalIndex.build(many).toBytes());
    const bigReference = miniSearchReference(many);
    const glossary = loadGlossary();
    let truncated = 0;
    for (const question of questions.slice(0, 40)) {
      const { terms } = analyzeQuery(question, glossary, { pairSyllables: detectLanguage(question) === 'vi' });
      for (const limit of [200, 17]) {
        const expected = bigReference(terms, limit);
        expectSameHits(big.searchTerms(terms, limit), expected);
        if (expected.length === limit) truncated++;
      }
    }
    // The case this test is for: more matching passages than the limit.
    expect(truncated).toBeGreaterThan(40);
  });
});
