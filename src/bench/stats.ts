/** Summaries of timing samples. Percentiles interpolate linearly between order statistics (numpy's default). */

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** The p-th percentile (0–100) of samples that are already sorted ascending. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  const position = ((sorted.length - 1) * p) / 100;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

export function percentile(samples: readonly number[], p: number): number {
  return percentileOfSorted([...samples].sort((a, b) => a - b), p);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, x) => total + x, 0);
  return {
    count: sorted.length,
    min: percentileOfSorted(sorted, 0),
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    max: percentileOfSorted(sorted, 100),
    mean: sum / sorted.length,
  };
}

/** Share of the exact top-k that the approximate search also returned, averaged over queries (recall@k). */
export function recallAtK(exact: readonly (readonly number[])[], approximate: readonly (readonly number[])[]): number {
  if (exact.length !== approximate.length) throw new RangeError('exact and approximate result lists differ in length');
  if (exact.length === 0) throw new RangeError('recall of no queries');
  let found = 0;
  let wanted = 0;
  exact.forEach((truth, i) => {
    const got = new Set(approximate[i]);
    wanted += truth.length;
    found += truth.filter((label) => got.has(label)).length;
  });
  return wanted === 0 ? 1 : found / wanted;
}
