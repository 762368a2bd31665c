import type { Lang } from '../domain.ts';
import { abstentionMetrics, metricsByForm, metricsByLanguage, rankingMetrics, separatingThreshold, type AbstentionMetrics, type RankingMetrics } from './metrics.ts';
import type { EvaluatedQuestion } from './run.ts';

export interface Miss {
  id: string;
  lang: Lang;
  question: string;
  kind: 'not-in-top-10' | 'ranked-low' | 'abstained' | 'answered-unanswerable';
  rank: number | null;
  expected: string[];
  /** What came back instead: the top results' quotes with their sources. */
  got: { doc: string; quote: string; score: number }[];
}

export interface EvalReport {
  mode: 'hybrid' | 'lexical';
  threshold: number;
  overall: RankingMetrics;
  byLanguage: Partial<Record<Lang, RankingMetrics>>;
  byForm: Record<string, RankingMetrics>;
  abstention: AbstentionMetrics;
  /** Threshold that would best separate answerable from unanswerable questions on this set (null when unknown). */
  suggestedThreshold: number | null;
  misses: Miss[];
}

/** Worst first: abstentions and answered-unanswerable, then not found, then found but low. */
const MISS_ORDER: Record<Miss['kind'], number> = { 'answered-unanswerable': 0, abstained: 1, 'not-in-top-10': 2, 'ranked-low': 3 };

export function buildReport(evaluated: EvaluatedQuestion[], threshold: number, maxMisses: number): EvalReport {
  const outcomes = evaluated.map((e) => e.outcome);
  const misses: Miss[] = [];
  for (const e of evaluated) {
    const { outcome, question, answer } = e;
    let kind: Miss['kind'] | null = null;
    if (!outcome.answerable) kind = outcome.abstained ? null : 'answered-unanswerable';
    else if (outcome.abstained) kind = 'abstained';
    else if (outcome.rank === null) kind = 'not-in-top-10';
    else if (outcome.rank > 1) kind = 'ranked-low';
    if (kind === null) continue;
    misses.push({
      id: question.id,
      lang: question.lang,
      question: question.question,
      kind,
      rank: outcome.rank,
      expected: question.expect,
      got: answer.results.slice(0, 3).map((r) => ({ doc: r.source.doc, quote: r.quote.slice(0, 160), score: r.score })),
    });
  }
  misses.sort((a, b) => MISS_ORDER[a.kind] - MISS_ORDER[b.kind] || (b.rank ?? 99) - (a.rank ?? 99));
  const withRelevance = evaluated.filter((e) => e.bestRelevance !== null);
  const suggestedThreshold =
    withRelevance.length === 0
      ? null
      : separatingThreshold(
          withRelevance.filter((e) => e.outcome.answerable).map((e) => e.bestRelevance!),
          withRelevance.filter((e) => !e.outcome.answerable).map((e) => e.bestRelevance!),
        );
  return {
    mode: evaluated[0]?.answer.mode ?? 'lexical',
    threshold,
    overall: rankingMetrics(outcomes),
    byLanguage: metricsByLanguage(outcomes),
    byForm: metricsByForm(outcomes),
    abstention: abstentionMetrics(outcomes),
    suggestedThreshold,
    misses: misses.slice(0, maxMisses),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(3);

export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  const row = (name: string, m: RankingMetrics) =>
    `${name.padEnd(8)} n=${String(m.questions).padStart(3)}  Hit@1 ${num(m.hitAt1)}  Hit@5 ${num(m.hitAt5)}  MRR@10 ${num(m.mrrAt10)}`;
  lines.push(`Mode: ${report.mode}   abstain threshold: ${report.threshold}`);
  lines.push(row('overall', report.overall));
  for (const [lang, m] of Object.entries(report.byLanguage)) lines.push(row(lang, m));
  if (Object.keys(report.byForm).length > 1) for (const [form, m] of Object.entries(report.byForm)) lines.push(row(form, m));
  const a = report.abstention;
  lines.push(`Abstention: unanswerable abstained ${pct(a.unanswerableAbstained)} of ${a.unanswerable}; answerable abstained ${pct(a.answerableAbstained)} of ${a.answerable}`);
  if (report.suggestedThreshold !== null) lines.push(`Best separating threshold on this set: ${num(report.suggestedThreshold)}`);
  if (report.misses.length > 0) {
    lines.push('', 'Worst misses:');
    for (const m of report.misses) {
      lines.push(`- [${m.id} ${m.lang}] ${m.kind}${m.rank !== null ? ` (rank ${m.rank})` : ''}: ${m.question}`);
      lines.push(`    expected: ${m.expected.join(' | ') || '(abstain)'}`);
      for (const g of m.got) lines.push(`    got ${g.score.toFixed(3)} ${g.doc}: ${g.quote}`);
    }
  }
  return lines.join('\n');
}

/** One evaluated set of the summary: its file, and whether it is blind (never tuned on). */
export interface SetReport {
  file: string;
  blind: boolean;
  report: EvalReport;
}

/** Blind sets are named blind-*.json: their figures are reported, never used to choose anything. */
export function isBlindSet(file: string): boolean {
  return /(^|\/)blind-[^/]*\.json$/u.test(file);
}

/** Every set on its own row, then per language and per form within each set. */
export function formatSummary(sets: SetReport[]): string {
  const head = `${'set'.padEnd(22)} ${'role'.padEnd(6)}  n   Hit@1  Hit@5  MRR@10  unanswerable refused  answerable refused`;
  const lines = [`Mode: ${sets[0]?.report.mode ?? 'lexical'}   abstain threshold: ${sets[0]?.report.threshold ?? ''}`, head];
  for (const { file, blind, report } of sets) {
    const a = report.abstention;
    const m = report.overall;
    lines.push(
      `${file.padEnd(22)} ${(blind ? 'blind' : 'tuning').padEnd(6)} ${String(m.questions).padStart(3)}  ${num(m.hitAt1)}  ${num(m.hitAt5)}  ${num(m.mrrAt10)}   ${pct(a.unanswerableAbstained).padStart(6)} of ${String(a.unanswerable).padEnd(9)} ${pct(a.answerableAbstained).padStart(6)} of ${a.answerable}`,
    );
  }
  for (const { file, report } of sets) {
    lines.push('', `${file}:`);
    for (const [name, m] of [...Object.entries(report.byLanguage), ...Object.entries(report.byForm)]) {
      lines.push(`  ${name.padEnd(14)} n=${String(m.questions).padStart(3)}  Hit@1 ${num(m.hitAt1)}  Hit@5 ${num(m.hitAt5)}  MRR@10 ${num(m.mrrAt10)}`);
    }
  }
  return lines.join('\n');
}
