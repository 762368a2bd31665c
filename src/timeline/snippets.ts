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

/**
 * The clause holding `at` (`start <= at <= stop`), or -1. Clauses are in order and apart (every break is at least
 * one character), so at most one holds it: a binary search finds the one a linear scan would.
 */
function clauseAt(clauses: Clause[], at: number): number {
  const found = firstIndex(clauses, (c) => c.start > at) - 1;
  return found >= 0 && at <= clauses[found]!.stop ? found : -1;
}

/** First index in `items` (in order) for which `after(item)` holds, or items.length; `after` must be monotone. */
export function firstIndex<T>(items: readonly T[], after: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(items[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
const isSpace = (char: string) => /\s/.test(char);

export interface Span {
  start: number;
  stop: number;
}

/** A stretch [from, to) of the sentence chosen for the event text. */
interface Cut {
  from: number;
  to: number;
}

/** Between the sentence's opening words and the part around the date: an ellipsis marks what was left out. */
const HEAD_JOINER = ' … ';
/**
 * The sentence's opening kept before an ellipsis: its first clause, at most this many characters (cut at a word).
 * Most first clauses that name who acts are under 100 characters; the rest of MAX_EVENT_TEXT_CHARS is the date's.
 */
const HEAD_MAX_CHARS = 100;
const MIN_HEAD_WORDS = 2;

/**
 * One sentence, prepared for reading many dates in it. Its clauses, its cleaned form and the cleaned length of any
 * slice are computed once, so that each date costs about the length of its snippet instead of the length of the
 * sentence: a sentence of a thousand characters may hold two hundred dates, and reading the whole sentence again
 * for each of them made extraction the slowest stage of a build (issue 11).
 */
export class SentenceText {
  private cleanedText: string | undefined;
  /** nonSpace[i]: non-whitespace characters in text[0, i); runStarts[i]: whitespace runs starting before i. */
  private nonSpace: Int32Array | undefined;
  private runStarts: Int32Array | undefined;
  private clauseList: Clause[] | undefined;
  private readonly trimmedLength: number;

  constructor(readonly text: string) {
    this.trimmedLength = text.trimEnd().length;
  }

  /** The sentence with each run of whitespace made one space, trimmed. */
  cleaned(): string {
    this.cleanedText ??= clean(this.text);
    return this.cleanedText;
  }

  /** `clean(text.slice(from, to)).length`, without building the string. */
  cleanedLength(from: number, to: number): number {
    if (to <= from) return 0;
    if (!this.nonSpace || !this.runStarts) this.countSpaces();
    const nonSpace = this.nonSpace!;
    const runStarts = this.runStarts!;
    const visible = nonSpace[to]! - nonSpace[from]!;
    if (visible === 0) return 0;
    // Each run of whitespace inside the slice becomes one space; the runs at its two ends are trimmed away. A run
    // that starts at `from` is not counted below (it starts at or before from), one that ends at `to` is subtracted.
    const innerRuns = runStarts[to]! - runStarts[from + 1]!;
    return visible + innerRuns - (isSpace(this.text[to - 1]!) ? 1 : 0);
  }

  private countSpaces(): void {
    const { text } = this;
    const nonSpace = new Int32Array(text.length + 1);
    const runStarts = new Int32Array(text.length + 1);
    let previousSpace = false;
    for (let i = 0; i < text.length; i++) {
      const space = isSpace(text[i]!);
      nonSpace[i + 1] = nonSpace[i]! + (space ? 0 : 1);
      runStarts[i + 1] = runStarts[i]! + (space && !previousSpace ? 1 : 0);
      previousSpace = space;
    }
    this.nonSpace = nonSpace;
    this.runStarts = runStarts;
  }

  private clauses(): Clause[] {
    this.clauseList ??= clausesOf(this.text, CLAUSE_BREAK);
    return this.clauseList;
  }

  /**
   * See eventSnippet. `blocked` must be in order and must not overlap (they are other date mentions of this
   * sentence), which lets each question about them be a binary search.
   */
  snippet(date: Span, blocked: readonly Span[], informative: (text: string) => boolean, max: number): string {
    const sentence = this.text;
    if (this.cleaned().length <= max) return this.cleaned();
    const render = (cut: Cut) => decorate(clean(sentence.slice(cut.from, cut.to)), cut.from > 0, cut.to < this.trimmedLength);
    const body = this.bodyCut(date, blocked, 0, informative, max);
    if (body.from === 0) return render(body);
    const blockedBefore = blocked.length > 0 && blocked[0]!.start < body.from;
    if (!blockedBefore && this.cleanedLength(0, body.to) <= max) return render({ from: 0, to: body.to });
    const head = this.headCut(blocked);
    if (head === null || head.to >= date.start) return render(body);
    const headText = clean(sentence.slice(head.from, head.to)).replace(/[,;:]+$/u, '');
    const room = max - headText.length - HEAD_JOINER.length;
    // The rest may not reach back into the head: [0, head.to) counts as blocked.
    const rest = this.bodyCut(date, blocked, head.to, informative, room);
    if (rest.from <= head.to) return render({ from: 0, to: rest.to });
    return `${headText}${HEAD_JOINER}${decorate(clean(sentence.slice(rest.from, rest.to)), false, rest.to < this.trimmedLength)}`;
  }

  /**
   * The opening of the sentence kept before " … ": up to its first clause break, never into a blocked date, at most
   * HEAD_MAX_CHARS cut at a word edge. Null when the sentence opens with a blocked date (nothing of its own to keep).
   */
  private headCut(blocked: readonly Span[]): Cut | null {
    const sentence = this.text;
    // Blocked spans are in order: the first one starts first.
    let to = Math.min(this.clauses()[0]!.stop, blocked[0]?.start ?? Infinity);
    if (to > HEAD_MAX_CHARS) {
      const space = sentence.lastIndexOf(' ', HEAD_MAX_CHARS);
      to = space > 0 ? space : HEAD_MAX_CHARS;
    }
    const text = clean(sentence.slice(0, to));
    // A lone word or two of a cut-off clause ("Pada", "Theo") says nothing: a head needs a few words.
    return text.split(' ').length >= MIN_HEAD_WORDS ? { from: 0, to } : null;
  }

  /**
   * The part of the sentence around the date within `max` characters: the date's clause widened by its neighbours
   * while it fits and no blocked date (nor anything before `floor`) is crossed, or a window at word edges when that
   * says nothing informative.
   */
  private bodyCut(date: Span, blocked: readonly Span[], floor: number, informative: (text: string) => boolean, max: number): Cut {
    const sentence = this.text;
    const clauses = this.clauses();
    const home = Math.max(0, clauseAt(clauses, date.start));
    // Blocked spans are in order and apart, so their stops are in order too.
    const isBlocked = (c: Clause) => {
      if (c.start < floor && c.stop > 0) return true;
      const next = firstIndex(blocked, (b) => b.stop > c.start);
      return next < blocked.length && blocked[next]!.start < c.stop;
    };
    const length = (a: number, b: number) => this.cleanedLength(clauses[a]!.start, clauses[b]!.stop);
    let first = home;
    let last = home;
    if (length(home, home) <= max) {
      while (first > 0 && !isBlocked(clauses[first - 1]!) && length(first - 1, last) <= max) first -= 1;
      while (last < clauses.length - 1 && !isBlocked(clauses[last + 1]!) && length(first, last + 1) <= max) last += 1;
      const cut = { from: clauses[first]!.start, to: clauses[last]!.stop };
      if (informative(sentence.slice(cut.from, cut.to))) return cut;
    }
    // The window may not reach past the nearest unrelated dates on either side.
    const before = firstIndex(blocked, (b) => b.stop > date.start) - 1;
    const regionStart = Math.max(floor, before >= 0 ? blocked[before]!.stop : 0);
    const after = firstIndex(blocked, (b) => b.start >= date.stop);
    const regionStop = after < blocked.length ? Math.min(sentence.length, blocked[after]!.start) : sentence.length;
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
}

/**
 * A short summary of what a sentence says about the date at [dateStart, dateStop). It always opens the sentence,
 * whose first words usually name who acts ("Sidang ke-24 Komite Antarpemerintah…", "General Secretary Trong…"):
 * - the whole sentence when it is short;
 * - else the sentence from its start to the end of the date's clause (widened by the next clauses while it fits);
 * - else, when that is too long, the sentence's opening words, " … ", and the part around the date: the date's
 *   clause widened by its neighbours while it fits, never across a clause that holds another, unrelated date
 *   (`blocked`, spans that do not overlap), which belongs to another fact; or, when that says nothing
 *   `informative`, a window cut at word edges. The opening stops before a blocked date: a sentence that opens with
 *   another fact's date has no head.
 * Never adds words of its own beyond ellipses. The extractor, reading many dates of one sentence, uses SentenceText.
 */
export function eventSnippet(
  sentence: string,
  date: Span,
  options: { blocked?: Span[]; informative?: (text: string) => boolean; max?: number } = {},
): string {
  const { blocked = [], informative = () => true, max = MAX_EVENT_TEXT_CHARS } = options;
  const inOrder = [...blocked].sort((a, b) => a.start - b.start);
  return new SentenceText(sentence).snippet(date, inOrder, informative, max);
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
