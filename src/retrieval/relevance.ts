import type { QueryUnit } from './query.ts';

/**
 * Calibrated relevance, 0–1: the IDF-weighted share of the question's units (concepts and content words) that a
 * passage talks about. 1 = every asked-about thing is there; rare, specific things weigh more than "Vietnam".
 * Unlike BM25 it does not grow with passage length or query length, so one threshold works for every question.
 */

/** A unit that appears in no passage at all (weather, gold price) may be a paraphrase we cannot see, so it weighs
 * less than the rarest known term, but still enough that an off-topic question falls under the threshold. */
export const UNKNOWN_UNIT_FACTOR = 0.5;
/**
 * A person the question names (a glossary person: Mishustin, Tô Lâm) is what it is about: "when did Mishustin
 * visit?" is not answered by another leader's visit however well that passage matches "visit" and the date. Persons
 * recur through whole articles, so their IDF alone ranks them below common verbs of the question's own language.
 * Chosen on the tuning sets among 1, 1.5, 2 and 3, left-one-set-out: 2 or 3 won on every held-out set
 * (MRR@10 dev-b 0.720 → 0.728, dev-set 0.815 → 0.825, eval-set 0.897 → 0.906 at 2; paraphrase-set unchanged).
 */
export const PERSON_UNIT_FACTOR = 2;

/**
 * A name the corpus never mentions ("Japan", "Kim Jong Un", "US") is not a paraphrase we cannot see: the question
 * is about someone or something else, so it weighs like the rarest known term.
 */
export const UNKNOWN_NAME_FACTOR = 1;
/** A Russian word outside the glossary can only ever match a transliterated name, so its absence says little. */
export const UNKNOWN_CYRILLIC_FACTOR = 0.25;
/** A unit found only in the article title, not in the passage, counts this much. */
export const TITLE_ONLY_CREDIT = 0.5;

export function inverseDocumentFrequency(df: number, documents: number): number {
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

/** Passages holding an anchor: approximated by its rarest term (exact for one-term anchors). */
export function unitDocumentFrequency(unit: QueryUnit, dfOf: (term: string) => number): number {
  let df = 0;
  for (const anchor of unit.anchors) {
    // reduce, not Math.min(...): the same value (Infinity for none) without spreading an unbounded array.
    const anchorDf = anchor.reduce((min, term) => Math.min(min, dfOf(term)), Number.POSITIVE_INFINITY);
    if (anchorDf > df) df = anchorDf;
  }
  return df;
}

export function unitWeights(units: QueryUnit[], dfOf: (term: string) => number, documents: number): number[] {
  return unitWeightsOf(units, units.map((unit) => unitDocumentFrequency(unit, dfOf)), documents);
}

/** unitWeights from each unit's unitDocumentFrequency, when the caller has them (retrieval reuses them). */
export function unitWeightsOf(units: readonly QueryUnit[], frequencies: readonly number[], documents: number): number[] {
  return units.map((unit, i) => {
    const df = frequencies[i]!;
    const idf = inverseDocumentFrequency(df, documents);
    if (df > 0) return unit.kind === 'person' ? idf * PERSON_UNIT_FACTOR : idf;
    return idf * (unit.cyrillic ? UNKNOWN_CYRILLIC_FACTOR : unit.named ? UNKNOWN_NAME_FACTOR : UNKNOWN_UNIT_FACTOR);
  });
}

/** How a passage holds a unit: 1 in its text, TITLE_ONLY_CREDIT in its title only, 0 not at all. */
export function unitPresence(unit: QueryUnit, textTerms: ReadonlySet<string>, allTerms: ReadonlySet<string>): number {
  if (holdsUnit(unit, textTerms)) return 1;
  return allTerms !== textTerms && holdsUnit(unit, allTerms) ? TITLE_ONLY_CREDIT : 0;
}

/** Every term of at least one anchor is in `terms`. Plain loops: this runs for every unit × sentence × candidate. */
export function holdsUnit(unit: QueryUnit, terms: ReadonlySet<string>): boolean {
  for (const anchor of unit.anchors) if (holdsAll(anchor, terms)) return true;
  return false;
}

function holdsAll(anchor: readonly string[], terms: ReadonlySet<string>): boolean {
  for (const t of anchor) if (!terms.has(t)) return false;
  return true;
}

export function coverage(presence: number[], weights: number[]): number {
  let total = 0;
  let got = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    total += w;
    got += w * (presence[i] ?? 0);
  }
  return total > 0 ? got / total : 0;
}

