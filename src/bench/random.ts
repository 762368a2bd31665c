import { mulberry32 } from '../embedding/synthetic/prng.ts';

/**
 * A small seeded pseudo-random generator, so that every synthetic corpus, vector set and question list the
 * benchmark makes is the same on every run and every machine: figures from two runs then differ only by speed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, bound). */
  int(bound: number): number;
  /** Standard normal (mean 0, variance 1). */
  gaussian(): number;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy; the input is left alone. */
  shuffled<T>(items: readonly T[]): T[];
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (bound: number): number => Math.floor(next() * bound);
  return {
    next,
    int,
    gaussian() {
      // Box–Muller; 1 − u keeps the logarithm's argument away from 0.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[int(items.length)] as T;
    },
    shuffled<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
}
