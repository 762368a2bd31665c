import type { ConfidenceModel } from './confidence.ts';

/**
 * Written by `npm run -s eval -- --fit-confidence --write` on 2026-12-07, fitted on the tuning sets
 * (dev-set.json, eval-set.json, paraphrase-set.json); never on the blind ones. Weights follow CONFIDENCE_FEATURES:
 * relevance, sentence, unknownShare, unknownName, knownCoverage, typeMissing, typeAsked, focusMatched, conceptMatched, dense.
 */
export const FITTED_CONFIDENCE_MODEL: ConfidenceModel = {
  weights: [1.535, 1.439, -1.262, -0.734, 0.369, -0.295, -0.657, 0.198, 1.224, 0],
  bias: -1.497,
  threshold: 0.465,
};
