import type { Lang } from '../domain.ts';

/** Outcome of one evaluated question. Pure data, so that metrics are plain arithmetic. */
export interface QuestionOutcome {
  id: string;
  lang: Lang;
  answerable: boolean;
  abstained: boolean;
  /** 1-based rank of the first answering passage among the results, null when none answered (or abstained). */
  rank: number | null;
  /** How the question was typed (see eval/README.md); `full` when the set does not say. */
  form?: string;
}

export interface RankingMetrics {
  questions: number;
  hitAt1: number;
  hitAt5: number;
  mrrAt10: number;
}

export interface AbstentionMetrics {
  unanswerable: number;
  /** Share of unanswerable questions where the engine abstained (want high). */
  unanswerableAbstained: number;
  answerable: number;
  /** Share of answerable questions where the engine abstained (want low). */
  answerableAbstained: number;
}

export function hitAt(rank: number | null, k: number): number {
  return rank !== null && rank <= k ? 1 : 0;
}

export function reciprocalRank(rank: number | null, cutoff: number): number {
  return rank !== null && rank <= cutoff ? 1 / rank : 0;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Ranking quality over answerable questions only (an abstention counts as a miss). */
export function rankingMetrics(outcomes: QuestionOutcome[]): RankingMetrics {
  const answerable = outcomes.filter((o) => o.answerable);
  return {
    questions: answerable.length,
    hitAt1: mean(answerable.map((o) => hitAt(o.rank, 1))),
    hitAt5: mean(answerable.map((o) => hitAt(o.rank, 5))),
    mrrAt10: mean(answerable.map((o) => reciprocalRank(o.rank, 10))),
  };
}

export function abstentionMetrics(outcomes: QuestionOutcome[]): AbstentionMetrics {
  const unanswerable = outcomes.filter((o) => !o.answerable);
  const answerable = outcomes.filter((o) => o.answerable);
  return {
    unanswerable: unanswerable.length,
    unanswerableAbstained: mean(unanswerable.map((o) => (o.abstained ? 1 : 0))),
    answerable: answerable.length,
    answerableAbstained: mean(answerable.map((o) => (o.abstained ? 1 : 0))),
  };
}

export function metricsByLanguage(outcomes: QuestionOutcome[]): Partial<Record<Lang, RankingMetrics>> {
  const out: Partial<Record<Lang, RankingMetrics>> = {};
  for (const lang of new Set(outcomes.map((o) => o.lang))) {
    out[lang] = rankingMetrics(outcomes.filter((o) => o.lang === lang));
  }
  return out;
}

/** Ranking quality per question form (keywords, typo, no-diacritics…). */
export function metricsByForm(outcomes: QuestionOutcome[]): Record<string, RankingMetrics> {
  const out: Record<string, RankingMetrics> = {};
  for (const form of [...new Set(outcomes.map((o) => o.form ?? 'full'))].sort()) {
    out[form] = rankingMetrics(outcomes.filter((o) => (o.form ?? 'full') === form));
  }
  return out;
}

/**
 * The threshold that best separates answerable from unanswerable questions given each question's best relevance:
 * among cut points that misclassify the fewest questions, the midpoint of the widest gap.
 */
export function separatingThreshold(answerable: number[], unanswerable: number[]): number {
  const points = [...new Set([...answerable, ...unanswerable, 0, 1])].sort((a, b) => a - b);
  let best = { errors: Infinity, gap: -1, threshold: 0.5 };
  for (let i = 0; i + 1 < points.length; i++) {
    const threshold = (points[i]! + points[i + 1]!) / 2;
    const errors = answerable.filter((r) => r < threshold).length + unanswerable.filter((r) => r >= threshold).length;
    const gap = points[i + 1]! - points[i]!;
    if (errors < best.errors || (errors === best.errors && gap > best.gap)) best = { errors, gap, threshold };
  }
  return best.threshold;
}
