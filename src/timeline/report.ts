import { classifyEventKinds, GENERIC_KINDS, kindFamily, type EventKind } from './lexicon.ts';
import { firstIndex, type Span } from './snippets.ts';

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
 * factClauses, when the caller has them. A caller asking about several dates of one sentence uses SentenceFacts.
 */
export function reportAt(sentence: string, dateStart: number, otherDates: Span[] = [], clauses = factClauses(sentence)): DateReport {
  return new SentenceFacts(sentence, clauses).reportAt(dateStart, [...otherDates].sort((a, b) => a.start - b.start));
}

/**
 * What an anniversary names: "(1994-2024)" or "the 75th anniversary … this year" dates the original event, which
 * is told from the anniversary phrase to the end of its clause ("the 30th anniversary of the signing of the
 * Treaty…") — not in the words and clauses around, which tell the celebration ("the visit coincided with…").
 * `phraseAt` is where the phrase starts; the kinds leave out the anniversary itself.
 */
export function anniversaryReport(sentence: string, phraseAt: number, clauses = factClauses(sentence)): DateReport {
  return new SentenceFacts(sentence, clauses).anniversaryReport(phraseAt);
}

/**
 * Clause texts are joined by a line break, which no kind pattern matches: a kind is found only inside a clause
 * (a piece of the sentence), never across the words two clauses bring together ("… joint" + "statement …"). That
 * keeps mayNameEventKind's promise that a sentence whose cleaned text names no kind has no piece that does.
 */
const CLAUSE_JOINER = '\n';

/**
 * One sentence, cut once, for reading many of its dates (issue 11: a sentence of a thousand characters may hold
 * two hundred dates). The clause holding a date is found by binary search, whether a clause holds another date by
 * binary search over the dates (in reading order, apart: the sentence's other date mentions), and the kinds of each
 * set of clauses are classified once.
 */
export class SentenceFacts {
  private readonly kindsByClauses = new Map<string, EventKind[]>();
  /** The main clauses for each set of other dates (extract.ts passes one array per date value). */
  private readonly mainByDates = new WeakMap<readonly Span[], number[]>();

  constructor(
    readonly sentence: string,
    readonly clauses: FactClause[] = factClauses(sentence),
  ) {}

  /** reportAt for this sentence; `otherDates` in reading order and apart. */
  reportAt(dateStart: number, otherDates: readonly Span[]): DateReport {
    const { clauses } = this;
    const home = Math.max(0, this.clauseHolding(dateStart));
    const dated = (c: FactClause) => {
      const next = firstIndex(otherDates, (d) => d.stop > c.start);
      return next < otherDates.length && otherDates[next]!.start < c.stop;
    };
    const background = (i: number) => clauses[i]!.opener === 'background';
    const eligible = (i: number) => !background(i) && !dated(clauses[i]!);
    // Built only when needed (most dates find their fact in their own clause or a neighbour), once per date set.
    const main = () => {
      let indexes = this.mainByDates.get(otherDates);
      if (!indexes) {
        indexes = clauses.map((_, i) => i).filter(eligible);
        this.mainByDates.set(otherDates, indexes);
      }
      return indexes;
    };

    if (background(home)) {
      const own = this.kindsOf([home]);
      if (own.length > 0) {
        const told = this.kindsOf(main()).filter((k) => !GENERIC_KINDS.has(k));
        const families = new Set(own.map(kindFamily));
        return { kinds: own, fact: this.textOf([home]), passing: told.length > 0 && !told.some((k) => families.has(kindFamily(k))) };
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
      const kinds = this.kindsOf(indexes, key);
      if (kinds.length > 0) return { kinds, fact: this.textOf(indexes), passing: false };
    }
    return { kinds: [], fact: this.sentence, passing: false };
  }

  /** anniversaryReport for this sentence. */
  anniversaryReport(phraseAt: number): DateReport {
    const { sentence } = this;
    const home = this.clauseHolding(phraseAt);
    // From the phrase on: what comes before it in its clause tells the celebration ("Kunjungan … menandai").
    const fact = home >= 0 ? sentence.slice(phraseAt, this.clauses[home]!.stop) : sentence.slice(phraseAt);
    return { kinds: classifyEventKinds(fact).filter((kind) => kind !== 'anniversary'), fact, passing: false };
  }

  /** The clause with start <= at < stop, or -1 (clauses are in order and apart). */
  private clauseHolding(at: number): number {
    const i = firstIndex(this.clauses, (c) => c.start > at) - 1;
    return i >= 0 && at < this.clauses[i]!.stop ? i : -1;
  }

  private textOf(indexes: number[]): string {
    return indexes.map((i) => this.sentence.slice(this.clauses[i]!.start, this.clauses[i]!.stop)).join(CLAUSE_JOINER);
  }

  private kindsOf(indexes: number[], key = indexes.join(',')): EventKind[] {
    let kinds = this.kindsByClauses.get(key);
    if (!kinds) {
      kinds = classifyEventKinds(this.textOf(indexes));
      this.kindsByClauses.set(key, kinds);
    }
    return kinds;
  }
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
