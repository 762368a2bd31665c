import type { WeightedTerm } from '../index/lexical-index.ts';
import { analyze, BIGRAM_JOINER, bigrams, type Token } from '../text/tokenizer.ts';
import { withoutFleetingVowel } from '../text/stem.ts';
import { foldDiacritics } from '../text/normalize.ts';
import { STOP_WORDS_BY_LANG } from '../text/stopwords.ts';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';
import { askedAnswerType } from './answer-type.ts';
import type { Concept, ConceptVariant, Glossary } from './glossary.ts';

/**
 * A query is read as a list of units: each is either a glossary concept found in the question (any language,
 * any inflection) or a plain content word. Units are what relevance counts: "how much of what was asked does this
 * passage talk about". Each unit knows which index terms stand for it.
 */
export interface QueryUnit {
  label: string;
  conceptId: string | null;
  /** A plain word typed in Cyrillic (the corpus has no Russian text). */
  cyrillic: boolean;
  /** A capitalised word inside the question (a name: "Japan", "Kim", "US"), not the sentence's first word. */
  named?: boolean;
  /** The glossary concept's kind, for a concept unit. */
  kind?: Concept['kind'];
  /** Alternatives; the unit is present in a passage when every term of at least one alternative is. */
  anchors: string[][];
}

export interface AnalyzedQuery {
  units: QueryUnit[];
  terms: WeightedTerm[];
}

/** Weights of expanded terms, relative to 1 for a word the user typed. */
export const EXPANSION_WEIGHTS = {
  /** The user's own words and the word pairs they typed. */
  typed: 1,
  /** A one-word variant of a matched concept, in any language. */
  variantWord: 0.9,
  /** A word pair of a multi-word variant ("hubungan diplomatik"): the phrase, strong evidence. */
  variantPair: 0.9,
  /** A single word inside a multi-word variant ("hubungan"): weak alone. */
  variantPartWord: 0.35,
  /** The folded form of an accented word the user typed: it also matches other syllables ("đầu" → dau ← "dầu"). */
  typedFolded: 0.3,
} as const;

/** Cyrillic stems shorter than this must match exactly; longer ones may differ in their ending. */
const MIN_RUSSIAN_PREFIX = 4;

function tokensMatch(query: Token, gloss: Token): boolean {
  if (query.cyrillic && gloss.cyrillic) {
    const [a, b] = query.key.length <= gloss.key.length ? [query.key, gloss.key] : [gloss.key, query.key];
    return a === b || (a.length >= MIN_RUSSIAN_PREFIX && b.startsWith(a)) || query.key === withoutFleetingVowel(gloss.key);
  }
  // A Russian word is never a Vietnamese accented syllable, even when its transliteration folds to the same letters.
  if (query.cyrillic && gloss.exact !== null) return false;
  // Both accented: compare accents too ("đầu" is not "dầu"). Otherwise the user typed without diacritics, or the
  // glossary form has none (names), and the folded forms decide.
  if (query.exact !== null && gloss.exact !== null) return query.exact === gloss.exact;
  return query.term === gloss.term;
}

function variantMatchesAt(phrase: Token[], at: number, variant: ConceptVariant): boolean {
  if (at + variant.tokens.length > phrase.length) return false;
  // A one-word match on a function word ("trong" = "in" in Vietnamese, "Trong" the name) is not evidence.
  if (variant.tokens.length === 1 && phrase[at]!.stop) return false;
  return variant.tokens.every((g, i) => tokensMatch(phrase[at + i]!, g));
}

export interface ConceptMatch {
  concept: Concept;
  start: number;
  length: number;
}

/**
 * Every concept mention in a phrase, keeping overlapping ones unless one lies inside a longer one:
 * "quan hệ đối tác chiến lược toàn diện" holds both "quan hệ đối tác chiến lược" (strategic partnership) and
 * "đối tác chiến lược toàn diện" (comprehensive strategic partnership); "strategic partnership" inside
 * "comprehensive strategic partnership" alone is dropped.
 */
export function findConcepts(phrase: Token[], glossary: Glossary, options: { keepNested?: boolean } = {}): ConceptMatch[] {
  const index = firstTokenIndex(glossary);
  const found: ConceptMatch[] = [];
  for (let start = 0; start < phrase.length; start++) {
    const candidates = index.candidates(phrase[start]!);
    // Most words start no variant: nothing to allocate for them.
    if (candidates.length === 0) continue;
    // Longest matching variant per concept, for the few concepts with a variant that can start here.
    const lengths = new Map<number, number>();
    for (const { conceptIndex, variant } of candidates) {
      if (variant.tokens.length > (lengths.get(conceptIndex) ?? 0) && variantMatchesAt(phrase, start, variant)) {
        lengths.set(conceptIndex, variant.tokens.length);
      }
    }
    // Glossary order, as a scan of every concept would give.
    for (const conceptIndex of [...lengths.keys()].sort((a, b) => a - b)) {
      found.push({ concept: glossary.concepts[conceptIndex]!, start, length: lengths.get(conceptIndex)! });
    }
  }
  // Word order inside a longer mention still matters to some readers (see direction.ts): they keep nested ones.
  if (options.keepNested === true) return found;
  return found.filter((m) => !found.some((other) => liesInside(m, other)));
}

