/**
 * Refusal as one calibrated confidence: "how likely is it that the corpus answers this question", in [0, 1].
 * Pure, unit-tested.
 *
 * Serves two classes of failure at once: answerable questions refused because the asker's words are not the
 * article's (coverage alone falls under a threshold), and on-topic questions answered although the specific thing
 * they ask for is stated nowhere (every topic word is in the corpus). No single score separates both, so several
 * pieces of evidence are combined by a logistic model whose weights are fitted by cross-validation on the tuning
 * sets (`npm run eval -- --fit-confidence`), never on the blind ones.
 */

/** What the retriever knows about a question and its best candidates, each in [0, 1]. */
export interface ConfidenceEvidence {
  /** Best IDF-weighted coverage of the question's units by one passage (see relevance.ts). */
  relevance: number;
  /** Coverage by the best single sentence of the top passage, discounted when it lacks the asked-for type. */
  sentence: number;
  /** Share of the question's weight held by units the corpus never mentions (a paraphrase, or another subject). */
  unknownShare: number;
  /** 1 when the question names someone or something (a capitalised word) that the corpus never mentions. */
  unknownName: number;
  /** Coverage of the units the corpus does know, by the top passage: "of what could be found, how much is here". */
  knownCoverage: number;
  /**
   * 1 when the question asks for a date, number, person, place or organisation and the top passage's best sentence
   * states none that the question does not already give; 0 when it does or nothing specific is asked.
   */
  typeMissing: number;
  /** 1 when the question asks for a specific type at all (a "when / how many / who" question). */
  typeAsked: number;
  /** The rarest unit the question holds that the corpus knows is in the top passage (the question's focus). */
  focusMatched: number;
  /**
   * 1 when the top passage holds at least one of the question's glossary concepts (the domain's vocabulary: a
   * country, a leader, a treaty, a visit); 0 when it matched plain words only ("today", "price"), which any text holds.
   */
  conceptMatched: number;
  /** Dense (embedding) similarity of the top passage, calibrated to [0, 1]; 0 in keyword-only mode. */
  dense: number;
}

/** Order of the features in a model's weight vector. */
export const CONFIDENCE_FEATURES = [
  'relevance',
  'sentence',
  'unknownShare',
  'unknownName',
  'knownCoverage',
  'typeMissing',
  'typeAsked',
  'focusMatched',
  'conceptMatched',
  'dense',
] as const satisfies readonly (keyof ConfidenceEvidence)[];

export interface ConfidenceModel {
  /** One weight per CONFIDENCE_FEATURES entry, same order. */
  weights: number[];
  bias: number;
  /** Confidence under which the engine refuses: chosen by cross-validation with the weights. */
  threshold: number;
}

export function featureVector(evidence: ConfidenceEvidence): number[] {
  return CONFIDENCE_FEATURES.map((name) => evidence[name]);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function confidenceOf(evidence: ConfidenceEvidence, model: ConfidenceModel): number {
  const x = featureVector(evidence);
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += (model.weights[i] ?? 0) * x[i]!;
  return sigmoid(z);
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias): keeps a small data set from fitting its noise. */
  l2?: number;
  iterations?: number;
  learningRate?: number;
  /**
   * Weight of an unanswerable example relative to an answerable one: the sets hold fewer unanswerable questions,
   * and balancing them keeps the fitted probabilities from leaning towards "answer".
   */
  negativeWeight?: number;
}

export const DEFAULT_FIT: Required<FitOptions> = { l2: 0.01, iterations: 4000, learningRate: 0.5, negativeWeight: 1 };

/**
 * Logistic regression by full-batch gradient descent on the mean weighted log-loss plus an L2 penalty. Deterministic
 * (starts from zero), which is what makes the cross-validated choices reproducible. `y` is 1 for answerable.
 */
export function fitLogistic(x: number[][], y: number[], options: FitOptions = {}): { weights: number[]; bias: number } {
  const { l2, iterations, learningRate, negativeWeight } = { ...DEFAULT_FIT, ...options };
  const dims = x[0]?.length ?? 0;
  const weights = new Array<number>(dims).fill(0);
  let bias = 0;
  const sampleWeight = y.map((label) => (label === 1 ? 1 : negativeWeight));
  const totalWeight = sampleWeight.reduce((a, b) => a + b, 0) || 1;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const grad = new Array<number>(dims).fill(0);
    let gradBias = 0;
    for (let n = 0; n < x.length; n++) {
      const row = x[n]!;
      let z = bias;
      for (let d = 0; d < dims; d++) z += weights[d]! * row[d]!;
      const error = (sigmoid(z) - y[n]!) * sampleWeight[n]!;
      for (let d = 0; d < dims; d++) grad[d]! += error * row[d]!;
      gradBias += error;
    }
    for (let d = 0; d < dims; d++) weights[d]! -= learningRate * (grad[d]! / totalWeight + l2 * weights[d]!);
    bias -= learningRate * (gradBias / totalWeight);
  }
  return { weights, bias };
}

