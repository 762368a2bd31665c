import { collapseWhitespace, normalizeText } from '../text/normalize.ts';
import { contentTerms } from '../text/tokenizer.ts';
import { GAP_EXAMPLES } from '../limits.ts';

/**
 * Knowledge gaps: the questions the bot refused, grouped so that moderators see which subjects the corpus lacks.
 * Pure, unit-tested.
 */

export interface RefusedQuestion {
  question: string;
  questionLang: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface GapExample {
  /** The question as last asked in this wording. */
  question: string;
  count: number;
}

export interface GapGroup {
  /** The content words the questions share (index terms: folded, stemmed, Cyrillic transliterated), sorted. */
  terms: string[];
  count: number;
  /** Distinct wordings, most asked first. */
  examples: GapExample[];
  /** Refusals per question language. */
  langs: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

/**
 * Questions fall in one group when they share their content words: the same words once stop words, case,
 * diacritics, word order, punctuation and light inflection are set aside, the same way the index reads them
 * ("When did Putin visit Hanoi?" and "putin visits hanoi"). A question with no content word at all is grouped by its
 * own lower-cased text.
 */
export function gapTerms(question: string): string[] {
  const terms = [...new Set(contentTerms(question))].sort();
  return terms.length > 0 ? terms : [wording(question)];
}

/** Two wordings that differ only in case and spacing are one example. */
function wording(question: string): string {
  return collapseWhitespace(normalizeText(question));
}

export function groupGaps(refusals: readonly RefusedQuestion[], options: { limit?: number; examples?: number } = {}): GapGroup[] {
  const groups = new Map<string, GapGroup & { wordings: Map<string, GapExample & { at: number }> }>();
  for (const refusal of refusals) {
    const terms = gapTerms(refusal.question);
    const key = terms.join(' ');
    let group = groups.get(key);
    if (!group) {
      group = { terms, count: 0, examples: [], langs: {}, firstAt: refusal.at, lastAt: refusal.at, wordings: new Map() };
      groups.set(key, group);
    }
    group.count++;
    group.langs[refusal.questionLang] = (group.langs[refusal.questionLang] ?? 0) + 1;
    group.firstAt = Math.min(group.firstAt, refusal.at);
    group.lastAt = Math.max(group.lastAt, refusal.at);
    const id = wording(refusal.question);
    const example = group.wordings.get(id);
    if (!example) group.wordings.set(id, { question: refusal.question.trim(), count: 1, at: refusal.at });
    else {
      example.count++;
      if (refusal.at >= example.at) Object.assign(example, { question: refusal.question.trim(), at: refusal.at });
    }
  }
  const examples = options.examples ?? GAP_EXAMPLES;
  const ordered = [...groups.values()]
    .map(({ wordings, ...group }) => ({
      ...group,
      examples: [...wordings.values()]
        .sort((a, b) => b.count - a.count || b.at - a.at)
        .slice(0, examples)
        .map(({ question, count }) => ({ question, count })),
    }))
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt || (a.terms.join(' ') < b.terms.join(' ') ? -1 : 1));
  return options.limit === undefined ? ordered : ordered.slice(0, options.limit);
}

const DURATION = /^(\d{1,5})\s*([hdw])$/u;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** `--since 30d`: hours, days or weeks. Returns milliseconds, or null for anything else. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim().toLowerCase());
  if (!match) return null;
  const amount = Number(match[1]);
  return amount > 0 ? amount * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}
