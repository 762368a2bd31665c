/**
 * Result diversity: collapse passages that say the same thing, then order by maximal marginal relevance (MMR) so
 * that the top results are not three copies of one fact. Pure functions, unit-tested.
 */
import { sortedFactSimilarity, sortedJaccard } from './term-bits.ts';

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface Candidate {
  id: number;
  /** May be computed on first read (see `bound`). */
  score: number;
  /**
   * Never below `score`, and known without computing it (default: the score itself). Diversification reads the
   * score only of the candidates whose bound could still win a round.
   */
  bound?: number;
  /** Content words of the passage. */
  terms: ReadonlySet<string>;
  /**
   * The same words as ascending distinct ids, one per word, when the caller has them (the sentence store's
   * vocabulary): two candidates that both have them are compared on them, with the same result and no string set.
   */
  termIds?: ArrayLike<number> | undefined;
  /**
   * Language-independent fingerprint of what the passage states: glossary concept ids and years. Two passages in
   * different languages share no words but can share this (USSR + diplomatic relations + 1950).
   */
  facts?: ReadonlySet<string>;
  /**
   * The same fingerprint as ascending distinct ids of the vocabulary `termIds` are in, when the caller has them, and
   * which ids are years: two candidates that both have them are compared on them, with the same result.
   */
  factIds?: FactIds | null | undefined;
}

export interface FactIds {
  readonly ids: ArrayLike<number>;
  readonly isYear: (id: number) => boolean;
}

/** Fingerprint entries that are years; a shared year is what makes two passages state the same fact. */
export const YEAR_FACT = /^(19|20)\d\d$/;

/**
 * How far two passages state the same fact across languages: overlap of their fingerprints, counted only when they
 * share a year (without one, shared concepts only mean a shared topic).
 */
export function factSimilarity(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): number {
  if (a === undefined || b === undefined) return 0;
  for (const year of yearsOf(a)) if (b.has(year)) return jaccard(a, b);
  return 0;
}

const years = new WeakMap<ReadonlySet<string>, readonly string[]>();

/** The years of a fingerprint, found once per set (fingerprints are not changed once made): a candidate is compared with every chosen one. */
function yearsOf(facts: ReadonlySet<string>): readonly string[] {
  let found = years.get(facts);
  if (found === undefined) {
    found = [...facts].filter((x) => YEAR_FACT.test(x));
    years.set(facts, found);
  }
  return found;
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
  /** Order among candidates of equal score (negative: `a` first); default: the order given. */
  tieBreak?: (a: Candidate, b: Candidate) => number;
}

/** A candidate still in play, with its highest overlap with the chosen candidates it has been compared with. */
interface Remaining {
  candidate: Candidate;
  /** Position in the input, the last tie-break. */
  index: number;
  wordOverlap: number;
  factOverlap: number;
  /** How many of the chosen candidates the overlaps cover (a prefix of the chosen list). */
  compared: number;
  out: boolean;
  /** The upper bound of its value when the current round began. */
  roundBound: number;
  /** The candidate's score once read; until then its bound. */
  score: number;
  scored: boolean;
  /** Its termIds, factIds and facts once read (null: it has none): each getter is read once, not once per comparison. */
  ids: ArrayLike<number> | null | undefined;
  factIds: FactIds | null | undefined;
  facts: ReadonlySet<string> | null | undefined;
}

/**
 * Greedy MMR over candidates (any order). Candidates too similar to an already chosen one are dropped.
 * Returns the chosen candidates in presentation order.
 *
 * Each round chooses the candidate of highest value, `lambda × score − (1 − lambda) × overlap` (overlap: its
 * highest similarity to the chosen ones), ties to the higher score, then `tieBreak`, then the input order: the
 * result of recomputing every value every round. But lazily: overlap only grows and the score is at most its bound,
 * so `lambda × bound − (1 − lambda) × overlap so far` bounds a value from above (floating point keeps this: both
 * products and the difference are monotone under rounding). A round looks at candidates from the highest such
 * bound down and stops at the first below the best value found, bringing a candidate's overlaps up to date only
 * when it is looked at, and reading its score only when that still leaves it a chance. A round then looks at a few
 * candidates, not the whole pool, and most scores are never computed.
 */
