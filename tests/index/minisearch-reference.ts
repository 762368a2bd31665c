import MiniSearch, { type SearchResult } from 'minisearch';
import type { Passage } from '../../src/domain.ts';
import { TITLE_BOOST, type LexicalHit, type WeightedTerm } from '../../src/index/lexical-index.ts';
import { indexTerms } from '../../src/text/tokenizer.ts';

/**
 * The lexical index's former engine, MiniSearch 7, configured as the index used it: the reference its own BM25
 * over compact postings must reproduce hit for hit, bit for bit.
 */
interface IndexedDoc {
  id: number;
  text: string;
  title: string;
}

export function miniSearchReference(passages: readonly Passage[]): (terms: WeightedTerm[], limit: number) => LexicalHit[] {
  const engine = new MiniSearch<IndexedDoc>({
    fields: ['text', 'title'],
    storeFields: [],
    tokenize: (text) => indexTerms(text),
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (query) => query.split(' ').filter((t) => t.length > 0),
      processTerm: (term) => term,
      boost: { text: 1, title: TITLE_BOOST },
      combineWith: 'OR',
    },
  });
  passages.forEach((passage, label) => engine.add({ id: label, text: passage.text, title: passage.meta.title }));
  return (terms, limit) => {
    const weights = new Map<string, number>();
    for (const { term, weight } of terms) {
      if (term.length === 0 || term.includes(' ') || weight <= 0) continue;
      weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    }
    if (weights.size === 0) return [];
    const results = engine.search([...weights.keys()].join(' '), { boostTerm: (term) => weights.get(term) ?? 1 });
    return results.slice(0, Math.max(0, limit)).map(toHit);
  };
}

function toHit(result: SearchResult): LexicalHit {
  const textTerms = Object.entries(result.match)
    .filter(([, fields]) => fields.includes('text'))
    .map(([term]) => term);
  return { label: Number(result.id), score: result.score, terms: [...result.terms], textTerms };
}
