import type { WeightedTerm } from '../index/lexical-index.ts';
import { analyze, bigrams, type Token } from '../text/tokenizer.ts';
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
} as const;

/** Cyrillic stems shorter than this must match exactly; longer ones may differ in their ending. */
const MIN_RUSSIAN_PREFIX = 4;

function tokensMatch(query: Token, gloss: Token): boolean {
  if (query.cyrillic && gloss.cyrillic) {
    const [a, b] = query.key.length <= gloss.key.length ? [query.key, gloss.key] : [gloss.key, query.key];
    return a === b || (a.length >= MIN_RUSSIAN_PREFIX && b.startsWith(a));
  }
  return query.term === gloss.term;
}

function variantMatchesAt(phrase: Token[], at: number, variant: ConceptVariant): boolean {
  if (at + variant.tokens.length > phrase.length) return false;
  // A one-word match on a function word ("trong" = "in" in Vietnamese, "Trong" the name) is not evidence.
  if (variant.tokens.length === 1 && phrase[at]!.stop) return false;
  return variant.tokens.every((g, i) => tokensMatch(phrase[at + i]!, g));
}

interface ConceptMatch {
  concept: Concept;
  length: number;
}

function longestConceptAt(phrase: Token[], at: number, glossary: Glossary): ConceptMatch | null {
  let best: ConceptMatch | null = null;
  for (const concept of glossary.concepts) {
    for (const variant of concept.variants) {
      if ((best === null || variant.tokens.length > best.length) && variantMatchesAt(phrase, at, variant)) {
        best = { concept, length: variant.tokens.length };
      }
    }
  }
  return best;
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

/** Finds glossary concepts (longest match first) and leftover content words; builds the weighted search terms. */
export function analyzeQuery(question: string, glossary: Glossary): AnalyzedQuery {
  const units: QueryUnit[] = [];
  const terms: WeightedTerm[] = [];
  const seenConcepts = new Set<string>();
  const seenWords = new Set<string>();
  for (const phrase of analyze(question)) {
    for (const b of bigrams(phrase)) terms.push({ term: b, weight: EXPANSION_WEIGHTS.typed });
    let i = 0;
    while (i < phrase.length) {
      const match = longestConceptAt(phrase, i, glossary);
      if (match !== null) {
        if (!seenConcepts.has(match.concept.id)) {
          seenConcepts.add(match.concept.id);
          units.push({ label: match.concept.id, conceptId: match.concept.id, cyrillic: false, anchors: conceptAnchors(match.concept) });
          terms.push(...conceptTerms(match.concept));
        }
        for (let j = i; j < i + match.length; j++) {
          if (!phrase[j]!.stop) terms.push({ term: phrase[j]!.term, weight: EXPANSION_WEIGHTS.typed });
        }
        i += match.length;
        continue;
      }
      const token = phrase[i]!;
      if (!token.stop && !seenWords.has(token.term)) {
        seenWords.add(token.term);
        units.push({ label: token.term, conceptId: null, cyrillic: token.cyrillic, anchors: [[token.term]] });
        terms.push({ term: token.term, weight: EXPANSION_WEIGHTS.typed });
      }
      i++;
    }
  }
  return { units, terms };
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