export function diversify(candidates: Candidate[], options: DiversifyOptions = {}): Candidate[] {
  const lambda = options.lambda ?? MMR_LAMBDA;
  const sameFact = options.sameFact ?? SAME_FACT_SIMILARITY;
  const limit = options.limit ?? Infinity;
  const tieBreak = options.tieBreak;
  // With lambda > 1 overlap would raise the value, with lambda < 0 a higher score would lower it: the bound would
  // not hold, and every candidate is looked at.
  const boundHolds = lambda >= 0 && lambda <= 1;
  const valueOf = (r: Remaining) => lambda * r.score - (1 - lambda) * Math.max(r.wordOverlap, r.factOverlap);
  const upperBound = (r: Remaining) => (!boundHolds ? Number.POSITIVE_INFINITY : r.scored || lambda > 0 ? valueOf(r) : -Math.max(r.wordOverlap, r.factOverlap));
  // `a` comes before `b` among equal values (both scored): the order of a scan by score.
  const first = (a: Remaining, b: Remaining) => a.score > b.score || (a.score === b.score && ((tieBreak?.(a.candidate, b.candidate) ?? 0) || a.index - b.index) < 0);
  const remaining: Remaining[] = candidates.map((candidate, index) => {
    const bound = candidate.bound;
    return { candidate, index, wordOverlap: 0, factOverlap: 0, compared: 0, out: false, roundBound: 0, score: bound ?? candidate.score, scored: bound === undefined, ids: undefined, factIds: undefined, facts: undefined };
  });
  const chosen: Remaining[] = [];
  // Sorted in place each round, by bound then input position (the order a stable sort of the input gives): no
  // arrays or pairs made per round.
  const pool = remaining.slice();
  while (chosen.length < limit) {
    let kept = 0;
    for (const r of pool) {
      if (r.out) continue;
      r.roundBound = upperBound(r);
      pool[kept++] = r;
    }
    pool.length = kept;
    pool.sort(byRoundBound);
    let best: Remaining | undefined;
    let bestValue = -Infinity;
    for (const r of pool) {
      const bound = r.roundBound;
      // Equal to the best may still come first (by score, then tie-break): only a lower bound stops the round.
      if (bound < bestValue) break;
      if (!catchUp(r, chosen, sameFact)) continue;
      if (upperBound(r) < bestValue) continue;
      if (!r.scored) {
        r.score = r.candidate.score;
        r.scored = true;
      }
      const value = valueOf(r);
      if (value > bestValue || (value === bestValue && best !== undefined && first(r, best))) {
        bestValue = value;
        best = r;
      }
    }
    if (best === undefined) break;
    best.out = true;
    chosen.push(best);
    options.rankScores?.push(lambda > 0 ? bestValue / lambda : best.score);
  }
  return chosen.map((r) => r.candidate);
}

/** Highest bound first, then input position (NaN between two infinite bounds counts as equal, as in a sort). */
function byRoundBound(a: Remaining, b: Remaining): number {
  return b.roundBound - a.roundBound || a.index - b.index;
}

/**
 * Compares a candidate with the chosen ones it has not been compared with yet. Returns false, and drops it, when
 * it says the same thing as one of them: only word overlap removes a passage outright; a shared fingerprint (a
 * translation, a retelling) only pushes it down, since fingerprints are coarse.
 */
function catchUp(r: Remaining, chosen: readonly Remaining[], sameFact: number): boolean {
  for (; r.compared < chosen.length; r.compared++) {
    const s = chosen[r.compared]!;
    const a = idsOf(r);
    const b = idsOf(s);
    r.wordOverlap = Math.max(r.wordOverlap, a !== null && b !== null ? sortedJaccard(a, b) : jaccard(r.candidate.terms, s.candidate.terms));
    if (r.wordOverlap > sameFact) {
      r.out = true;
      return false;
    }
    const fa = factIdsOf(r);
    const fb = factIdsOf(s);
    r.factOverlap = Math.max(r.factOverlap, fa !== null && fb !== null ? sortedFactSimilarity(fa.ids, fb.ids, fa.isYear) : factSimilarity(factsOf(r), factsOf(s)));
  }
  return true;
}

function idsOf(r: Remaining): ArrayLike<number> | null {
  if (r.ids === undefined) r.ids = r.candidate.termIds ?? null;
  return r.ids;
}

function factIdsOf(r: Remaining): FactIds | null {
  if (r.factIds === undefined) r.factIds = r.candidate.factIds ?? null;
  return r.factIds;
}

function factsOf(r: Remaining): ReadonlySet<string> | undefined {
  if (r.facts === undefined) r.facts = r.candidate.facts ?? null;
  return r.facts ?? undefined;
}