function liesInside(a: ConceptMatch, b: ConceptMatch): boolean {
  return a !== b && a.start >= b.start && a.start + a.length <= b.start + b.length && a.length < b.length;
}

interface IndexedVariant {
  conceptIndex: number;
  variant: ConceptVariant;
}

/**
 * Glossary variants by the keys under which their first token can match a question token (see tokensMatch):
 * the folded term, the accented form, and for Cyrillic the first MIN_RUSSIAN_PREFIX letters of the stem (a prefix
 * match of at least that length, or an exact match, shares them). A token can only match a variant listed under
 * one of its own keys, so findConcepts checks a handful of variants per word instead of the whole glossary.
 */
const variantIndexes = new WeakMap<Glossary, VariantIndex>();

interface VariantIndex {
  /** The variants a token may start, under each of its keys in turn. */
  candidates(token: Token): readonly IndexedVariant[];
}

function firstTokenIndex(glossary: Glossary): VariantIndex {
  let index = variantIndexes.get(glossary);
  if (index !== undefined) return index;
  const byKey = new Map<string, IndexedVariant[]>();
  for (const [conceptIndex, concept] of glossary.concepts.entries()) {
    for (const variant of concept.variants) {
      const first = variant.tokens[0]!;
      const fleeting = first.cyrillic ? withoutFleetingVowel(first.key) : undefined;
      // An inflected form without the fleeting vowel (послом for посол) is looked up under its own first letters.
      const keys = fleeting === undefined ? lookupKeys(first) : [...lookupKeys(first), `c:${fleeting.slice(0, MIN_RUSSIAN_PREFIX)}`];
      for (const key of new Set(keys)) {
        let list = byKey.get(key);
        if (list === undefined) byKey.set(key, (list = []));
        list.push({ conceptIndex, variant });
      }
    }
  }
  // A word no variant starts with under its folded term (most words) has no candidates unless it is accented or
  // Cyrillic: that is decided with one look-up of the term itself, without building the keys' strings (building
  // them was most of matching a passage's phrases at build time).
  const firstTerms = new Set([...byKey.keys()].filter((key) => key.startsWith('t:')).map((key) => key.slice(2)));
  const none: readonly IndexedVariant[] = [];
  // Other words' candidates are kept per word (analysed words are shared objects: the tokenizer's word cache).
  const byToken = new WeakMap<Token, readonly IndexedVariant[]>();
  index = {
    candidates(token) {
      if (token.exact === null && !token.cyrillic && !firstTerms.has(token.term)) return none;
      let list = byToken.get(token);
      if (list === undefined) {
        list = lookupKeys(token).flatMap((key) => byKey.get(key) ?? []);
        byToken.set(token, list);
      }
      return list;
    },
  };
  variantIndexes.set(glossary, index);
  return index;
}

/**
 * Whether a Cyrillic word meets a word of some glossary variant, wherever in the variant it stands, by the rule of
 * tokensMatch. The spelling corrector asks it: a Russian word the glossary knows is not a slip (the corpus has no
 * Russian text, so the glossary is the only Russian vocabulary there is).
 */
export function glossaryKnowsCyrillic(token: Token, glossary: Glossary): boolean {
  if (!token.cyrillic) return false;
  const words = cyrillicWordsOf(glossary).byPrefix.get(token.key.slice(0, MIN_RUSSIAN_PREFIX)) ?? [];
  return words.some((word) => tokensMatch(token, word));
}

/**
 * The stems of the glossary's Russian words, with their fleeting-vowel forms (посол, посл). A slip is corrected
 * only towards one of these very stems, not towards a word a stem merely starts: some one-letter change of almost
 * any word starts with some four-letter glossary stem ("достичь" → "ростичь", рост).
 */
export function glossaryRussianStems(glossary: Glossary): { stems: ReadonlySet<string>; starts: ReadonlySet<string> } {
  return cyrillicWordsOf(glossary);
}

/** Letters of a Russian stem's start that `starts` keeps: a cheap first test before stemming a candidate. */
export const RUSSIAN_STEM_START = 5;

interface CyrillicWords {
  byPrefix: Map<string, Token[]>;
  stems: Set<string>;
  /** The first RUSSIAN_STEM_START letters of every stem in `stems`. */
  starts: Set<string>;
}

const cyrillicWords = new WeakMap<Glossary, CyrillicWords>();

