import type { ConfidenceModel } from './confidence.ts';

/** Placeholder until the first fit: relevance alone, with the earlier relevance threshold's meaning. */
export const FITTED_CONFIDENCE_MODEL: ConfidenceModel = {
  weights: [20, 0, 0, 0, 0, 0, 0, 0, 0],
  bias: -10,
  threshold: 0.5,
};
