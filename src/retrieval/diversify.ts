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
  let sharesYear = false;
  for (const x of a) if (YEAR.test(x) && b.has(x)) sharesYear = true;
  return sharesYear ? jaccard(a, b) : 0;
}

/** Above this word overlap two passages are taken to say the same thing; only the better one is kept. */
export const SAME_FACT_SIMILARITY = 0.6;
/** MMR trade-off: 1 = pure relevance, 0 = pure novelty. */
export const MMR_LAMBDA = 0.75;

/**
 * Greedy MMR over candidates (any order). Candidates too similar to an already chosen one are dropped.
 * Returns the chosen candidates in presentation order.
 */
export function diversify(
  candidates: Candidate[],
  options: { lambda?: number; sameFact?: number } = {},
): Candidate[] {
  const lambda = options.lambda ?? MMR_LAMBDA;
  const sameFact = options.sameFact ?? SAME_FACT_SIMILARITY;
  const pool = [...candidates].sort((a, b) => b.score - a.score);
  const chosen: Candidate[] = [];
  while (pool.length > 0) {
    let bestIndex = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      const wordOverlap = chosen.length === 0 ? 0 : Math.max(...chosen.map((s) => jaccard(c.terms, s.terms)));
      // Only word overlap removes a passage outright; a shared fingerprint (a translation, a retelling) only
      // pushes it down, since fingerprints are coarse.
      if (wordOverlap > sameFact) {
        pool.splice(i, 1);
        i--;
        continue;
      }
      const factOverlap = chosen.length === 0 ? 0 : Math.max(...chosen.map((s) => factSimilarity(c.facts, s.facts)));
      const value = lambda * c.score - (1 - lambda) * Math.max(wordOverlap, factOverlap);
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
