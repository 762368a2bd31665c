import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Passage } from '../domain.ts';
import { BotError } from '../errors.ts';
import { indexTerms } from '../text/tokenizer.ts';

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

  /** Plain search: every index term of the query with weight 1. */
  search(query: string, limit = 50): LexicalHit[] {
    return this.searchTerms(
      indexTerms(query).map((term) => ({ term, weight: 1 })),
      limit,
    );
  }

  /** Search with an expanded, weighted query (e.g. glossary variants at lower weight). */
  searchTerms(terms: WeightedTerm[], limit = 50): LexicalHit[] {
    const weights = new Map<string, number>();
    for (const { term, weight } of terms) {
      if (term.length === 0 || term.includes(QUERY_TERM_SEPARATOR) || weight <= 0) continue;
      weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    }
    if (weights.size === 0) return [];
    const results = this.engine.search([...weights.keys()].join(QUERY_TERM_SEPARATOR), {
      boostTerm: (term) => weights.get(term) ?? 1,
    });
    return results.slice(0, Math.max(0, limit)).map(toHit);
  }
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
