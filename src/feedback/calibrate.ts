import { CALIBRATION_MIN_PER_SIDE, CALIBRATION_MIN_VOTES } from '../limits.ts';

/**
 * Fits the refusal threshold to votes. Generic over "a score where higher means more confident, and a threshold
 * under which the bot refuses": whatever the engine reports as its confidence. Pure, unit-tested.
 *
 * A vote says what the bot should have done:
 *   answered + 👍 → answer (a right quote)        answered + 👎 → refuse (a wrong quote was shown)
 *   refused  + 👍 → refuse (right to say so)      refused  + 👎 → answer (an answerable question was refused)
 * At threshold t the bot answers a score s when s ≥ t, so it errs in two ways, which trade against each other:
 * answerable questions refused (label answer, s < t) and wrong quotes shown (label refuse, s ≥ t).
 */

export type ShouldHave = 'answer' | 'refuse';

export function shouldHave(vote: { refused: boolean; vote: 1 | -1 }): ShouldHave {
  return (vote.vote === 1) === !vote.refused ? 'answer' : 'refuse';
}

export interface CalibrationPoint {
  score: number;
  should: ShouldHave;
}

export interface TradeOff {
  threshold: number;
  /** Votes saying "answer" whose score is under the threshold. */
  answerableRefused: number;
  /** Votes saying "refuse" whose score reaches the threshold. */
  wrongShown: number;
  cost: number;
}

export function tradeOffAt(points: readonly CalibrationPoint[], threshold: number, wrongQuoteCost = 1): TradeOff {
  let answerableRefused = 0;
  let wrongShown = 0;
  for (const point of points) {
    const answered = point.score >= threshold;
    if (point.should === 'answer' && !answered) answerableRefused++;
    if (point.should === 'refuse' && answered) wrongShown++;
  }
  return { threshold, answerableRefused, wrongShown, cost: answerableRefused + wrongQuoteCost * wrongShown };
}

/** How many more votes calibration needs, or null when there are enough. */
export interface Shortfall {
  votes: number;
  answer: number;
  refuse: number;
}

export function calibrationShortfall(points: readonly CalibrationPoint[]): Shortfall | null {
  const answer = points.filter((p) => p.should === 'answer').length;
  const refuse = points.length - answer;
  const shortfall = {
    answer: Math.max(0, CALIBRATION_MIN_PER_SIDE - answer),
    refuse: Math.max(0, CALIBRATION_MIN_PER_SIDE - refuse),
  };
  const votes = Math.max(CALIBRATION_MIN_VOTES - points.length, shortfall.answer + shortfall.refuse);
  return votes > 0 ? { votes, ...shortfall } : null;
}

/**
 * Every threshold that gives a different split of the votes: 0 (answer everything), the point between each pair of
 * neighbouring scores, and one above the highest score (refuse everything) when that is still ≤ 1. Each is written
 * with as few decimals (2 to 6) as keep it strictly above the lower score and at most the upper one, so that the
 * printed value, once set, splits the votes exactly as computed.
 */
export function candidateThresholds(scores: readonly number[]): number[] {
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  const candidates = [0];
  for (let i = 0; i + 1 < distinct.length; i++) candidates.push(shortestBetween(distinct[i]!, distinct[i + 1]!));
  const top = distinct.at(-1);
  if (top !== undefined && top < 1) candidates.push(shortestBetween(top, 1));
  return [...new Set(candidates)];
}

/** A round number in (low, high], preferring few decimals, near the midpoint. */
export function shortestBetween(low: number, high: number): number {
  const middle = (low + high) / 2;
  for (let decimals = 2; decimals <= 6; decimals++) {
    const factor = 10 ** decimals;
    const rounded = Math.round(middle * factor) / factor;
    if (rounded > low && rounded <= high) return rounded;
  }
  // Scores closer than 1e-6: the midpoint itself, or the upper score when the two are neighbouring doubles.
  return middle > low && middle <= high ? middle : high;
}

export interface Calibration {
  points: number;
  answer: number;
  refuse: number;
  current: TradeOff;
  best: TradeOff;
  /** Every candidate threshold, lowest first. */
  candidates: TradeOff[];
}

/**
 * The threshold with the lowest cost (answerable refused + wrongQuoteCost × wrong quotes shown). Among equally good
 * thresholds, the one nearest the current threshold wins: the votes give no reason to move further.
 */
export function fitThreshold(points: readonly CalibrationPoint[], current: number, wrongQuoteCost = 1): Calibration {
  const candidates = candidateThresholds(points.map((p) => p.score)).map((t) => tradeOffAt(points, t, wrongQuoteCost));
  const currentTradeOff = tradeOffAt(points, current, wrongQuoteCost);
  let best = currentTradeOff;
  for (const candidate of candidates) {
    const better = candidate.cost < best.cost;
    const asGoodButNearer = candidate.cost === best.cost && Math.abs(candidate.threshold - current) < Math.abs(best.threshold - current);
    if (better || asGoodButNearer) best = candidate;
  }
  const answer = points.filter((p) => p.should === 'answer').length;
  return { points: points.length, answer, refuse: points.length - answer, current: currentTradeOff, best, candidates };
}