function cyrillicWordsOf(glossary: Glossary): CyrillicWords {
  let found = cyrillicWords.get(glossary);
  if (found !== undefined) return found;
  found = { byPrefix: new Map(), stems: new Set(), starts: new Set() };
  for (const concept of glossary.concepts) {
    for (const variant of concept.variants) {
      for (const word of variant.tokens) {
        if (!word.cyrillic || word.stop) continue;
        const fleeting = withoutFleetingVowel(word.key);
        found.stems.add(word.key);
        if (fleeting !== undefined) found.stems.add(fleeting);
        for (const key of new Set([word.key, fleeting ?? word.key].map((k) => k.slice(0, MIN_RUSSIAN_PREFIX)))) {
          let list = found.byPrefix.get(key);
          if (list === undefined) found.byPrefix.set(key, (list = []));
          list.push(word);
        }
      }
    }
  }
  for (const stem of found.stems) found.starts.add(stem.slice(0, RUSSIAN_STEM_START));
  cyrillicWords.set(glossary, found);
  return found;
}

function lookupKeys(token: Token): string[] {
  const keys = [`t:${token.term}`];
  if (token.exact !== null) keys.push(`e:${token.exact}`);
  if (token.cyrillic) keys.push(`c:${token.key.slice(0, MIN_RUSSIAN_PREFIX)}`);
  return keys;
}

function isLeftover(phrase: Token[], covered: ReadonlySet<number>, j: number): boolean {
  return j < phrase.length && !phrase[j]!.stop && !covered.has(j);
}

function conceptAnchors(concept: Concept): string[][] {
  const anchors = concept.variants.map((v) => (v.bigrams.length > 0 ? v.bigrams : v.unigrams)).filter((a) => a.length > 0);
  return dedupeLists(anchors);
}

function conceptTerms(concept: Concept): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  for (const v of concept.variants) {
    if (v.unigrams.length === 1 && v.bigrams.length === 0) {
      out.push({ term: v.unigrams[0]!, weight: EXPANSION_WEIGHTS.variantWord });
      continue;
    }
    for (const b of v.bigrams) out.push({ term: b, weight: EXPANSION_WEIGHTS.variantPair });
    for (const u of v.unigrams) out.push({ term: u, weight: EXPANSION_WEIGHTS.variantPartWord });
  }
  return out;
}

export interface AnalyzeOptions {
  /**
   * Vietnamese writes words as space-separated syllables ("xung đột" = conflict). Counting each syllable as its own
   * unit would weigh a two-syllable word twice, so leftover adjacent syllables are paired into one unit.
   */
  pairSyllables?: boolean;
  /** The question is Vietnamese typed without diacritics: see withFoldedStopWords. */
  withoutDiacritics?: boolean;
}

let foldedVietnameseStops: ReadonlySet<string> | undefined;

/** The index terms of the Vietnamese function words once their diacritics are gone ("làm" → lam, "để" → de). */
export function foldedVietnameseStopTerms(): ReadonlySet<string> {
  foldedVietnameseStops ??= new Set([...STOP_WORDS_BY_LANG.vi].flatMap((w) => analyze(foldDiacritics(w)).flat().map((t) => t.term)));
  return foldedVietnameseStops;
}

/**
 * A Vietnamese question typed without diacritics keeps its function words, which stop words are told by their
 * accents (checked before folding, so that "Đà" of Đà Nẵng is no "đã"): "de lam gi" (để làm gì, "to do what") then
 * read as three content words, and "lam" as the name Tô Lâm, "nam 2030" (năm 2030, "the year 2030") as a pair only
 * Vietnamese passages hold. In such a question a lower-case word that is a function word once folded is read as
 * that function word: typed without accents, "lam" is far more often "làm" than "Lâm". A capitalised word (a name)
 * keeps its meaning, and multi-word glossary variants ("viet nam", "lan dau") still match across it.
 */
export function withFoldedStopWords(phrase: Token[], names: ReadonlySet<string>): Token[] {
  const stops = foldedVietnameseStopTerms();
  return phrase.map((t) => (t.stop || t.cyrillic || t.exact !== null || !stops.has(t.term) || names.has(t.term) ? t : { ...t, stop: true }));
}

/**
 * In a Vietnamese question typed without diacritics, a lower-case syllable is no name: "chinh sach" is chính sách
 * (policy), not Phạm Minh Chính, and "lam viec" is làm việc (to work), not Tô Lâm. A one-word glossary variant of a
 * person then matches only a capitalised word, or a lower-case one that no Vietnamese syllable spells ("putin").
 */
function isSyllableReadAsName(match: ConceptMatch, phrase: Token[], names: ReadonlySet<string>): boolean {
  if (match.length !== 1 || match.concept.kind !== 'person') return false;
  const token = phrase[match.start]!;
  return !token.cyrillic && token.exact === null && !names.has(token.term) && isVietnameseSyllable(token.term);
}

