import type { Lang } from '../domain.ts';
import { splitSentences } from '../passages/sentences.ts';

/** Longest event text, in characters: a line in a Discord embed or a chart label. */
export const MAX_EVENT_TEXT_CHARS = 160;

export interface Sentence {
  text: string;
  start: number;
}

/** Abbreviations after which a full stop does not end a sentence (en, id, vi, ru). */
const ABBREVIATIONS = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|St|No|Tn|Ny|Jl|Prof|Gen|Sen|Rep|ông|bà|TS|PGS|GS|ThS|г|гг|им|т\.е|т\.к|ул|вв)\.$/u;

/**
 * Sentences of a block. The shared splitter does the main work; this pass also cuts what it may leave whole
 * (it might still be the stub that returns the entire text): line breaks, and ".Next" with the space missing,
 * which scraped articles often have ("…komprehensif.Thanhnien.vn").
 */
export function sentencesOf(text: string, lang: Lang): Sentence[] {
  const out: Sentence[] = [];
  for (const span of splitSentences(text, lang)) {
    for (const piece of splitFurther(span.text)) out.push({ text: piece.text, start: span.start + piece.start });
  }
  return out.filter((s) => s.text.trim().length > 0);
}

/** Longer than any abbreviation in ABBREVIATIONS with the character before it and its full stop. */
const ABBREVIATION_WINDOW = 16;

/**
 * Whether text[begin, end) ends with an abbreviation, looking only at its last few characters. Testing the whole
 * candidate sentence was quadratic: after "No. No. No. …" the candidate grows by one piece per full stop. A 'x'
 * stands in for the cut-off text, so that `^` in the pattern still means the real start of the candidate.
 */
function endsWithAbbreviation(text: string, begin: number, end: number): boolean {
  const from = Math.max(begin, end - ABBREVIATION_WINDOW);
  const tail = text.slice(from, end);
  return ABBREVIATIONS.test(from > begin ? `x${tail}` : tail);
}

function splitFurther(text: string): Sentence[] {
  const pieces: Sentence[] = [];
  let begin = 0;
  const boundary = /[.!?…](?:["”»’)]*)(?:\s+|(?<=\p{Ll}[.!?])(?=\p{Lu}))(?=["“«(]?[\p{Lu}\d])|\n+/gu;
  for (let m = boundary.exec(text); m !== null; m = boundary.exec(text)) {
    const cut = m.index + m[0].length;
    if (m[0][0] !== '\n' && endsWithAbbreviation(text, begin, m.index + 1)) continue;
    pushTrimmed(pieces, text, begin, m[0][0] === '\n' ? m.index : m.index + m[0].trimEnd().length);
    begin = cut;
  }
  pushTrimmed(pieces, text, begin, text.length);
  return pieces;
}

function pushTrimmed(pieces: Sentence[], text: string, from: number, to: number): void {
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed) pieces.push({ text: trimmed, start: from + lead });
}

interface Clause {
  start: number;
  stop: number;
}

/** Clause boundaries inside a sentence: commas, semicolons, colons and dashes. */
const CLAUSE_BREAK = /[,;:]\s+|\s+[—–]\s+/gu;
/** Finer boundaries for telling which fact a date belongs to: also conjunctions and subordinators. */
const FACT_BREAK =
  /[,;:]\s+|\s+[—–]\s+|\s+(?:and|after|when|where|while|và|sau khi|khi|trong khi|dan|setelah|ketika|di mana|sementara|и|после того как|когда)\s+/giu;

