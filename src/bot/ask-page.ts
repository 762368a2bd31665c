import type { Answer, QaEngine } from '../engine-types.ts';
import { renderAnswer, type AnswerViewOptions, type ReplyPayload } from '../reply/discord-answer.ts';
import { corpusCoverage } from './coverage.ts';

/**
 * The /ask reply for one page of an answer. When the engine abstains, the reply also suggests what the corpus
 * covers (topics and publication range), which only the engine knows. Shared by the command and the benchmark,
 * so that the benchmark times exactly what users get.
 */
export function renderAskPage(engine: QaEngine, answer: Answer, view: Pick<AnswerViewOptions, 'ui' | 'offset' | 'lang' | 'ephemeral' | 'voteButtons'>): ReplyPayload {
  const abstaining = answer.abstained || answer.results.length === 0;
  return renderAnswer(answer, {
    ...view,
    stats: engine.stats(),
    topics: abstaining ? engine.timelineTopics('') : [],
    coverage: abstaining ? corpusCoverage(engine) : undefined,
  });
}
