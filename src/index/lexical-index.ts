import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Passage } from '../domain.ts';
import { BotError } from '../errors.ts';
import { BIGRAM_JOINER, EXACT_PREFIX, indexTerms } from '../text/tokenizer.ts';

export interface LexicalHit {
  /** Position in the passages array the index was built from. */
  label: number;
  /** BM25 score (unnormalised). */
  score: number;
  /** Normalised query terms that matched this passage. */
  terms: string[];
  /** The subset of `terms` found in the passage text itself (not only in its article title). */
  textTerms: string[];
}

export interface SimilarTerm {
  term: string;
  distance: number;
  df: number;
}

/** One index term of an expanded query with its weight (1 = an ordinary query word). */
export interface WeightedTerm {
  term: string;
  weight: number;
}

/** Bumped whenever the stored form or the tokenizer changes, so an old lexical.json is rejected, not misread. */
export const LEXICAL_FORMAT_VERSION = 1;

/**
 * The article title is shared by every passage of the article: it says what the article is about but not which
 * paragraph answers, so it counts for less than the passage text.
 */
const TITLE_BOOST = 0.4;

interface StoredLexicalIndex {
  formatVersion: number;
  size: number;
  documentFrequency: Record<string, number>;
  miniSearch: unknown;
}

interface IndexedDoc {
  id: number;
  text: string;
  title: string;
}

/** Query strings handed to MiniSearch are already index terms, joined by spaces; they must not be re-analysed. */
const QUERY_TERM_SEPARATOR = ' ';

function miniSearchOptions(): Options<IndexedDoc> {
  return {
    fields: ['text', 'title'],
    storeFields: [],
    tokenize: (text) => indexTerms(text),
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (query) => query.split(QUERY_TERM_SEPARATOR).filter((t) => t.length > 0),
      processTerm: (term) => term,
      boost: { text: 1, title: TITLE_BOOST },
      combineWith: 'OR',
    },
  };
}

/** BM25 over passage text and title (MiniSearch), with the multilingual tokenizer of `src/text`. */
export class LexicalIndex {
  private readonly postingsMemo = new Map<string, FieldPostings>();

  private constructor(
    private readonly engine: MiniSearch<IndexedDoc>,
    private readonly df: Map<string, number>,
    readonly size: number,
  ) {}

  static build(passages: Passage[]): LexicalIndex {
    const engine = new MiniSearch<IndexedDoc>(miniSearchOptions());
    const df = new Map<string, number>();
    passages.forEach((passage, label) => {
      const doc: IndexedDoc = { id: label, text: passage.text, title: passage.meta.title };
      engine.add(doc);
      for (const term of new Set([...indexTerms(doc.text), ...indexTerms(doc.title)])) df.set(term, (df.get(term) ?? 0) + 1);
    });
    return new LexicalIndex(engine, df, passages.length);
  }

  /** A JSON-serialisable form, written to `lexical.json`. */
  toJSON(): StoredLexicalIndex {
    return {
      formatVersion: LEXICAL_FORMAT_VERSION,
      size: this.size,
      documentFrequency: Object.fromEntries(this.df),
      miniSearch: this.engine.toJSON(),
    };
  }

  static fromJSON(json: unknown): LexicalIndex {
    if (typeof json !== 'object' || json === null) throw corrupt('not an object');
    const stored = json as Partial<StoredLexicalIndex>;
    if (stored.formatVersion !== LEXICAL_FORMAT_VERSION) {
      throw corrupt(`format version ${String(stored.formatVersion)}, expected ${LEXICAL_FORMAT_VERSION}`);
    }
    if (typeof stored.size !== 'number' || typeof stored.documentFrequency !== 'object' || stored.documentFrequency === null) {
      throw corrupt('size or document frequencies missing');
    }
    try {
      const engine = MiniSearch.loadJS<IndexedDoc>(stored.miniSearch as Parameters<typeof MiniSearch.loadJS>[0], miniSearchOptions());
      const df = new Map(Object.entries(stored.documentFrequency).map(([term, n]) => [term, Number(n)] as const));
      return new LexicalIndex(engine, df, stored.size);
    } catch (error) {
      throw corrupt('MiniSearch data unreadable', error);
    }
  }

