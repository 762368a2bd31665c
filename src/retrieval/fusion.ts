/** Score fusion: pure functions, unit-tested. */

/**
 * Each score relative to the best of its own group (e.g. its language), negatives clamped to 0: the best of a group
 * becomes 1; a group whose best is not positive gives 0.
 */
export function normalizeByMaxWithin<G>(scores: number[], groups: readonly G[]): number[] {
  const max = new Map<G, number>();
  scores.forEach((s, i) => max.set(groups[i]!, Math.max(max.get(groups[i]!) ?? 0, s)));
  return scores.map((s, i) => {
    const best = max.get(groups[i]!)!;
    return best > 0 ? Math.max(0, s) / best : 0;
  });
}

/** Cosine similarity −1…1 → 0–1 between a floor (unrelated) and a ceiling (near-paraphrase). */
export function calibrateSimilarity(similarity: number, floor: number, ceiling: number): number {
  if (ceiling <= floor) return similarity >= ceiling ? 1 : 0;
  return Math.min(1, Math.max(0, (similarity - floor) / (ceiling - floor)));
}

export interface FusionWeights {
  dense: number;
  lexical: number;
}

/** Weighted mean of two 0–1 scores. With both weights 0 the lexical score alone is used. */
export function fuseScores(dense: number, lexical: number, weights: FusionWeights): number {
  const total = weights.dense + weights.lexical;
  if (total <= 0) return lexical;
  return (weights.dense * dense + weights.lexical * lexical) / total;
}

/**
 * Lexical ranking score: BM25 (relative to the best hit) blended with calibrated coverage. Coverage counts
 * concepts whatever the language they are written in, whereas BM25 also rewards the asker's own words, which only
 * same-language passages contain; so BM25 mostly breaks ties.
 */
export const BM25_SHARE = 0.2;

/**
 * Of the coverage part, this share goes to the best single sentence: a passage that answers in one sentence beats
 * a long one whose words are scattered over unrelated sentences.
 */
export const SENTENCE_SHARE = 0.5;

export function lexicalScore(bm25Normalized: number, coverage: number, sentenceCoverage: number): number {
  const focused = (1 - SENTENCE_SHARE) * coverage + SENTENCE_SHARE * sentenceCoverage;
  return BM25_SHARE * bm25Normalized + (1 - BM25_SHARE) * focused;
}
