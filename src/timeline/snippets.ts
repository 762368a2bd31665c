import type { Lang } from '../domain.ts';
import { splitSentences } from '../passages/sentences.ts';

/**
 * Longest event text, in characters: two lines of a Discord embed field or of a chart row (which wraps and cuts it
 * further). Room for a sentence's opening words as well as the part about the date: at 160 characters, texts of
 * long sentences had to start mid-sentence and lost their subject.
 */
export const MAX_EVENT_TEXT_CHARS = 240;

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

export interface Span {
  start: number;
  stop: number;
}

/** A stretch [from, to) of the sentence chosen for the event text. */
interface Cut {
  from: number;
  to: number;
}

/**
 * A short summary of what a sentence says about the date at [dateStart, dateStop). It always opens the sentence,
 * whose first words usually name who acts ("Sidang ke-24 Komite Antarpemerintah…", "General Secretary Trong…"):
 * - the whole sentence when it is short;
 * - else the sentence from its start to the end of the date's clause (widened by the next clauses while it fits);
 * - else, when that is too long, the sentence's opening words, " … ", and the part around the date: the date's
 *   clause widened by its neighbours while it fits, never across a clause that holds another, unrelated date
 *   (`blocked`), which belongs to another fact; or, when that says nothing `informative`, a window cut at word
 *   edges. The opening stops before a blocked date: a sentence that opens with another fact's date has no head.
 * Never adds words of its own beyond ellipses.
 */
export function eventSnippet(
  sentence: string,
  date: Span,
  options: { blocked?: Span[]; informative?: (text: string) => boolean; max?: number } = {},
): string {
  const { blocked = [], informative = () => true, max = MAX_EVENT_TEXT_CHARS } = options;
  if (clean(sentence).length <= max) return clean(sentence);
  const render = (cut: Cut) => decorate(clean(sentence.slice(cut.from, cut.to)), cut.from > 0, cut.to < sentence.trimEnd().length);
  const clauses = clausesOf(sentence, CLAUSE_BREAK);
  const body = bodyCut(sentence, clauses, date, blocked, informative, max);
  if (body.from === 0) return render(body);
  const fromStart: Cut = { from: 0, to: body.to };
  const blockedBefore = blocked.some((b) => b.start < body.from);
  if (!blockedBefore && clean(sentence.slice(0, body.to)).length <= max) return render(fromStart);
  const head = headCut(sentence, clauses[0]!, blocked);
  if (head === null || head.to >= date.start) return render(body);
  const headText = clean(sentence.slice(head.from, head.to)).replace(/[,;:]+$/u, '');
  const room = max - headText.length - HEAD_JOINER.length;
  const rest = bodyCut(sentence, clauses, date, [...blocked, { start: 0, stop: head.to }], informative, room);
  if (rest.from <= head.to) return render({ from: 0, to: rest.to });
  return `${headText}${HEAD_JOINER}${decorate(clean(sentence.slice(rest.from, rest.to)), false, rest.to < sentence.trimEnd().length)}`;
}

/** Between the sentence's opening words and the part around the date: an ellipsis marks what was left out. */
const HEAD_JOINER = ' … ';
/**
 * The sentence's opening kept before an ellipsis: its first clause, at most this many characters (cut at a word).
 * Most first clauses that name who acts are under 100 characters; the rest of MAX_EVENT_TEXT_CHARS is the date's.
 */
const HEAD_MAX_CHARS = 100;

/**
 * The opening of the sentence kept before " … ": up to its first clause break, never into a blocked date, at most
 * HEAD_MAX_CHARS cut at a word edge. Null when the sentence opens with a blocked date (nothing of its own to keep).
 */
function headCut(sentence: string, firstClause: Clause, blocked: Span[]): Cut | null {
  let to = Math.min(firstClause.stop, ...blocked.map((b) => b.start));
  if (to > HEAD_MAX_CHARS) {
    const space = sentence.lastIndexOf(' ', HEAD_MAX_CHARS);
    to = space > 0 ? space : HEAD_MAX_CHARS;
  }
  const text = clean(sentence.slice(0, to));
  // A lone word or two of a cut-off clause ("Pada", "Theo") says nothing: a head needs a few words.
  return text.split(' ').length >= MIN_HEAD_WORDS ? { from: 0, to } : null;
}

const MIN_HEAD_WORDS = 2;

/**
 * The part of the sentence around the date within `max` characters: the date's clause widened by its neighbours
 * while it fits and no blocked date is crossed, or a window at word edges when that says nothing informative.
 */
function bodyCut(sentence: string, clauses: Clause[], date: Span, blocked: Span[], informative: (text: string) => boolean, max: number): Cut {
  const home = Math.max(0, clauses.findIndex((c) => date.start >= c.start && date.start <= c.stop));
  const isBlocked = (c: Clause) => blocked.some((b) => b.start < c.stop && b.stop > c.start);
  const length = (a: number, b: number) => clean(sentence.slice(clauses[a]!.start, clauses[b]!.stop)).length;
  let first = home;
  let last = home;
  if (length(home, home) <= max) {
    while (first > 0 && !isBlocked(clauses[first - 1]!) && length(first - 1, last) <= max) first -= 1;
    while (last < clauses.length - 1 && !isBlocked(clauses[last + 1]!) && length(first, last + 1) <= max) last += 1;
    const cut = { from: clauses[first]!.start, to: clauses[last]!.stop };
    if (informative(sentence.slice(cut.from, cut.to))) return cut;
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
  return windows.find((w) => informative(sentence.slice(w.from, w.to))) ?? windows[0]!;
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
function windowEndingAt(sentence: string, floor: number, clauseStop: number, dateStop: number, max: number): Cut {
  const room = max - 2;
  const to = clauseStop - dateStop < room / 4 ? clauseStop : dateStop;
  let from = Math.max(floor, to - room);
  if (from > floor) from = sentence.indexOf(' ', from) + 1 || from;
  return { from, to };
}

function windowStartingAt(sentence: string, from: number, ceiling: number, max: number): Cut {
  const room = max - 2;
  let to = Math.min(ceiling, from + room);
  if (to < ceiling) {
    const space = sentence.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  return { from, to };
}