  /** Passages containing `term` (an index term: unigram or bigram). */
  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /**
   * Index words (not word pairs, not accent-preserving forms) within `maxEdits` Levenshtein edits of `term`, found
   * with MiniSearch's own radix-tree fuzzy lookup. For questions typed with a slip ("Misustin", "ambasador").
   */
  similarTerms(term: string, maxEdits: number): SimilarTerm[] {
    const internals = this.engine as unknown as MiniSearchInternals;
    const out: SimilarTerm[] = [];
    for (const [candidate, [, distance]] of internals._index.fuzzyGet(term, maxEdits)) {
      if (candidate === term || candidate.includes(BIGRAM_JOINER) || candidate.startsWith(EXACT_PREFIX)) continue;
      out.push({ term: candidate, distance, df: this.documentFrequency(candidate) });
    }
    return out;
  }

  /** Plain search: every index term of the query with weight 1. */
  search(query: string, limit = 50): LexicalHit[] {
    return this.searchTerms(
      indexTerms(query).map((term) => ({ term, weight: 1 })),
      limit,
    );
  }

  /** Search with an expanded, weighted query (e.g. glossary variants at lower weight). */
  searchTerms(terms: WeightedTerm[], limit = 50): LexicalHit[] {
    const weights = termWeights(terms);
    if (weights.size === 0) return [];
    const internals = this.engine as unknown as MiniSearchInternals;
    // With no removed documents, MiniSearch's postings can be scored directly (same arithmetic, same order);
    // otherwise MiniSearch's own search, which also prunes postings of removed documents.
    if (internals._dirtCount === 0) return scoreOverPostings(internals, (term) => this.postingsOf(internals, term), weights, limit);
    return this.searchTermsWithMiniSearch(terms, limit);
  }

  /**
   * MiniSearch's postings of an index term. Its radix-tree lookup costs more than scoring the term, and the same
   * glossary variants come back question after question, so they are remembered; only terms of the index are,
   * which bounds the memo by the vocabulary whatever users type.
   */
  private postingsOf(internals: MiniSearchInternals, term: string): FieldPostings | undefined {
    // Both come from the same tokenizer over the same fields: a term no passage holds has no postings, and
    // most glossary variants of a question (other languages) are such terms.
    if (!this.df.has(term)) return undefined;
    let postings = this.postingsMemo.get(term);
    if (postings === undefined) {
      postings = internals._index.get(term);
      if (postings !== undefined) this.postingsMemo.set(term, postings);
    }
    return postings;
  }

  /** `searchTerms` through MiniSearch's own `search`: the reference the direct scoring is tested against. */
  searchTermsWithMiniSearch(terms: WeightedTerm[], limit = 50): LexicalHit[] {
    const weights = termWeights(terms);
    if (weights.size === 0) return [];
    const results = this.engine.search([...weights.keys()].join(QUERY_TERM_SEPARATOR), {
      boostTerm: (term) => weights.get(term) ?? 1,
    });
    return results.slice(0, Math.max(0, limit)).map(toHit);
  }
}

/** Each usable query term once, at its highest weight, in first-occurrence order. */
function termWeights(terms: WeightedTerm[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { term, weight } of terms) {
    if (term.length === 0 || term.includes(QUERY_TERM_SEPARATOR) || weight <= 0) continue;
    weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  }
  return weights;
}

/** The parts of MiniSearch 7's state that its `search` reads; names as in minisearch/dist/es/index.js. */
/** Per field id, per document short id, the term's frequency. */
type FieldPostings = Map<number, Map<number, number>>;

interface MiniSearchInternals {
  _index: { get(term: string): FieldPostings | undefined; fuzzyGet(term: string, maxEdits: number): Map<string, [FieldPostings, number]> };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _dirtCount: number;
}

/** Fields in the order MiniSearch scores them (`fields` option), with their boosts (searchOptions.boost). */
const FIELD_BOOSTS: readonly (readonly [field: 'text' | 'title', boost: number])[] = [
  ['text', 1],
  ['title', TITLE_BOOST],
];
/** MiniSearch's default BM25 parameters (its `defaultBM25params`), which this index does not override. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

interface Accumulated {
  docId: number;
  score: number;
  /** Query terms matched, in query order. */
  terms: string[];
  /** Parallel to `terms`: whether the term matched the text field. */
  inText: boolean[];
}