/** Refusal error rates of a threshold on scored examples (y = 1 answerable). */
export interface RefusalRates {
  /** Share of answerable questions refused (want low). */
  answerableRefused: number;
  /** Share of unanswerable questions refused (want high). */
  unanswerableRefused: number;
}

export function refusalRates(scores: number[], y: number[], threshold: number): RefusalRates {
  let answerable = 0;
  let answerableRefused = 0;
  let unanswerable = 0;
  let unanswerableRefused = 0;
  scores.forEach((s, i) => {
    const refused = !(s >= threshold);
    if (y[i] === 1) {
      answerable++;
      if (refused) answerableRefused++;
    } else {
      unanswerable++;
      if (refused) unanswerableRefused++;
    }
  });
  return {
    answerableRefused: answerable === 0 ? 0 : answerableRefused / answerable,
    unanswerableRefused: unanswerable === 0 ? 0 : unanswerableRefused / unanswerable,
  };
}

/**
 * How much worse refusing an answerable question is than answering an unanswerable one. Above 1 on purpose: an
 * answer always shows its quoted source, so a wrong quote is checkable, whereas a wrong refusal hides what the
 * corpus holds (the issue this serves: "refusals only when the corpus is silent"). 4 is the smallest whole cost
 * whose cross-validated threshold keeps answerable refusals near the 5% target on the user-typed tuning set
 * (dev-set, 2026-12-07: cost 2 → 25%, 3 → 11%, 4 → 6%, 6 → 5%, while unanswerable refused fell 51% → 29%).
 */
export const FALSE_REFUSAL_COST = 4;

/** The threshold minimising FALSE_REFUSAL_COST × answerable refused + unanswerable answered (rates, not counts). */
export function chooseThreshold(scores: number[], y: number[], falseRefusalCost = FALSE_REFUSAL_COST): number {
  const cuts = [...new Set(scores)].sort((a, b) => a - b);
  let best = { cost: Infinity, threshold: 0.5 };
  // Midpoints between neighbouring scores, plus the two ends.
  const candidates = [0, ...cuts.slice(1).map((c, i) => (c + cuts[i]!) / 2), 1];
  for (const threshold of candidates) {
    const rates = refusalRates(scores, y, threshold);
    const cost = falseRefusalCost * rates.answerableRefused + (1 - rates.unanswerableRefused);
    if (cost < best.cost - 1e-12) best = { cost, threshold };
  }
  return best.threshold;
}

/** Fold of each example for k-fold cross-validation: deterministic, interleaved so that every fold mixes sets. */
export function foldOf(index: number, folds: number): number {
  return index % folds;
}

export interface CrossValidation {
  /** Every example's confidence from the model fitted without its fold. */
  heldOutScores: number[];
  /** Every example's refusal decision from its held-out fold's model and threshold. */
  heldOutRefused: boolean[];
}

/** k-fold cross-validation of fitting the model and choosing its threshold on the other folds. */
export function crossValidate(x: number[][], y: number[], folds: number, options: FitOptions = {}): CrossValidation {
  const heldOutScores = new Array<number>(x.length).fill(0);
  const heldOutRefused = new Array<boolean>(x.length).fill(false);
  for (let fold = 0; fold < folds; fold++) {
    const trainX: number[][] = [];
    const trainY: number[] = [];
    x.forEach((row, i) => {
      if (foldOf(i, folds) !== fold) {
        trainX.push(row);
        trainY.push(y[i]!);
      }
    });
    const fitted = fitLogistic(trainX, trainY, options);
    const model = { ...fitted, threshold: 0 };
    const trainScores = trainX.map((row) => scoreRow(row, model));
    const threshold = chooseThreshold(trainScores, trainY);
    x.forEach((row, i) => {
      if (foldOf(i, folds) !== fold) return;
      heldOutScores[i] = scoreRow(row, model);
      heldOutRefused[i] = !(heldOutScores[i]! >= threshold);
    });
  }
  return { heldOutScores, heldOutRefused };
}

function scoreRow(row: number[], model: { weights: number[]; bias: number }): number {
  let z = model.bias;
  for (let i = 0; i < row.length; i++) z += (model.weights[i] ?? 0) * row[i]!;
  return sigmoid(z);
}
