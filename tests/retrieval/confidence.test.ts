import { describe, expect, it } from 'vitest';
import {
  chooseThreshold,
  confidenceOf,
  CONFIDENCE_FEATURES,
  crossValidate,
  fitLogistic,
  refusalRates,
  sigmoid,
  type ConfidenceEvidence,
} from '../../src/retrieval/confidence.ts';

describe('fitLogistic', () => {
  it('fits a one-feature separable example: the weight is positive, the boundary between the classes', () => {
    const x = [[0.1], [0.2], [0.3], [0.7], [0.8], [0.9]];
    const y = [0, 0, 0, 1, 1, 1];
    const { weights, bias } = fitLogistic(x, y, { l2: 0, iterations: 5000, learningRate: 1 });
    expect(weights[0]).toBeGreaterThan(5);
    // The decision boundary −bias/weight sits between 0.3 and 0.7, near the middle by symmetry.
    expect(-bias / weights[0]!).toBeCloseTo(0.5, 1);
    expect(sigmoid(bias + weights[0]! * 0.9)).toBeGreaterThan(0.9);
    expect(sigmoid(bias + weights[0]! * 0.1)).toBeLessThan(0.1);
  });

  it('the L2 penalty shrinks the weight', () => {
    const x = [[0.1], [0.2], [0.3], [0.7], [0.8], [0.9]];
    const y = [0, 0, 0, 1, 1, 1];
    const free = fitLogistic(x, y, { l2: 0, iterations: 2000 });
    const penalised = fitLogistic(x, y, { l2: 0.5, iterations: 2000 });
    expect(Math.abs(penalised.weights[0]!)).toBeLessThan(Math.abs(free.weights[0]!));
  });

  it('one gradient step on a tiny example matches the arithmetic by hand', () => {
    // From zero: every prediction is 0.5; the gradient of the mean log-loss for w is mean((0.5 − y)·x).
    const { weights, bias } = fitLogistic([[1], [2]], [1, 0], { l2: 0, iterations: 1, learningRate: 1 });
    // ((0.5 − 1)·1 + (0.5 − 0)·2) / 2 = 0.25 → w = −0.25; bias gradient ((−0.5) + 0.5) / 2 = 0.
    expect(weights[0]).toBeCloseTo(-0.25, 10);
    expect(bias).toBeCloseTo(0, 10);
  });
});

describe('refusalRates and chooseThreshold', () => {
  it('counts refusals under the threshold per class', () => {
    expect(refusalRates([0.2, 0.6, 0.4, 0.9], [0, 0, 1, 1], 0.5)).toEqual({ answerableRefused: 0.5, unanswerableRefused: 0.5 });
  });

  it('picks the cut that refuses every unanswerable question and no answerable one when one exists', () => {
    const t = chooseThreshold([0.1, 0.2, 0.6, 0.8], [0, 0, 1, 1]);
    expect(t).toBeGreaterThan(0.2);
    expect(t).toBeLessThanOrEqual(0.6);
  });

  it('a false refusal costs more than a wrong answer: with overlapping classes it leans towards answering', () => {
    // Answerable at 0.3 and 0.7, unanswerable at 0.4: refusing 0.4 would also refuse the answerable 0.3.
    const t = chooseThreshold([0.3, 0.4, 0.7], [1, 0, 1], 2);
    expect(refusalRates([0.3, 0.4, 0.7], [1, 0, 1], t).answerableRefused).toBe(0);
  });
});

describe('crossValidate', () => {
  it('scores every example with a model that never saw it, deterministically', () => {
    // Two well-separated groups: 0.00–0.27 unanswerable, 0.70–0.97 answerable.
    const x = Array.from({ length: 20 }, (_, i) => [i < 10 ? i * 0.03 : 0.7 + (i - 10) * 0.03]);
    const y = x.map(([v]) => (v! >= 0.5 ? 1 : 0));
    const a = crossValidate(x, y, 5);
    const b = crossValidate(x, y, 5);
    expect(a.heldOutScores).toEqual(b.heldOutScores);
    // Separable along the feature: held-out scores still rank every answerable example above every unanswerable one.
    const minPositive = Math.min(...a.heldOutScores.filter((_, i) => y[i] === 1));
    const maxNegative = Math.max(...a.heldOutScores.filter((_, i) => y[i] === 0));
    expect(minPositive).toBeGreaterThan(maxNegative);
  });
});

describe('confidenceOf', () => {
  const evidence = (overrides: Partial<ConfidenceEvidence>): ConfidenceEvidence => ({
    relevance: 0.8,
    sentence: 0.8,
    unknownShare: 0,
    unknownName: 0,
    knownCoverage: 1,
    typeMissing: 0,
    typeAsked: 0,
    focusMatched: 1,
    conceptMatched: 1,
    dense: 0,
    ...overrides,
  });
  const model = { weights: CONFIDENCE_FEATURES.map((f) => (f === 'relevance' ? 4 : f === 'unknownShare' ? -4 : 0)), bias: -1, threshold: 0.5 };

  it('is the logistic of the weighted evidence, in [0, 1]', () => {
    expect(confidenceOf(evidence({}), model)).toBeCloseTo(sigmoid(-1 + 4 * 0.8), 10);
  });

  it('falls when more of the question is unknown to the corpus', () => {
    expect(confidenceOf(evidence({ unknownShare: 0.6 }), model)).toBeLessThan(confidenceOf(evidence({ unknownShare: 0 }), model));
  });
});
