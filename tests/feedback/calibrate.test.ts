import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibrationShortfall,
  candidateThresholds,
  fitThreshold,
  shortestBetween,
  shouldHave,
  tradeOffAt,
  type CalibrationPoint,
} from '../../src/feedback/calibrate.ts';
import { CALIBRATION_MIN_PER_SIDE, CALIBRATION_MIN_VOTES } from '../../src/limits.ts';

/**
 * Seven votes, by hand. Scores and what each vote says the bot should have done:
 *   0.2 answer (a refusal voted 👎)   0.3 refuse (a refusal voted 👍)   0.4 refuse
 *   0.6 answer (an answer voted 👍)    0.7 refuse (an answer voted 👎)   0.8 answer   0.9 answer
 * answered when score ≥ t; errors = answer-votes under t (answerable refused) + refuse-votes at or over t (wrong quotes).
 */
const POINTS: CalibrationPoint[] = [
  { score: 0.2, should: 'answer' },
  { score: 0.3, should: 'refuse' },
  { score: 0.4, should: 'refuse' },
  { score: 0.6, should: 'answer' },
  { score: 0.7, should: 'refuse' },
  { score: 0.8, should: 'answer' },
  { score: 0.9, should: 'answer' },
];

describe('what a vote says', () => {
  it('reads 👍/👎 on answers and on refusals', () => {
    expect(shouldHave({ refused: false, vote: 1 })).toBe('answer');
    expect(shouldHave({ refused: false, vote: -1 })).toBe('refuse');
    expect(shouldHave({ refused: true, vote: 1 })).toBe('refuse');
    expect(shouldHave({ refused: true, vote: -1 })).toBe('answer');
  });
});

describe('threshold fitting on a tiny example', () => {
  it('counts both errors at every candidate threshold', () => {
    expect(candidateThresholds(POINTS.map((p) => p.score))).toEqual([0, 0.25, 0.35, 0.5, 0.65, 0.75, 0.85, 0.95]);
    const table = candidateThresholds(POINTS.map((p) => p.score)).map((t) => {
      const { answerableRefused, wrongShown } = tradeOffAt(POINTS, t);
      return [t, answerableRefused, wrongShown];
    });
    expect(table).toEqual([
      [0, 0, 3],
      [0.25, 1, 3],
      [0.35, 1, 2],
      [0.5, 1, 1],
      [0.65, 2, 1],
      [0.75, 2, 0],
      [0.85, 3, 0],
      [0.95, 4, 0],
    ]);
  });

  it('keeps the current threshold when nothing beats it, moves to the nearest best one otherwise', () => {
    // Costs with equal weights: 3 4 3 2 3 2 3 4. The current 0.5 already costs 2: unchanged.
    expect(fitThreshold(POINTS, 0.5).best).toEqual({ threshold: 0.5, answerableRefused: 1, wrongShown: 1, cost: 2 });
    // From 0.3 (1 refused + 3 wrong = 4), 0.5 and 0.75 both cost 2; 0.5 is nearer.
    const fromLow = fitThreshold(POINTS, 0.3);
    expect(fromLow.current.cost).toBe(4);
    expect(fromLow.best.threshold).toBe(0.5);
    // A wrong quote worth two refusals: costs 6 7 5 3 4 2 3 4, so 0.75.
    expect(fitThreshold(POINTS, 0.5, 2).best).toEqual({ threshold: 0.75, answerableRefused: 2, wrongShown: 0, cost: 2 });
  });

  it('writes thresholds as round numbers that split the votes exactly as computed', () => {
    expect(shortestBetween(0.2, 0.3)).toBe(0.25);
    expect(shortestBetween(0.9, 1)).toBe(0.95);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        fc.pre(a !== b);
        const [low, high] = a < b ? [a, b] : [b, a];
        const t = shortestBetween(low, high);
        return t > low && t <= high;
      }),
    );
  });
});

describe('minimum number of votes', () => {
  const many = (n: number, should: CalibrationPoint['should']) => Array.from({ length: n }, (_, i) => ({ score: i / n, should }));

  it('says how many more votes are needed, in all and on each side', () => {
    expect(calibrationShortfall([])).toEqual({ votes: CALIBRATION_MIN_VOTES, answer: CALIBRATION_MIN_PER_SIDE, refuse: CALIBRATION_MIN_PER_SIDE });
    expect(calibrationShortfall([...many(9, 'answer'), ...many(3, 'refuse')])).toEqual({ votes: CALIBRATION_MIN_VOTES - 12, answer: 0, refuse: CALIBRATION_MIN_PER_SIDE - 3 });
    // Enough votes, but all on one side: the missing side is what is needed.
    expect(calibrationShortfall(many(CALIBRATION_MIN_VOTES + 10, 'answer'))).toEqual({ votes: CALIBRATION_MIN_PER_SIDE, answer: 0, refuse: CALIBRATION_MIN_PER_SIDE });
    expect(calibrationShortfall([...many(CALIBRATION_MIN_VOTES - CALIBRATION_MIN_PER_SIDE, 'answer'), ...many(CALIBRATION_MIN_PER_SIDE, 'refuse')])).toBeNull();
  });
});