/**
 * MiniSearch's OR search (exact terms, no prefix or fuzzy matching, boostTerm = `weights`) without its per-term
 * result maps, option objects and match records, which cost more than the scoring itself for 30–60-term expanded
 * queries. The arithmetic is MiniSearch's, operation by operation and in the same order (per term: text then title
 * summed; terms folded left in query order; × number of matched terms; stable sort by score over first-match order),
 * so scores and order are bit-identical; a test compares both over many queries.
 */
function scoreOverPostings(
  ms: MiniSearchInternals,
  postingsOf: (term: string) => FieldPostings | undefined,
  weights: Map<string, number>,
  limit: number,
): LexicalHit[] {
  const byDoc = new Map<number, Accumulated>();
  const totalCount = ms._documentCount;
  for (const [term, termBoost] of weights) {
    const fieldTermData = postingsOf(term);
    if (fieldTermData === undefined) continue;
    // Docs this term reached, with the term's score so far (text, then + title), folded in after both fields.
    let termScores: Map<number, number> | null = null;
    for (const [field, fieldBoost] of FIELD_BOOSTS) {
      const fieldId = ms._fieldIds[field]!;
      const fieldTermFreqs = fieldTermData.get(fieldId);
      if (fieldTermFreqs === undefined) continue;
      const matchingCount = fieldTermFreqs.size;
      const avgFieldLength = ms._avgFieldLength[fieldId]!;
      const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
      termScores ??= new Map();
      for (const [docId, termFreq] of fieldTermFreqs) {
        const fieldLength = ms._fieldLength.get(docId)![fieldId]!;
        const rawScore = invDocFreq * (BM25.d + (termFreq * (BM25.k + 1)) / (termFreq + BM25.k * (1 - BM25.b + (BM25.b * fieldLength) / avgFieldLength)));
        const weightedScore = termBoost * fieldBoost * rawScore;
        const sofar = termScores.get(docId);
        if (sofar === undefined) {
          termScores.set(docId, weightedScore);
          let acc = byDoc.get(docId);
          if (acc === undefined) {
            acc = { docId, score: 0, terms: [], inText: [] };
            byDoc.set(docId, acc);
          }
          acc.terms.push(term);
          acc.inText.push(field === 'text');
        } else {
          termScores.set(docId, sofar + weightedScore);
        }
      }
    }
    if (termScores === null) continue;
    for (const [docId, termScore] of termScores) {
      // Starting from 0 is exact: 0 + x === x, as MiniSearch's taking the first term's score as is.
      const acc = byDoc.get(docId)!;
      acc.score = acc.score + termScore;
    }
  }
  const ranked = [...byDoc.values()];
  for (const acc of ranked) acc.score = acc.score * (acc.terms.length || 1);
  ranked.sort((a, b) => b.score - a.score);
  const numericTerms = [...weights.keys()].some(isArrayIndexKey);
  return ranked.slice(0, Math.max(0, limit)).map((acc) => toHitFromPostings(ms, acc, numericTerms));
}

function toHitFromPostings(ms: MiniSearchInternals, acc: Accumulated, numericTerms: boolean): LexicalHit {
  // MiniSearch reports matched terms as Object.keys of a record: array-index-like keys ("2025") come first, ascending.
  const order = acc.terms.map((_, i) => i);
  if (numericTerms && acc.terms.some(isArrayIndexKey)) order.sort((i, j) => keyRank(acc.terms[i]!, i) - keyRank(acc.terms[j]!, j));
  const terms = order.map((i) => acc.terms[i]!);
  const textTerms = order.filter((i) => acc.inText[i]).map((i) => acc.terms[i]!);
  return { label: Number(ms._documentIds.get(acc.docId)), score: acc.score, terms, textTerms };
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndexKey(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) <= MAX_ARRAY_INDEX;
}

/** Index-like keys by value, before every other key in insertion order. */
function keyRank(key: string, insertion: number): number {
  return isArrayIndexKey(key) ? Number(key) - 2 ** 33 : insertion;
}

function toHit(result: SearchResult): LexicalHit {
  const textTerms = Object.entries(result.match)
    .filter(([, fields]) => fields.includes('text'))
    .map(([term]) => term);
  return { label: Number(result.id), score: result.score, terms: [...result.terms], textTerms };
}

function corrupt(reason: string, cause?: unknown): BotError {
  return new BotError('INDEX_CORRUPT', `lexical index is unreadable: ${reason}`, { cause });
}