/** Finds glossary concepts and leftover content words; builds the weighted search terms. */
export function analyzeQuery(question: string, glossary: Glossary, options: AnalyzeOptions = {}): AnalyzedQuery {
  const names = namedTerms(question);
  const units: QueryUnit[] = [];
  const terms: WeightedTerm[] = [];
  const seenConcepts = new Set<string>();
  const seenWords = new Set<string>();
  for (const typed of analyze(question)) {
    const phrase = options.withoutDiacritics === true ? withFoldedStopWords(typed, names) : typed;
    for (const b of bigrams(phrase)) terms.push({ term: b, weight: EXPANSION_WEIGHTS.typed });
    const covered = new Set<number>();
    const matches = findConcepts(phrase, glossary);
    for (const match of options.withoutDiacritics === true ? matches.filter((m) => !isSyllableReadAsName(m, phrase, names)) : matches) {
      for (let j = match.start; j < match.start + match.length; j++) covered.add(j);
      if (seenConcepts.has(match.concept.id)) continue;
      seenConcepts.add(match.concept.id);
      units.push({ label: match.concept.id, conceptId: match.concept.id, cyrillic: false, kind: match.concept.kind, anchors: conceptAnchors(match.concept) });
      terms.push(...conceptTerms(match.concept));
    }
    for (const token of phrase) if (!token.stop) terms.push(...typedTerms(token));

    for (let j = 0; j < phrase.length; j++) {
      if (!isLeftover(phrase, covered, j)) continue;
      const token = phrase[j]!;
      if (options.pairSyllables === true && isLeftover(phrase, covered, j + 1) && !token.cyrillic) {
        const next = phrase[j + 1]!;
        const label = `${token.term}${BIGRAM_JOINER}${next.term}`;
        if (!seenWords.has(label)) {
          seenWords.add(label);
          units.push({ label, conceptId: null, cyrillic: false, anchors: [[label], [token.exact ?? token.term, next.exact ?? next.term]] });
        }
        j++;
        continue;
      }
      if (seenWords.has(token.term)) continue;
      seenWords.add(token.term);
      units.push({ label: token.term, conceptId: null, cyrillic: token.cyrillic, named: names.has(token.term), anchors: [[token.exact ?? token.term]] });
    }
  }
  return { units, terms };
}

/** A capital letter inside a sentence marks a name; the first word of a sentence is capitalised anyway. */
const CAPITALISED_WORD = /(?<![\p{L}\p{N}.])(\p{Lu}[\p{L}\p{M}.]*)/gu;
const SENTENCE_START = /(^|[.?!:;]\s+|["“«(]\s*)$/u;

/** Terms of the names in a question, as the tokenizer spells them. */
export function namedTerms(question: string): Set<string> {
  const names = new Set<string>();
  for (const match of question.matchAll(CAPITALISED_WORD)) {
    if (SENTENCE_START.test(question.slice(0, match.index))) continue;
    for (const phrase of analyze(match[1]!)) for (const token of phrase) if (!token.stop) names.add(token.term);
  }
  return names;
}

/** Years a corpus about modern relations can mention; only those present in the index become anchors. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2099;
/**
 * Adds a "(date)" unit, present in any passage that mentions a year, to a question that asks "when". The unit counts
 * in relevance only; its years are not BM25 terms. They were, at a tenth of a word's weight, and lifted every
 * passage holding any year a little above one holding none, which relevance's date unit already does with the
 * question's other units in view. Without them the tuning sets rank as well or better (MRR@10 with refusals off:
 * dev-set 0.825 → 0.840, dev-b 0.728 → 0.730, eval-set 0.906 → 0.903, paraphrase-set unchanged), and a "when"
 * question reads about 8% fewer postings at 10k passages.
 */
export function withDateUnit(query: AnalyzedQuery, question: string, hasTerm: (term: string) => boolean): AnalyzedQuery {
  // The question words are read by askedAnswerType, the one place that knows how each language asks "when".
  if (askedAnswerType(question) !== 'date') return query;
  const years: string[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) if (hasTerm(String(y))) years.push(String(y));
  if (years.length === 0) return query;
  return { units: [...query.units, { label: '(date)', conceptId: null, cyrillic: false, anchors: years.map((y) => [y]) }], terms: query.terms };
}

function typedTerms(token: Token): WeightedTerm[] {
  if (token.exact === null) return [{ term: token.term, weight: EXPANSION_WEIGHTS.typed }];
  return [
    { term: token.exact, weight: EXPANSION_WEIGHTS.typed },
    { term: token.term, weight: EXPANSION_WEIGHTS.typedFolded },
  ];
}

function dedupeLists(lists: string[][]): string[][] {
  const seen = new Set<string>();
  return lists.filter((l) => {
    const key = l.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