/**
 * `coverage` of one term set (a sentence) that has no title: the same sum, in the same order, without building
 * the presence array. Runs for every sentence of every candidate, hence the plain loop.
 */
export function termSetCoverage(units: QueryUnit[], weights: number[], terms: ReadonlySet<string>): number {
  let total = 0;
  let got = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    total += w;
    const unit = units[i];
    got += w * (unit !== undefined && holdsUnit(unit, terms) ? 1 : 0);
  }
  return total > 0 ? got / total : 0;
}

/**
 * The units with only the anchors `terms` holds entirely. Any subset of `terms` (a sentence of a passage, when
 * `terms` is the union of its sentences) holds exactly the units the full ones hold, and a concept's anchors in
 * other languages are not looked up sentence after sentence.
 */
export function unitsWithin(units: QueryUnit[], terms: ReadonlySet<string>): QueryUnit[] {
  const out: QueryUnit[] = [];
  for (const unit of units) {
    const anchors: string[][] = [];
    for (const anchor of unit.anchors) if (holdsAll(anchor, terms)) anchors.push(anchor);
    out.push({ ...unit, anchors });
  }
  return out;
}

/**
 * Units for bounding, from a passage's reported terms (`T`, those of `reported` it holds), the coverage of any term
 * set `S` with `S ∩ reported ⊆ T` (a sentence of a passage whose terms are all its text's, see retrieve.ts):
 * `termSetCoverage(units, w, S) ≤ termSetCoverage(unitsForBound(units, reported), w, T)`. An anchor with a term
 * outside `reported` cannot be checked against T, so its unit counts as held (an empty anchor).
 */
export function unitsForBound(units: readonly QueryUnit[], reported: ReadonlySet<string>): QueryUnit[] {
  return units.map((u) => (u.anchors.every((anchor) => anchor.every((t) => reported.has(t))) ? u : { ...u, anchors: [[]] }));
}

/**
 * Unit weights for the passages of each language. A plain word of the question (no glossary concept, not a name)
 * that some candidate holds, but no candidate in a given language, is a word with no translation we know into that
 * language: a passage there cannot hold it whatever it says, so its absence tells as little as a word the corpus
 * lacks, and it weighs UNKNOWN_UNIT_FACTOR of its weight for those passages (as in unitWeights). Without this, a
 * question in Vietnamese ranks Vietnamese passages that share its everyday words above the English or Indonesian
 * one that answers.
 */
export function weightsByLanguage<L>(units: readonly QueryUnit[], weights: readonly number[], candidates: readonly { lang: L; presence: readonly number[] }[]): Map<L, number[]> {
  const heldIn = new Map<L, boolean[]>();
  const heldAnywhere = units.map(() => false);
  for (const { lang, presence } of candidates) {
    let held = heldIn.get(lang);
    if (held === undefined) {
      held = units.map(() => false);
      heldIn.set(lang, held);
    }
    // A plain loop: this runs for every unit of every hit.
    for (let u = 0; u < presence.length; u++) {
      if (presence[u]! > 0) {
        held[u] = true;
        heldAnywhere[u] = true;
      }
    }
  }
  const out = new Map<L, number[]>();
  for (const [lang, held] of heldIn) {
    out.set(
      lang,
      weights.map((w, u) => {
        const unit = units[u]!;
        const untranslatable = unit.conceptId === null && unit.named !== true && heldAnywhere[u]! && !held[u]!;
        return untranslatable ? w * UNKNOWN_UNIT_FACTOR : w;
      }),
    );
  }
  return out;
}

