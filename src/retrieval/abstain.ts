/** When to say "the corpus holds no answer". Pure, unit-tested. */

/**
 * Default minimum relevance (0–1, see relevance.ts) of the best passage, lexical-only. Calibrated with
 * `npm run eval` on eval/eval-set.json and eval/paraphrase-set.json (128 questions): every answerable question
 * scored ≥ 0.557; all unanswerable ones but three (whose every known word is in the corpus: "population of Hanoi",
 * "Vietnam–US partnership", "Vietnam joined the WTO") scored ≤ 0.485. 0.50 sits in that gap, nearer its lower end,
 * because new wording lowers the relevance of answerable questions (more words the corpus lacks) more than that of
 * unanswerable ones, and because every answer shows its sources.
 */
export const DEFAULT_ABSTAIN_THRESHOLD = 0.5;

/** A question with no letter or digit in any script cannot be answered. */
export function isEmptyQuestion(question: string): boolean {
  return !/[\p{L}\p{N}]/u.test(question);
}

export function shouldAbstain(bestRelevance: number, threshold: number): boolean {
  return !(bestRelevance >= threshold);
}
