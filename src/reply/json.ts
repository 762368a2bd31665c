import type { Answer } from '../engine-types.ts';

/**
 * The `ask --json` line. A contract with scripts and the evaluation harness: add fields, never rename them.
 * {"question","abstained","results":[{"rank","score","quote","passage","source":{"doc","title","outlet","url","lang","published"}}]}
 */
export function answerToJson(answer: Answer): Record<string, unknown> {
  return {
    question: answer.question,
    abstained: answer.abstained,
    results: answer.results.map((hit) => ({
      rank: hit.rank,
      score: Number(hit.score.toFixed(4)),
      quote: hit.quote,
      passage: hit.passage.text,
      source: hit.source,
    })),
  };
}
