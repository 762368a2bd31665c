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
 * Words that open a sentence leaning on the one before for its subject ("He added…", "Hai bên…", "Dalam panggilan
 * telepon tersebut…" reads fine, "Ia menegaskan…" does not). Serves the class "right sentence, missing subject":
 * the quote then starts one sentence earlier. Lower-cased, diacritics kept; English, Indonesian and Vietnamese (the
 * corpus languages).
 */
const LEANING_OPENERS = [
  'he', 'she', 'it', 'they', 'this', 'these', 'that', 'those', 'both', 'the two', 'the latter', 'the former', 'the visit',
  'ia', 'dia', 'beliau', 'mereka', 'hal ini', 'hal itu', 'kedua pihak', 'kedua pemimpin', 'kunjungan ini',
  'ông', 'bà', 'họ', 'hai bên', 'hai nhà lãnh đạo', 'điều này', 'đây', 'chuyến thăm này', 'người',
];

export function leansOnPrevious(sentence: string): boolean {
  const start = sentence.trimStart().toLowerCase().normalize('NFC');
  return LEANING_OPENERS.some((w) => start.startsWith(w) && !/[\p{L}\p{N}]/u.test(start.charAt(w.length)));
}

export interface SelectedQuote {
  /** What is quoted: the answering sentence, with the sentence before it when that one holds its subject. */
  text: string;
  /** The answering sentence alone (a substring of `text`), shown in bold where the front end can. */
  answer: string;
}

/**
 * Picks the highest-scoring sentence (the earliest on ties), adds the sentence before it when the pick leans on it
 * for its subject, or a neighbour when the pick is very short, and cuts to `maxChars`.
 */
export function selectQuoteParts(passageText: string, sentences: ScoredSentence[], maxChars: number): SelectedQuote {
  if (sentences.length === 0) {
    const text = truncateQuote(passageText, maxChars);
    return { text, answer: text };
  }
  let best = 0;
  sentences.forEach((s, i) => {
    if (s.score > sentences[best]!.score) best = i;
  });
  const pick = sentences[best]!;
  const answer = truncateQuote(passageText.slice(pick.start, pick.end), maxChars);
  const prev = sentences[best - 1];
  if (prev !== undefined && leansOnPrevious(pick.text) && pick.end - prev.start <= maxChars) {
    return { text: truncateQuote(passageText.slice(prev.start, pick.end), maxChars), answer };
  }
  const text = selectQuote(passageText, sentences, maxChars);
  return { text, answer: text.includes(answer) ? answer : text };
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
