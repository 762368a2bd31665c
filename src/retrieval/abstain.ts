/** When to say "the corpus holds no answer". Pure, unit-tested. */

/** A question with no letter or digit in any script cannot be answered. */
export function isEmptyQuestion(question: string): boolean {
  return !/[\p{L}\p{N}]/u.test(question);
}

/** Refuse under the threshold; NaN refuses too. The confidence comes from confidence.ts. */
export function shouldAbstain(confidence: number, threshold: number): boolean {
  return !(confidence >= threshold);
}
