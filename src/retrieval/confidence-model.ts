import type { ConfidenceModel } from './confidence.ts';

/**
 * Written by `npm run -s eval -- --fit-confidence --write` on 2026-12-07, fitted on the tuning sets
 * (dev-set.json, eval-set.json, paraphrase-set.json); never on the blind ones. Weights follow CONFIDENCE_FEATURES:
 * relevance, sentence, unknownShare, unknownName, knownCoverage, typeMissing, typeAsked, focusMatched, conceptMatched, dense.
 */
export const FITTED_CONFIDENCE_MODEL: ConfidenceModel = {
  weights: [1.55, 1.422, -1.235, -0.722, 0.329, -0.38, -0.648, 0.189, 1.226, 0],
  bias: -1.48,
  threshold: 0.464,
};
