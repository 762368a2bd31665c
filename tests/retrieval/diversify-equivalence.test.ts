import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diversify, factSimilarity, jaccard, MMR_LAMBDA, SAME_FACT_SIMILARITY, type Candidate } from '../../src/retrieval/diversify.ts';

/** The straightforward MMR the incremental one replaced: every round recomputes every overlap with the chosen set. */
function referenceDiversify(candidates: Candidate[], lambda = MMR_LAMBDA, sameFact = SAME_FACT_SIMILARITY): Candidate[] {
  const pool = [...candidates].sort((a, b) => b.score - a.score);
  const chosen: Candidate[] = [];
  while (pool.length > 0) {
    let bestIndex = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      const word = chosen.length === 0 ? 0 : Math.max(...chosen.map((s) => jaccard(c.terms, s.terms)));
      if (word > sameFact) {
        pool.splice(i, 1);
        i--;
        continue;
      }
      const fact = chosen.length === 0 ? 0 : Math.max(...chosen.map((s) => factSimilarity(c.facts, s.facts)));
      const value = lambda * c.score - (1 - lambda) * Math.max(word, fact);
      if (value > bestValue) {
        bestValue = value;
        bestIndex = i;
      }
    }
    if (bestIndex < 0) break;
    chosen.push(pool.splice(bestIndex, 1)[0]!);
  }
  return chosen;
}

// Small vocabularies so that overlaps, near-duplicates, shared years and score ties all occur often.
const words = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const facts = fc.constantFrom('putin', 'treaty', 'trade', '1950', '1994', '2001');
const candidates = fc
  .array(
    fc.record({
      score: fc.constantFrom(0, 0.1, 0.3, 0.5, 0.5, 0.7, 0.9, 1),
      terms: fc.uniqueArray(words, { maxLength: 6 }),
      facts: fc.option(fc.uniqueArray(facts, { maxLength: 4 }), { nil: undefined }),
    }),
    { maxLength: 25 },
  )
  .map((rows) =>
    rows.map<Candidate>((r, id) => ({
      id,
      score: r.score,
      terms: new Set(r.terms),
      ...(r.facts === undefined ? {} : { facts: new Set(r.facts) }),
    })),
  );

describe('incremental diversification', () => {
  it('orders exactly as the recompute-everything MMR does', () => {
    fc.assert(
      fc.property(candidates, fc.constantFrom(0.5, 0.6, MMR_LAMBDA, 1), (cs, lambda) => {
        const ids = (xs: Candidate[]) => xs.map((c) => c.id);
        expect(ids(diversify(cs, { lambda }))).toEqual(ids(referenceDiversify(cs, lambda)));
      }),
      { numRuns: 300 },
    );
  });

  it('with a limit, returns the first `limit` of the full order', () => {
    fc.assert(
      fc.property(candidates, fc.nat({ max: 10 }), (cs, limit) => {
        const ids = (xs: Candidate[]) => xs.map((c) => c.id);
        expect(ids(diversify(cs, { limit }))).toEqual(ids(diversify(cs)).slice(0, limit));
      }),
      { numRuns: 200 },
    );
  });

  it('with bounds and scores read on demand, orders exactly as the reference', () => {
    const slack = fc.array(fc.constantFrom(0, 0, 0.05, 0.2, 1, Number.POSITIVE_INFINITY), { minLength: 25, maxLength: 25 });
    fc.assert(
      fc.property(candidates, slack, fc.constantFrom(0, 0.5, MMR_LAMBDA, 1, 1.5), fc.option(fc.nat({ max: 10 }), { nil: undefined }), (cs, extra, lambda, limit) => {
        const reads = new Set<number>();
        const lazy = cs.map<Candidate>((c, i) => ({
          ...c,
          get score() {
            reads.add(c.id);
            return c.score;
          },
          bound: c.score + extra[i]!,
        }));
        const ids = (xs: Candidate[]) => xs.map((c) => c.id);
        const expected = ids(referenceDiversify(cs, lambda));
        expect(ids(diversify(lazy, { lambda, ...(limit === undefined ? {} : { limit }) }))).toEqual(limit === undefined ? expected : expected.slice(0, limit));
      }),
      { numRuns: 500 },
    );
  });

  it('reads no score of a candidate whose bound cannot win, and breaks score ties with tieBreak', () => {
    const reads: number[] = [];
    const make = (id: number, score: number, bound: number, terms: string[]): Candidate => ({
      id,
      get score() {
        reads.push(id);
        return score;
      },
      bound,
      terms: new Set(terms),
    });
    const cs = [make(0, 0.9, 0.9, ['a']), make(1, 0.5, 0.6, ['b']), make(2, 0.2, 0.3, ['c']), make(3, 0.5, 0.5, ['d'])];
    // Round 1: 0 wins (0.75 × 0.9) before 1's bound (0.75 × 0.6) is looked at. Round 2: 1 and 3 tie at 0.5; the
    // tie-break puts 3 first; 2's bound stays below.
    expect(diversify(cs, { limit: 2, tieBreak: (a, b) => b.id - a.id }).map((c) => c.id)).toEqual([0, 3]);
    expect(new Set(reads)).toEqual(new Set([0, 1, 3]));
  });
});
