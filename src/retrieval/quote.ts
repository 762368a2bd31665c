/** Quote selection: the sentence(s) of a passage that best answer the question. Pure, unit-tested. */

export interface ScoredSentence {
  text: string;
  start: number;
  end: number;
  score: number;
}

/** A best sentence shorter than this is extended by its neighbour when the neighbour also scores: a fragment
 * such as "Photo: VNA." or a heading alone does not answer anything. */
export const MIN_QUOTE_CHARS = 60;

/** Cuts at a word boundary and marks the cut. */
export function truncateQuote(text: string, maxChars: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxChars) return clean;
  const cut = clean.slice(0, Math.max(1, maxChars - 1));
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * Picks the highest-scoring sentence (the earliest on ties), adds the next or previous sentence when the pick is
 * very short, and cuts to `maxChars`. `passageText` is used for the span between joined sentences.
 */
export function selectQuote(passageText: string, sentences: ScoredSentence[], maxChars: number): string {
  if (sentences.length === 0) return truncateQuote(passageText, maxChars);
  let best = 0;
  sentences.forEach((s, i) => {
    if (s.score > sentences[best]!.score) best = i;
  });
  let start = sentences[best]!.start;
  let end = sentences[best]!.end;
  if (end - start < MIN_QUOTE_CHARS) {
    const next = sentences[best + 1];
    const prev = sentences[best - 1];
    const neighbour = next !== undefined && (prev === undefined || next.score >= prev.score) ? next : prev;
    if (neighbour !== undefined && Math.max(end, neighbour.end) - Math.min(start, neighbour.start) <= maxChars) {
      start = Math.min(start, neighbour.start);
      end = Math.max(end, neighbour.end);
    }
  }
  return truncateQuote(passageText.slice(start, end), maxChars);
}
