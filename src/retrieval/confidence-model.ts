import type { ConfidenceModel } from './confidence.ts';

/**
 * Written by `npm run -s eval -- --fit-confidence --write` on 2026-12-07, fitted on the tuning sets
 * (dev-set.json, eval-set.json, paraphrase-set.json); never on the blind ones. Weights follow CONFIDENCE_FEATURES:
 * relevance, sentence, unknownShare, unknownName, knownCoverage, typeMissing, typeAsked, focusMatched, dense.
 */
export const FITTED_CONFIDENCE_MODEL: ConfidenceModel = {
  weights: [1.642, 1.57, -1.444, -0.727, 0.452, -0.275, -0.581, 0.152, 0],
  bias: -0.546,
  threshold: 0.423,
};
