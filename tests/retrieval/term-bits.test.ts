import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diversify, factSimilarity, jaccard, type Candidate } from '../../src/retrieval/diversify.ts';
import type { QueryUnit } from '../../src/retrieval/query.ts';
import { holdsUnit, termSetCoverage, TITLE_ONLY_CREDIT, unitPresence } from '../../src/retrieval/relevance.ts';
import { compileTermUnits, compileUnits, holdsCompiledUnit, maskCoverage, maskPresence, sortedFactSimilarity, sortedJaccard, stringMask, termMask } from '../../src/retrieval/term-bits.ts';

/**
 * Sentences and passages of a stored index are scored and compared on term ids: every value must be the one the
 * string-set functions give, to the last bit, since ranking and the eval depend on exact ties.
 */

// A vocabulary of 40 terms (more than one 32-bit word of mask) and terms outside it ("zN").
const vocabulary = Array.from({ length: 40 }, (_, i) => `t${i}`);
const idOf = (term: string) => vocabulary.indexOf(term);
const term = fc.oneof(fc.constantFrom(...vocabulary), fc.constantFrom('z0', 'z1'));
const sentence = fc.uniqueArray(fc.constantFrom(...vocabulary), { maxLength: 30 });
const unit = fc
  .array(fc.uniqueArray(term, { maxLength: 3 }), { maxLength: 4 })
  .map<QueryUnit>((anchors) => ({ label: anchors.join('|'), conceptId: null, cyrillic: false, anchors }));
const unitsAndWeights = fc
  .array(fc.tuple(unit, fc.double({ min: 0.01, max: 5, noNaN: true })), { maxLength: 12 })
  .map((pairs) => ({ units: pairs.map(([u]) => u), weights: pairs.map(([, w]) => w) }));

/** diversify gives the same order and rank scores for the candidates with ids as for the plain ones. */
function expectSameDiversity(plain: Candidate[], withIds: Candidate[], limit: number): void {
  const plainScores: number[] = [];
  const idScores: number[] = [];
  const a = diversify(plain, { limit, rankScores: plainScores }).map((c) => c.id);
  const b = diversify(withIds, { limit, rankScores: idScores }).map((c) => c.id);
  expect(b).toEqual(a);
  expect(idScores).toEqual(plainScores);
}

describe('term bit masks', () => {
  it('maskCoverage of a sentence’s ids equals termSetCoverage of its terms, to the last bit', () => {
    fc.assert(
      fc.property(unitsAndWeights, sentence, ({ units, weights }, terms) => {
        const compiled = compileUnits(units, idOf);
        const mask = termMask(terms.map(idOf), compiled);
        expect(maskCoverage(compiled, weights, mask)).toBe(termSetCoverage(units, weights, new Set(terms)));
      }),
      { numRuns: 500 },
    );
  });

  it('holdsCompiledUnit equals holdsUnit for every unit, over a union of sentences', () => {
    fc.assert(
      fc.property(unitsAndWeights, fc.array(sentence, { maxLength: 4 }), ({ units }, sentences) => {
        const compiled = compileUnits(units, idOf);
        const union = new Int32Array(compiled.words);
        for (const s of sentences) termMask(s.map(idOf), compiled).forEach((w, i) => (union[i]! |= w));
        const terms = new Set(sentences.flat());
        units.forEach((u, i) => expect(holdsCompiledUnit(compiled, i, union)).toBe(holdsUnit(u, terms)));
      }),
      { numRuns: 500 },
    );
  });

  it('termMask sets the bits of the question’s ids only, large ids and ids equal modulo the filter’s size included', () => {
    const ids = new Map([['a', 5], ['b', 70_000], ['c', 5 + 32_768 * 3]]);
    const units: QueryUnit[] = [...ids.keys()].map((t) => ({ label: t, conceptId: null, cyrillic: false, anchors: [[t]] }));
    const compiled = compileUnits(units, (t) => ids.get(t) ?? -1);
    expect(maskCoverage(compiled, [1, 1, 1], termMask([5 + 32_768, 70_000 + 32_768, 70_000 - 1], compiled))).toBe(0);
    expect(maskCoverage(compiled, [1, 1, 1], termMask([5 + 32_768 * 3, 70_000, 6], compiled))).toBe(2 / 3);
    expect(maskCoverage(compiled, [1, 1, 1], termMask([5], compiled))).toBe(1 / 3);
  });

  it('spans several 32-bit words when the question has more than 32 terms', () => {
    const units: QueryUnit[] = vocabulary.map((t) => ({ label: t, conceptId: null, cyrillic: false, anchors: [[t]] }));
    const last: QueryUnit = { label: 'pair', conceptId: null, cyrillic: false, anchors: [['t39', 't0']] };
    const compiled = compileUnits([...units, last], idOf);
    expect(compiled.words).toBe(2);
    const weights = [...units, last].map(() => 1);
    const mask = termMask([idOf('t39'), idOf('t0')], compiled);
    // t0, t39 and the pair of both: 3 of 41 units.
    expect(maskCoverage(compiled, weights, mask)).toBe(3 / 41);
    expect(maskCoverage(compiled, weights, termMask([idOf('t39')], compiled))).toBe(1 / 41);
  });

  it('an anchor with a term outside the vocabulary is never held; an empty anchor always is', () => {
    const units: QueryUnit[] = [
      { label: 'a', conceptId: null, cyrillic: false, anchors: [['t1', 'z0']] },
      { label: 'b', conceptId: null, cyrillic: false, anchors: [[]] },
    ];
    const compiled = compileUnits(units, idOf);
    expect(maskCoverage(compiled, [1, 1], termMask([idOf('t1')], compiled))).toBe(0.5);
    expect(termSetCoverage(units, [1, 1], new Set(['t1']))).toBe(0.5);
  });
});

