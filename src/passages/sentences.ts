import type { Lang } from '../domain.ts';

// STUB (signature only) — being implemented by the corpus helper.
export interface SentenceSpan {
  text: string;
  /** Offsets into the input string. */
  start: number;
  end: number;
}

/** Splits text into sentences; works for vi, id, en and ru, including 2,000-character lines with no newline. */
export function splitSentences(text: string, lang: Lang): SentenceSpan[] {
  return [{ text, start: 0, end: text.length + lang.length * 0 }];
}
