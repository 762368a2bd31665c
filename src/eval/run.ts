import type { Answer, AskRequest } from '../engine-types.ts';
import type { EvalQuestion } from './eval-set.ts';
import { passageAnswers } from './eval-set.ts';
import type { QuestionOutcome } from './metrics.ts';

/** Results requested per question: MRR is cut at 10. */
export const EVAL_RESULTS = 10;

export interface EvaluatedQuestion {
  question: EvalQuestion;
  outcome: QuestionOutcome;
  answer: Answer;
  /** Best calibrated relevance among candidates (for threshold calibration), when the runner can tell. */
  bestRelevance: number | null;
}

export type Ask = (request: AskRequest) => Promise<Answer>;
export type BestRelevance = (question: string) => Promise<number>;

export async function evaluate(questions: EvalQuestion[], ask: Ask, bestRelevance?: BestRelevance): Promise<EvaluatedQuestion[]> {
  const out: EvaluatedQuestion[] = [];
  for (const question of questions) {
    const answer = await ask({ question: question.question, k: EVAL_RESULTS, offset: 0 });
    const answerable = question.expect.length > 0;
    const index = answer.results.findIndex((r) => passageAnswers(r.passage.text, question.expect));
    out.push({
      question,
      answer,
      bestRelevance: bestRelevance === undefined ? null : await bestRelevance(question.question),
      outcome: {
        id: question.id,
        lang: question.lang,
        answerable,
        abstained: answer.abstained,
        rank: answerable && index >= 0 ? index + 1 : null,
        form: question.form ?? 'full',
      },
    });
  }
  return out;
}
