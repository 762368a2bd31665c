/**
 * Fits the refusal confidence (src/retrieval/confidence.ts) on the tuning sets and reports how it does on
 * questions it was not fitted on: k-fold cross-validation over the tuning questions, then the blind sets with the
 * model fitted on every tuning question. Blind sets are scored, never fitted on.
 */
import type { LoadedIndex } from '../index/types.ts';
import {
  chooseThreshold,
  CONFIDENCE_FEATURES,
  crossValidate,
  featureVector,
  fitLogistic,
  refusalRates,
  confidenceOf,
  type ConfidenceModel,
  type FitOptions,
} from '../retrieval/confidence.ts';
import { confidenceEvidence, scoreCandidates, type RetrieveDeps } from '../retrieval/retrieve.ts';
import type { EvalQuestion } from './eval-set.ts';

export const CONFIDENCE_FOLDS = 5;

export interface LabelledSet {
  file: string;
  blind: boolean;
  questions: EvalQuestion[];
}

export interface FitReport {
  model: ConfidenceModel;
  features: readonly string[];
  /** Per tuning set: refusal rates of each question's held-out fold. Per blind set: of the final model. */
  rows: { file: string; blind: boolean; answerable: number; unanswerable: number; answerableRefused: number; unanswerableRefused: number }[];
}

async function featuresOf(index: LoadedIndex, questions: EvalQuestion[], deps: RetrieveDeps): Promise<number[][]> {
  const rows: number[][] = [];
  for (const q of questions) {
    const candidates = await scoreCandidates(index, { question: q.question }, deps);
    rows.push(featureVector(confidenceEvidence(index, candidates)));
  }
  return rows;
}

export async function fitConfidence(index: LoadedIndex, sets: LabelledSet[], deps: RetrieveDeps, options: FitOptions = {}): Promise<FitReport> {
  const tuning = sets.filter((s) => !s.blind);
  const x: number[][] = [];
  const y: number[] = [];
  const setOf: string[] = [];
  for (const set of tuning) {
    const rows = await featuresOf(index, set.questions, deps);
    rows.forEach((row, i) => {
      x.push(row);
      y.push(set.questions[i]!.expect.length > 0 ? 1 : 0);
      setOf.push(set.file);
    });
  }
  const cv = crossValidate(x, y, CONFIDENCE_FOLDS, options);
  const rows: FitReport['rows'] = [];
  for (const set of tuning) {
    const idx = setOf.flatMap((f, i) => (f === set.file ? [i] : []));
    const labels = idx.map((i) => y[i]!);
    // The held-out decision of each question (its fold's threshold), as 0/1 scores against a threshold of 0.5.
    const rates = refusalRates(idx.map((i) => (cv.heldOutRefused[i] ? 0 : 1)), labels, 0.5);
    rows.push({ file: set.file, blind: false, answerable: labels.filter((l) => l === 1).length, unanswerable: labels.filter((l) => l === 0).length, ...rates });
  }
  const fitted = fitLogistic(x, y, options);
  // The threshold is chosen on the held-out scores, not on the scores of the questions the weights were fitted
  // on: those are optimistic, and a threshold chosen on them refuses more answerable questions than it should.
  const threshold = chooseThreshold(cv.heldOutScores, y);
  const model: ConfidenceModel = { weights: fitted.weights, bias: fitted.bias, threshold };
  for (const set of sets.filter((s) => s.blind)) {
    const features = await featuresOf(index, set.questions, deps);
    const labels = set.questions.map((q) => (q.expect.length > 0 ? 1 : 0));
    const rates = refusalRates(features.map((row) => confidenceOf(toEvidence(row), model)), labels, model.threshold);
    rows.push({ file: set.file, blind: true, answerable: labels.filter((l) => l === 1).length, unanswerable: labels.filter((l) => l === 0).length, ...rates });
  }
  return { model, features: CONFIDENCE_FEATURES, rows };
}

function toEvidence(row: number[]): Parameters<typeof confidenceOf>[0] {
  return Object.fromEntries(CONFIDENCE_FEATURES.map((name, i) => [name, row[i]!])) as unknown as Parameters<typeof confidenceOf>[0];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatFitReport(report: FitReport): string {
  const lines = [`Confidence model fitted on the tuning sets (${CONFIDENCE_FOLDS}-fold cross-validation for their rows):`];
  lines.push(`${'set'.padEnd(22)} ${'role'.padEnd(6)}  answerable refused   unanswerable refused`);
  for (const r of report.rows) {
    lines.push(`${r.file.padEnd(22)} ${(r.blind ? 'blind' : 'tuning').padEnd(6)}  ${pct(r.answerableRefused).padStart(6)} of ${String(r.answerable).padEnd(8)}  ${pct(r.unanswerableRefused).padStart(6)} of ${r.unanswerable}`);
  }
  lines.push('', 'Weights:');
  report.features.forEach((name, i) => lines.push(`  ${name.padEnd(14)} ${report.model.weights[i]!.toFixed(3)}`));
  lines.push(`  ${'bias'.padEnd(14)} ${report.model.bias.toFixed(3)}`, `  ${'threshold'.padEnd(14)} ${report.model.threshold.toFixed(3)}`);
  return lines.join('\n');
}

/** The committed model file's text (src/retrieval/confidence-model.ts). */
export function modelSource(report: FitReport, fittedOn: string[], date: string): string {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return `import type { ConfidenceModel } from './confidence.ts';

/**
 * Written by \`npm run -s eval -- --fit-confidence --write\` on ${date}, fitted on the tuning sets
 * (${fittedOn.join(', ')}); never on the blind ones. Weights follow CONFIDENCE_FEATURES:
 * ${report.features.join(', ')}.
 */
export const FITTED_CONFIDENCE_MODEL: ConfidenceModel = {
  weights: [${report.model.weights.map(r).join(', ')}],
  bias: ${r(report.model.bias)},
  threshold: ${r(report.model.threshold)},
};
`;
}
