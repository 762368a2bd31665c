import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazyRanking } from '../../src/retrieval/lazy-ranking.ts';

interface Item {
  id: number;
  key: number;
  bound: number;
}

// Few distinct keys, so that ties (broken by id) occur often; slack 0 makes bounds equal to keys.
const items = fc
  .array(fc.tuple(fc.constantFrom(0, 0.1, 0.25, 0.5, 0.5, 0.75, 1), fc.constantFrom(0, 0, 0.05, 0.3, Number.POSITIVE_INFINITY)), { maxLength: 30 })
  .map((rows) => rows.map<Item>(([key, slack], id) => ({ id, key, bound: key + slack })));

function ranking(xs: readonly Item[], reads: number[] = []): LazyRanking<Item> {
  return new LazyRanking(xs, {
    bound: (x) => x.bound,
    key: (x) => {
      reads.push(x.id);
      return x.key;
    },
    before: (a, b) => a.id - b.id,
  });
}

const sorted = (xs: readonly Item[]) => [...xs].sort((a, b) => b.key - a.key || a.id - b.id).map((x) => x.id);

describe('LazyRanking', () => {
  it('gives the order of a full sort, whatever the (valid) bounds', () => {
    fc.assert(
      fc.property(items, (xs) => {
        expect(ranking(xs).all().map((x) => x.id)).toEqual(sorted(xs));
      }),
      { numRuns: 500 },
    );
  });

  it('at(i) agrees with all(), asked in any order, and reads each key at most once', () => {
    fc.assert(
      fc.property(items, fc.array(fc.nat({ max: 35 }), { maxLength: 10 }), (xs, asked) => {
        const reads: number[] = [];
        const r = ranking(xs, reads);
        const full = sorted(xs);
        for (const i of asked) expect(r.at(i)?.id).toBe(full[i]);
        expect(new Set(reads).size).toBe(reads.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reads only the keys whose bound reaches the best key', () => {
    const xs: Item[] = [
      { id: 0, key: 0.5, bound: 0.9 },
      { id: 1, key: 0.8, bound: 0.8 },
      { id: 2, key: 0.6, bound: 0.7 },
      { id: 3, key: 0.1, bound: 0.2 },
    ];
    const reads: number[] = [];
    const r = ranking(xs, reads);
    expect(r.at(0)?.id).toBe(1);
    // 0 (bound 0.9) and 1 (bound 0.8) are read; 2's bound, 0.7, is below 0.8: it cannot come first.
    expect(reads).toEqual([0, 1]);
    expect(r.examinedCount).toBe(2);
    expect(r.at(1)?.id).toBe(2);
    expect(reads).toEqual([0, 1, 2]);
  });

  it('an empty list has no first item', () => {
    expect(ranking([]).at(0)).toBeUndefined();
  });
});
