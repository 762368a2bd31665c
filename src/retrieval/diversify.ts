/**
 * Result diversity: collapse passages that say the same thing, then order by maximal marginal relevance (MMR) so
 * that the top results are not three copies of one fact. Pure functions, unit-tested.
 */

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface Candidate {
  id: number;
  score: number;
  /** Content words of the passage. */
  terms: ReadonlySet<string>;
  /**
   * Language-independent fingerprint of what the passage states: glossary concept ids and years. Two passages in
   * different languages share no words but can share this (USSR + diplomatic relations + 1950).
   */
  facts?: ReadonlySet<string>;
}

/** Fingerprint entries that are years; a shared year is what makes two passages state the same fact. */
const YEAR = /^(19|20)\d\d$/;

/**
 * How far two passages state the same fact across languages: overlap of their fingerprints, counted only when they
 * share a year (without one, shared concepts only mean a shared topic).
 */
export function factSimilarity(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): number {
  if (a === undefined || b === undefined) return 0;
  for (const x of a) if (b.has(x) && YEAR.test(x)) return jaccard(a, b);
  return 0;
}

/** Above this word overlap two passages are taken to say the same thing; only the better one is kept. */
export const SAME_FACT_SIMILARITY = 0.6;
/** MMR trade-off: 1 = pure relevance, 0 = pure novelty. */
export const MMR_LAMBDA = 0.75;

export interface DiversifyOptions {
  lambda?: number;
  sameFact?: number;
  /** Stop after this many are chosen: the order of the first `limit` does not depend on the rest. */
  limit?: number;
}

/** A candidate still in play, with its highest overlap so far with any chosen candidate. */
interface Remaining {
  candidate: Candidate;
  wordOverlap: number;
  factOverlap: number;
}

/**
 * Greedy MMR over candidates (any order). Candidates too similar to an already chosen one are dropped.
 * Returns the chosen candidates in presentation order.
 *
 * Incremental: each remaining candidate keeps its maximum overlap with the chosen set, updated only against the
 * candidate just chosen, so a round costs one comparison per remaining candidate (n²/2 in all, not n³/6).
 */
export function diversify(candidates: Candidate[], options: DiversifyOptions = {}): Candidate[] {
  const lambda = options.lambda ?? MMR_LAMBDA;
  const sameFact = options.sameFact ?? SAME_FACT_SIMILARITY;
  const limit = options.limit ?? Infinity;
  let pool: Remaining[] = [...candidates]
    .sort((a, b) => b.score - a.score)
    .map((candidate) => ({ candidate, wordOverlap: 0, factOverlap: 0 }));
  const chosen: Candidate[] = [];
  while (pool.length > 0 && chosen.length < limit) {
    let bestIndex = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const r = pool[i]!;
      const value = lambda * r.candidate.score - (1 - lambda) * Math.max(r.wordOverlap, r.factOverlap);
      if (value > bestValue) {
        bestValue = value;
        bestIndex = i;
      }
    }
    if (bestIndex < 0) break;
    const picked = pool[bestIndex]!.candidate;
    chosen.push(picked);
    const next: Remaining[] = [];
    for (let i = 0; i < pool.length; i++) {
      if (i === bestIndex) continue;
      const r = pool[i]!;
      r.wordOverlap = Math.max(r.wordOverlap, jaccard(r.candidate.terms, picked.terms));
      // Only word overlap removes a passage outright; a shared fingerprint (a translation, a retelling) only
      // pushes it down, since fingerprints are coarse.
      if (r.wordOverlap > sameFact) continue;
      r.factOverlap = Math.max(r.factOverlap, factSimilarity(r.candidate.facts, picked.facts));
      next.push(r);
    }
    pool = next;
  }
  return chosen;
}
