/** When to say "the corpus holds no answer". Pure, unit-tested. */

/**
 * Default minimum relevance (0–1, see relevance.ts) of the best passage. Chosen from the evaluation set
 * (`npm run eval`): the midpoint of the gap between the relevance of answerable and unanswerable questions.
 */
export const DEFAULT_ABSTAIN_THRESHOLD = 0.5;

/** A question with no letter or digit in any script cannot be answered. */
export function isEmptyQuestion(question: string): boolean {
  return !/[\p{L}\p{N}]/u.test(question);
}

export function shouldAbstain(bestRelevance: number, threshold: number): boolean {
  return !(bestRelevance >= threshold);
}
