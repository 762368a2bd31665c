import type { ConfidenceModel } from './confidence.ts';

/**
 * Written by `npm run -s eval -- --fit-confidence --write` on 2026-12-07, fitted on the tuning sets
 * (dev-b.json, dev-set.json, eval-set.json, paraphrase-set.json); never on the blind ones. Weights follow CONFIDENCE_FEATURES:
 * relevance, sentence, unknownShare, unknownName, knownCoverage, typeMissing, typeAsked, focusMatched, conceptMatched, dense.
 */
export const FITTED_CONFIDENCE_MODEL: ConfidenceModel = {
  weights: [1.385, 1.18, -1.373, -0.646, 0.208, 0.097, -0.929, 0.041, 1.098, 0],
  bias: -0.787,
  threshold: 0.46,
};
