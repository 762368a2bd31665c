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
export const YEAR_FACT = /^(19|20)\d\d$/;

/**
 * How far two passages state the same fact across languages: overlap of their fingerprints, counted only when they
 * share a year (without one, shared concepts only mean a shared topic).
 */
export function factSimilarity(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): number {
  if (a === undefined || b === undefined) return 0;
  for (const x of a) if (b.has(x) && YEAR_FACT.test(x)) return jaccard(a, b);
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
  /**
   * Filled with each chosen candidate's MMR value divided by lambda, in presentation order: its score less its
   * overlap penalty, on the scale of the scores. Greedy MMR chooses values that never increase, so these are in
   * rank order; a front end that shows them shows the score that ranked.
   */
  rankScores?: number[];
}

/** A candidate still in play, with its highest overlap with the chosen candidates it has been compared with. */
interface Remaining {
  candidate: Candidate;
  wordOverlap: number;
  factOverlap: number;
  /** How many of the chosen candidates the overlaps cover (a prefix of the chosen list). */
  compared: number;
  out: boolean;
}

/**
 * Greedy MMR over candidates (any order). Candidates too similar to an already chosen one are dropped.
 * Returns the chosen candidates in presentation order.
 *
 * Same result as recomputing every overlap every round, but lazy: a candidate's overlaps are brought up to date
 * only when it is looked at, and since overlap can only lower a value below `lambda × score`, the scan in score
 * order stops as soon as that bound cannot beat the best value found. A round then looks at a few candidates, not
 * the whole pool.
 */
export function diversify(candidates: Candidate[], options: DiversifyOptions = {}): Candidate[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  return diversifyRanked((i) => sorted[i], options);
}

/**
 * `diversify` over candidates fetched one at a time, already in the order `diversify` sorts them (score
 * descending, ties in the order given): a round stops at the first candidate whose score cannot win, so the ones
 * after it are never asked for, and their scores (see LazyRanking) never computed.
 */
export function diversifyRanked(candidateAt: (i: number) => Candidate | undefined, options: DiversifyOptions = {}): Candidate[] {
  const lambda = options.lambda ?? MMR_LAMBDA;
  const sameFact = options.sameFact ?? SAME_FACT_SIMILARITY;
  const limit = options.limit ?? Infinity;
  // With lambda > 1 overlap would raise the value, and the bound would not hold.
  const boundHolds = lambda <= 1;
  const pool: Remaining[] = [];
  const remainingAt = (i: number): Remaining | undefined => {
    while (pool.length <= i) {
      const candidate = candidateAt(pool.length);
      if (candidate === undefined) return undefined;
      pool.push({ candidate, wordOverlap: 0, factOverlap: 0, compared: 0, out: false });
    }
    return pool[i];
  };
  const chosen: Candidate[] = [];
  while (chosen.length < limit) {
    let best: Remaining | undefined;
    let bestValue = -Infinity;
    for (let i = 0; ; i++) {
      const r = remainingAt(i);
      if (r === undefined) break;
      if (r.out) continue;
      if (boundHolds && lambda * r.candidate.score <= bestValue) break;
      if (!catchUp(r, chosen, sameFact)) continue;
      const value = lambda * r.candidate.score - (1 - lambda) * Math.max(r.wordOverlap, r.factOverlap);
      if (value > bestValue) {
        bestValue = value;
        best = r;
      }
    }
    if (best === undefined) break;
    best.out = true;
    chosen.push(best.candidate);
    options.rankScores?.push(lambda > 0 ? bestValue / lambda : best.candidate.score);
  }
  return chosen;
}

/**
 * Compares a candidate with the chosen ones it has not been compared with yet. Returns false, and drops it, when
 * it says the same thing as one of them: only word overlap removes a passage outright; a shared fingerprint (a
 * translation, a retelling) only pushes it down, since fingerprints are coarse.
 */
function catchUp(r: Remaining, chosen: readonly Candidate[], sameFact: number): boolean {
  for (; r.compared < chosen.length; r.compared++) {
    const s = chosen[r.compared]!;
    r.wordOverlap = Math.max(r.wordOverlap, jaccard(r.candidate.terms, s.terms));
    if (r.wordOverlap > sameFact) {
      r.out = true;
      return false;
    }
    r.factOverlap = Math.max(r.factOverlap, factSimilarity(r.candidate.facts, s.facts));
  }
  return true;
}
