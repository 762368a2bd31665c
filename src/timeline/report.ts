import { classifyEventKinds, GENERIC_KINDS, kindFamily, type EventKind } from './lexicon.ts';
import type { Span } from './snippets.ts';

/**
 * What a sentence reports at one of its dates. A sentence often tells several facts: "This is Putin's first visit
 * to Vietnam after his election in March 2024" reports a visit and dates only the election, in passing. The date
 * belongs to the fact told in its own clause; clauses opened by "after", "since", "before" (and their vi, id, ru
 * equivalents) tell background facts of another time, so they neither lend their kind to a date outside them nor
 * let their own date stand for the sentence's main fact.
 */

/** How a clause is joined to the one before it. */
type Opener = 'start' | 'punctuation' | 'and' | 'linked' | 'background';

export interface FactClause extends Span {
  opener: Opener;
}

/**
 * Class: temporal subordinators and prepositions that set a clause at ANOTHER time than the main clause (en, vi,
 * id, ru). "When", "while", "where" are not here: their clause shares the main clause's time.
 */
const BACKGROUND_WORDS = [
  'after', 'since', 'following', 'before',
  'sau khi', 'kể từ khi', 'kể từ', 'từ khi', 'trước khi',
  'setelah', 'sesudah', 'sejak', 'sebelum',
  'после того как', 'после', 'с тех пор как', 'до того как', 'перед тем как', 'перед',
];
/** Class: coordinating "and" (en, vi, id, ru). Facts joined by it, one of them undated, share the other's date. */
const AND_WORDS = ['and', 'và', 'dan', 'и'];
/** Class: subordinators of the same time ("when", "while", "where"; en, vi, id, ru): a clause break, same date. */
const LINKED_WORDS = ['when', 'where', 'while', 'trong khi', 'khi', 'ketika', 'di mana', 'sementara', 'когда', 'где'];

const OPENER_OF = new Map<string, Opener>([
  ...BACKGROUND_WORDS.map((w) => [w, 'background'] as const),
  ...AND_WORDS.map((w) => [w, 'and'] as const),
  ...LINKED_WORDS.map((w) => [w, 'linked'] as const),
]);

const alternation = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join('|');
/** Longest words first, so that "kể từ khi" is one opener, not "kể từ" then "khi". */
const OPENER_WORD = new RegExp(`(?<![\\p{L}\\p{N}])(${alternation([...OPENER_OF.keys()])})(?=\\s)`, 'giu');
const PUNCTUATION_BREAK = /[,;:]\s+|\s+[—–]\s+/gu;

/** The sentence cut into clauses at punctuation and at the opener words, each with how it is joined. */
export function factClauses(sentence: string): FactClause[] {
  // Keyed by where the next clause starts, so that ", after …" is one break, of the word's kind.
  const byNext = new Map<number, { stop: number; next: number; opener: Opener }>();
  PUNCTUATION_BREAK.lastIndex = 0;
  for (let m = PUNCTUATION_BREAK.exec(sentence); m !== null; m = PUNCTUATION_BREAK.exec(sentence)) {
    byNext.set(m.index + m[0].length, { stop: m.index, next: m.index + m[0].length, opener: 'punctuation' });
  }
  OPENER_WORD.lastIndex = 0;
  for (let m = OPENER_WORD.exec(sentence); m !== null; m = OPENER_WORD.exec(sentence)) {
    const opener = OPENER_OF.get(m[1]!.toLowerCase()) ?? 'linked';
    const right = byNext.get(m.index);
    if (right) right.opener = opener;
    else byNext.set(m.index, { stop: sentence.slice(0, m.index).trimEnd().length, next: m.index, opener });
  }
  const breaks = [...byNext.values()].sort((a, b) => a.next - b.next);
  const clauses: FactClause[] = [];
  let start = 0;
  let opener: Opener = 'start';
  for (const b of breaks) {
    if (b.next === 0) {
      opener = b.opener;
      continue;
    }
    clauses.push({ start, stop: b.stop, opener });
    start = b.next;
    opener = b.opener;
  }
  clauses.push({ start, stop: sentence.length, opener });
  return clauses.filter((c) => c.stop > c.start);
}

export interface DateReport {
  /** Kinds of the fact the date belongs to, most telling first; empty when the sentence names none. */
  kinds: EventKind[];
  /** The clauses that tell that fact (the whole sentence when none does): who takes part is read from it. */
  fact: string;
  /**
   * The date only dates a background fact (its clause opens with "after", "since", …) of another kind than the
   * sentence's main fact: the sentence does not report an event at that date.
   */
  passing: boolean;
}

