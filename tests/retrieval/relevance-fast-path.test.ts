import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueryUnit } from '../../src/retrieval/query.ts';
import { coverage, termSetCoverage, unitPresence, unitsForBound, unitsWithin } from '../../src/retrieval/relevance.ts';

const term = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const termSet = fc.uniqueArray(term, { maxLength: 6 }).map((xs) => new Set(xs));
const unit = fc
  .array(fc.uniqueArray(term, { minLength: 1, maxLength: 3 }), { maxLength: 4 })
  .map<QueryUnit>((anchors) => ({ label: anchors.join('|'), conceptId: null, cyrillic: false, anchors }));
const unitsAndWeights = fc
  .array(fc.tuple(unit, fc.double({ min: 0.01, max: 5, noNaN: true })), { maxLength: 5 })
  .map((pairs) => ({ units: pairs.map(([u]) => u), weights: pairs.map(([, w]) => w) }));

describe('sentence coverage fast path', () => {
  it('termSetCoverage equals coverage of unitPresence, to the last bit', () => {
    fc.assert(
      fc.property(unitsAndWeights, termSet, ({ units, weights }, terms) => {
        expect(termSetCoverage(units, weights, terms)).toBe(coverage(units.map((u) => unitPresence(u, terms, terms)), weights));
      }),
    );
  });

  it('units pruned to a superset give every subset the same coverage', () => {
    fc.assert(
      fc.property(unitsAndWeights, termSet, termSet, ({ units, weights }, sentence, extra) => {
        const union = new Set([...sentence, ...extra]);
        expect(termSetCoverage(unitsWithin(units, union), weights, sentence)).toBe(termSetCoverage(units, weights, sentence));
      }),
    );
  });

  it('unitsForBound over the reported terms bounds the coverage of any set they report on', () => {
    fc.assert(
      fc.property(unitsAndWeights, termSet, termSet, ({ units, weights }, sentence, reported) => {
        // What a search given `reported` sees of a passage holding `sentence`: its terms among those searched.
        const seen = new Set([...sentence].filter((t) => reported.has(t)));
        expect(termSetCoverage(units, weights, sentence)).toBeLessThanOrEqual(termSetCoverage(unitsForBound(units, reported), weights, seen));
      }),
      { numRuns: 500 },
    );
  });

  it('unitsForBound counts a unit with an unsearched term as held', () => {
    const units = [
      { label: 'x', conceptId: null, cyrillic: false, anchors: [['a', 'z']] },
      { label: 'y', conceptId: null, cyrillic: false, anchors: [['b']] },
    ];
    expect(termSetCoverage(unitsForBound(units, new Set(['a', 'b'])), [1, 1], new Set())).toBe(0.5);
    expect(termSetCoverage(unitsForBound(units, new Set(['a', 'b', 'z'])), [1, 1], new Set())).toBe(0);
  });
});
