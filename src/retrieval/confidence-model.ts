import type { ConfidenceModel } from './confidence.ts';

/**
 * Written by `npm run -s eval -- --fit-confidence --write` on 2026-12-07, fitted on the tuning sets
 * (dev-set.json, eval-set.json, paraphrase-set.json); never on the blind ones. Weights follow CONFIDENCE_FEATURES:
 * relevance, sentence, unknownShare, unknownName, knownCoverage, typeMissing, typeAsked, focusMatched, dense.
 */
export const FITTED_CONFIDENCE_MODEL: ConfidenceModel = {
  weights: [1.628, 1.582, -1.383, -0.552, 0.531, -0.265, -0.626, 0.149, 0],
  bias: -0.599,
  threshold: 0.581,
};