/**
 * What the sentence reports at the date starting at `dateStart`. `otherDates` are the sentence's dates that
 * cannot be the same event: a clause holding one tells its own fact and lends nothing. `clauses` are the sentence's
 * factClauses, when the caller asks about several of its dates (cut once, not once per date).
 */
export function reportAt(sentence: string, dateStart: number, otherDates: Span[] = [], clauses = factClauses(sentence)): DateReport {
  const home = Math.max(0, clauses.findIndex((c) => dateStart >= c.start && dateStart < c.stop));
  const dated = (c: FactClause) => otherDates.some((d) => d.start < c.stop && d.stop > c.start);
  const background = (i: number) => clauses[i]!.opener === 'background';
  const textOf = (indexes: number[]) => indexes.map((i) => sentence.slice(clauses[i]!.start, clauses[i]!.stop)).join(' ');
  const kindsOf = (indexes: number[]) => classifyEventKinds(textOf(indexes));
  const eligible = (i: number) => !background(i) && !dated(clauses[i]!);
  // Built only when needed: most dates find their fact in their own clause or a neighbour.
  const main = () => clauses.map((_, i) => i).filter(eligible);

  if (background(home)) {
    const own = kindsOf([home]);
    if (own.length > 0) {
      const told = kindsOf(main()).filter((k) => !GENERIC_KINDS.has(k));
      const families = new Set(own.map(kindFamily));
      return { kinds: own, fact: textOf([home]), passing: told.length > 0 && !told.some((k) => families.has(kindFamily(k))) };
    }
    // "Since 2019, Vietnam has received 1,000 scholarships": the opener only bounds the main fact in time.
  }

  const chain = coordinated(clauses, home, eligible);
  const previous = nearest(clauses.length, chain[0]!, -1, eligible);
  const next = nearest(clauses.length, chain.at(-1)!, +1, eligible);
  const levels: Array<() => number[]> = [
    () => chain,
    () => [...opt(previous), ...chain],
    () => [...chain, ...opt(next)],
    () => [...opt(previous), ...chain, ...opt(next)],
    main,
  ];
  const tried = new Set<string>();
  for (const level of levels) {
    const indexes = level();
    const key = indexes.join(',');
    if (tried.has(key)) continue;
    tried.add(key);
    const kinds = kindsOf(indexes);
    if (kinds.length > 0) return { kinds, fact: textOf(indexes), passing: false };
  }
  return { kinds: [], fact: sentence, passing: false };
}

/**
 * What an anniversary names: "(1994-2024)" or "the 75th anniversary … this year" dates the original event, which
 * is told from the anniversary phrase to the end of its clause ("the 30th anniversary of the signing of the
 * Treaty…") — not in the words and clauses around, which tell the celebration ("the visit coincided with…").
 * `phraseAt` is where the phrase starts; the kinds leave out the anniversary itself.
 */
export function anniversaryReport(sentence: string, phraseAt: number, clauses = factClauses(sentence)): DateReport {
  const clause = clauses.find((c) => phraseAt >= c.start && phraseAt < c.stop);
  // From the phrase on: what comes before it in its clause tells the celebration ("Kunjungan … menandai").
  const fact = clause ? sentence.slice(phraseAt, clause.stop) : sentence.slice(phraseAt);
  return { kinds: classifyEventKinds(fact).filter((kind) => kind !== 'anniversary'), fact, passing: false };
}

const opt = (i: number | undefined) => (i === undefined ? [] : [i]);

/** The nearest clause before (or after) `from` that may lend its fact. */
function nearest(count: number, from: number, direction: -1 | 1, eligible: (i: number) => boolean): number | undefined {
  for (let i = from + direction; i >= 0 && i < count; i += direction) if (eligible(i)) return i;
  return undefined;
}

/** The home clause and the clauses joined to it by "and" on either side (while `eligible`), in order. */
function coordinated(clauses: FactClause[], home: number, eligible: (i: number) => boolean): number[] {
  const out = [home];
  for (let i = home; i > 0 && clauses[i]!.opener === 'and' && eligible(i - 1); i--) out.unshift(i - 1);
  for (let i = home + 1; i < clauses.length && clauses[i]!.opener === 'and' && eligible(i); i++) out.push(i);
  return out;
}