describe('sortedJaccard', () => {
  it('equals jaccard of the same sets given as ascending ids', () => {
    fc.assert(
      fc.property(sentence, sentence, (a, b) => {
        const ids = (xs: string[]) => Uint32Array.from(xs.map(idOf)).sort();
        expect(sortedJaccard(ids(a), ids(b))).toBe(jaccard(new Set(a), new Set(b)));
      }),
      { numRuns: 500 },
    );
  });

  it('diversify gives the same order and scores whether candidates carry term ids or not', () => {
    const candidate = fc.record({ score: fc.double({ min: 0, max: 1, noNaN: true }), terms: fc.uniqueArray(fc.constantFrom(...vocabulary.slice(0, 8)), { maxLength: 6 }) });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 12 }), fc.integer({ min: 1, max: 12 }), (cs, limit) => {
        const plain: Candidate[] = cs.map((c, id) => ({ id, score: c.score, terms: new Set(c.terms) }));
        expectSameDiversity(plain, plain.map((c, id) => ({ ...c, termIds: Uint32Array.from(cs[id]!.terms.map(idOf)).sort() })), limit);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sortedFactSimilarity', () => {
  // Fingerprints: concept ids and years; the years are what makes an overlap count.
  const facts = ['c0', 'c1', 'c2', 'c3', '1950', '2024', '2025'];
  const factId = (f: string) => facts.indexOf(f);
  const isYear = (id: number) => /^(19|20)\d\d$/u.test(facts[id]!);
  const fingerprint = fc.uniqueArray(fc.constantFrom(...facts), { maxLength: 6 });
  const ids = (xs: string[]) => Uint32Array.from(xs.map(factId)).sort();

  it('equals factSimilarity of the same sets given as ascending ids', () => {
    fc.assert(
      fc.property(fingerprint, fingerprint, (a, b) => {
        expect(sortedFactSimilarity(ids(a), ids(b), isYear)).toBe(factSimilarity(new Set(a), new Set(b)));
      }),
      { numRuns: 500 },
    );
    // Not vacuous: a shared year counts, shared concepts alone do not.
    expect(sortedFactSimilarity(ids(['c0', '2024']), ids(['c0', '2024', 'c1']), isYear)).toBe(2 / 3);
    expect(sortedFactSimilarity(ids(['c0', 'c1']), ids(['c0', 'c1']), isYear)).toBe(0);
  });

  it('diversify gives the same order and scores whether candidates carry fact ids or not', () => {
    const candidate = fc.record({
      score: fc.double({ min: 0, max: 1, noNaN: true }),
      terms: fc.uniqueArray(fc.constantFrom(...vocabulary.slice(0, 8)), { maxLength: 6 }),
      facts: fingerprint,
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 12 }), fc.integer({ min: 1, max: 12 }), (cs, limit) => {
        const plain: Candidate[] = cs.map((c, id) => ({ id, score: c.score, terms: new Set(c.terms), facts: new Set(c.facts) }));
        expectSameDiversity(plain, plain.map((c, id) => ({ ...c, factIds: { ids: ids(cs[id]!.facts), isYear } })), limit);
      }),
      { numRuns: 300 },
    );
  });
});

describe('masks of string term lists (a search hit’s matched terms)', () => {
  it('maskPresence equals unitPresence, and maskCoverage termSetCoverage, over the question’s own terms', () => {
    fc.assert(
      fc.property(unitsAndWeights, sentence, sentence, fc.boolean(), ({ units, weights }, text, title, withTitle) => {
        const all = withTitle ? [...new Set([...text, ...title])] : text;
        const { compiled, bitOfTerm } = compileTermUnits(units);
        const textMask = stringMask(text, bitOfTerm, compiled.words);
        const allMask = all.length === text.length ? null : stringMask(all, bitOfTerm, compiled.words);
        const textSet = new Set(text);
        const allSet = all.length === text.length ? textSet : new Set(all);
        expect(maskPresence(compiled, textMask, allMask)).toEqual(units.map((u) => unitPresence(u, textSet, allSet)));
        expect(maskCoverage(compiled, weights, textMask)).toBe(termSetCoverage(units, weights, textSet));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every anchor, terms of no vocabulary included; a term held only with the title earns the title credit', () => {
    const units: QueryUnit[] = [
      { label: 'a', conceptId: null, cyrillic: false, anchors: [['z0', 't1']] },
      { label: 'b', conceptId: null, cyrillic: false, anchors: [['t2']] },
      { label: 'c', conceptId: null, cyrillic: false, anchors: [['t3']] },
    ];
    const { compiled, bitOfTerm } = compileTermUnits(units);
    const text = stringMask(['t1', 'z0', 'other'], bitOfTerm, compiled.words);
    expect(maskPresence(compiled, text, stringMask(['t1', 'z0', 't2'], bitOfTerm, compiled.words))).toEqual([1, TITLE_ONLY_CREDIT, 0]);
    expect(maskPresence(compiled, text, null)).toEqual([1, 0, 0]);
  });
});
