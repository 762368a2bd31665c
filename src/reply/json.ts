import type { Answer } from '../engine-types.ts';

/**
 * The `ask --json` line. A contract with scripts and the evaluation harness: add fields, never rename them.
 * {"question","abstained","confidence","results":[{"rank","score","quote","passage","source":{"doc","title","outlet","url","lang","published"}}]}
 * `confidence` (0–1, see src/retrieval/confidence.ts) is absent when the question was empty. A result's `score` is
 * the one that ranked it (never rising down the list); `relevance` is its fused relevance before diversification.
 */
export function answerToJson(answer: Answer): Record<string, unknown> {
  return {
    question: answer.question,
    abstained: answer.abstained,
    ...(answer.confidence === undefined ? {} : { confidence: answer.confidence }),
    results: answer.results.map((hit) => ({
      rank: hit.rank,
      score: Number(hit.score.toFixed(4)),
      ...(hit.relevance === undefined ? {} : { relevance: Number(hit.relevance.toFixed(4)) }),
      quote: hit.quote,
      passage: hit.passage.text,
      source: hit.source,
    })),
  };
}

/**
 * One JSON line for stdout. JSON.stringify escapes C0 controls (ESC included) but leaves DEL and the C1 controls
 * (U+0080–U+009F) raw, and U+009B is a one-character CSI to terminals that read C1: escaped here too, so a line
 * read on a terminal cannot act on it either. The parsed value is the same.
 */
export function jsonLine(value: unknown): string {
  return `${escapeC1(JSON.stringify(value))}\n`;
}

/** The same, indented for a file people edit (an evaluation set exported from feedback). */
export function jsonDocument(value: unknown): string {
  return `${escapeC1(JSON.stringify(value, null, 2))}\n`;
}

function escapeC1(json: string): string {
  return json.replace(/[\u007f-\u009f]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