function clausesOf(text: string, breaker: RegExp): Clause[] {
  const clauses: Clause[] = [];
  let begin = 0;
  breaker.lastIndex = 0;
  for (let m = breaker.exec(text); m !== null; m = breaker.exec(text)) {
    clauses.push({ start: begin, stop: m.index });
    begin = m.index + m[0].length;
  }
  clauses.push({ start: begin, stop: text.length });
  return clauses;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Pieces of the sentence around the date, from the smallest (its own clause, split at conjunctions too) outwards:
 * the clause before it joins first, then the one after, then the rest. The first piece that names an event kind
 * is where the date's own fact is told.
 */
export function factsAround(sentence: string, dateStart: number): string[] {
  const clauses = clausesOf(sentence, FACT_BREAK);
  const home = clauses.findIndex((c) => dateStart >= c.start && dateStart <= c.stop);
  if (home < 0) return [clean(sentence)];
  const piece = (a: number, b: number) => clean(sentence.slice(clauses[Math.max(0, a)]!.start, clauses[Math.min(clauses.length - 1, b)]!.stop));
  return [piece(home, home), piece(home - 1, home), piece(home, home + 1), piece(home - 1, home + 1), clean(sentence)];
}

export interface Span {
  start: number;
  stop: number;
}

/**
 * A short summary of what a sentence says about the date at [dateStart, dateStop): the whole sentence when it
 * is short; otherwise the clause holding the date widened by its neighbours while it fits, never across a clause
 * that holds another, unrelated date (`blocked`), which belongs to another fact; otherwise — when that says
 * nothing `informative` — a window cut at word edges. Never adds words of its own beyond an ellipsis.
 */
export function eventSnippet(
  sentence: string,
  date: Span,
  options: { blocked?: Span[]; informative?: (text: string) => boolean; max?: number } = {},
): string {
  const { blocked = [], informative = () => true, max = MAX_EVENT_TEXT_CHARS } = options;
  if (clean(sentence).length <= max) return clean(sentence);
  const clauses = clausesOf(sentence, CLAUSE_BREAK);
  const home = Math.max(0, clauses.findIndex((c) => date.start >= c.start && date.start <= c.stop));
  const isBlocked = (c: Clause) => blocked.some((b) => b.start < c.stop && b.stop > c.start);
  const length = (a: number, b: number) => clean(sentence.slice(clauses[a]!.start, clauses[b]!.stop)).length;
  let first = home;
  let last = home;
  if (length(home, home) <= max) {
    while (first > 0 && !isBlocked(clauses[first - 1]!) && length(first - 1, last) <= max) first -= 1;
    while (last < clauses.length - 1 && !isBlocked(clauses[last + 1]!) && length(first, last + 1) <= max) last += 1;
    const text = sentence.slice(clauses[first]!.start, clauses[last]!.stop);
    if (informative(text)) return decorate(clean(text), clauses[first]!.start > 0, clauses[last]!.stop < sentence.length);
  }
  // The window may not reach past the nearest unrelated dates on either side.
  const regionStart = Math.max(0, ...blocked.filter((b) => b.stop <= date.start).map((b) => b.stop));
  const regionStop = Math.min(sentence.length, ...blocked.filter((b) => b.start >= date.stop).map((b) => b.start));
  const clause = clauses[home]!;
  const dateInSecondHalf = date.start - clause.start > (clause.stop - clause.start) / 2;
  const ending = windowEndingAt(sentence, regionStart, Math.min(clause.stop, regionStop), date.stop, max);
  // A few words before the date usually hold its preposition ("pada", "vào", "on").
  const lead = Math.max(regionStart, clause.start, date.start - LEAD_CHARS);
  const starting = windowStartingAt(sentence, lead > 0 ? sentence.lastIndexOf(' ', lead) + 1 : 0, regionStop, max);
  const centred = windowStartingAt(sentence, wordStartBefore(sentence, Math.max(regionStart, date.start - Math.floor(max / 2)), regionStart), regionStop, max);
  const windows = dateInSecondHalf ? [ending, starting, centred] : [starting, ending, centred];
  return windows.find(informative) ?? windows[0]!;
}

/** Characters kept before a date when a window starts at it. */
const LEAD_CHARS = 60;

function wordStartBefore(sentence: string, at: number, floor: number): number {
  if (at <= floor) return floor;
  return Math.max(floor, sentence.lastIndexOf(' ', at) + 1);
}

function decorate(text: string, cutBefore: boolean, cutAfter: boolean): string {
  const body = text.replace(/[.,;:]+$/, '');
  return `${cutBefore ? '…' : ''}${body}${cutAfter ? '…' : text.endsWith('.') ? '.' : ''}`;
}

/** Up to `max` characters that end at the date's clause end (or at the date, if the clause runs on too far). */
function windowEndingAt(sentence: string, floor: number, clauseStop: number, dateStop: number, max: number): string {
  const room = max - 2;
  const to = clauseStop - dateStop < room / 4 ? clauseStop : dateStop;
  let from = Math.max(floor, to - room);
  if (from > floor) from = sentence.indexOf(' ', from) + 1 || from;
  return decorate(clean(sentence.slice(from, to)), from > 0, to < sentence.length);
}

function windowStartingAt(sentence: string, from: number, ceiling: number, max: number): string {
  const room = max - 2;
  let to = Math.min(ceiling, from + room);
  if (to < ceiling) {
    const space = sentence.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  return decorate(clean(sentence.slice(from, to)), from > 0, to < sentence.length);
}
