import { describe, expect, it } from 'vitest';
import { median, percentile, percentileOfSorted, recallAtK, summarize } from '../../src/bench/stats.ts';

describe('percentiles', () => {
  it('interpolates linearly between order statistics', () => {
    // 1..5: position of p95 is 0.95·4 = 3.8 → 4 + 0.8·(5 − 4)
    expect(percentile([5, 1, 4, 2, 3], 95)).toBeCloseTo(4.8, 10);
    expect(percentile([10, 20], 50)).toBe(15);
    expect(percentile([10, 20, 30, 40], 25)).toBeCloseTo(17.5, 10);
  });

  it('gives the extremes at 0 and 100 and the middle value as median of an odd count', () => {
    expect(percentileOfSorted([1, 2, 9], 0)).toBe(1);
    expect(percentileOfSorted([1, 2, 9], 100)).toBe(9);
    expect(median([9, 1, 2])).toBe(2);
  });

  it('does not reorder its input', () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses empty samples and percentiles outside 0–100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('summarises count, extremes, p50, p95 and mean', () => {
    const s = summarize(Array.from({ length: 101 }, (_, i) => 100 - i));
    expect(s).toEqual({ count: 101, min: 0, p50: 50, p95: 95, max: 100, mean: 50 });
  });
});

describe('recall@k', () => {
  it('is the share of exact neighbours the approximate search found, over all queries', () => {
    const exact = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ];
    const approximate = [
      [4, 3, 2, 1],
      [5, 6, 9, 10],
    ];
    expect(recallAtK(exact, approximate)).toBe(6 / 8);
  });

  it('refuses lists of different lengths or no queries', () => {
    expect(() => recallAtK([[1]], [])).toThrow(RangeError);
    expect(() => recallAtK([], [])).toThrow(RangeError);
  });
});
