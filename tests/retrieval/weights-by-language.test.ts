import { describe, expect, it } from 'vitest';
import type { QueryUnit } from '../../src/retrieval/query.ts';
import { UNKNOWN_UNIT_FACTOR, weightsByLanguage } from '../../src/retrieval/relevance.ts';

const word = (label: string, extra: Partial<QueryUnit> = {}): QueryUnit => ({ label, conceptId: null, cyrillic: false, anchors: [[label]], ...extra });

describe('weightsByLanguage', () => {
  // Units: a glossary concept, a plain word, a name, a word no candidate holds.
  const units = [word('putin', { conceptId: 'putin' }), word('chuyến'), word('kazan', { named: true }), word('zzz')];
  const weights = [2, 1.5, 3, 0.7];

  it('discounts a plain word for the languages whose candidates never hold it, and only those', () => {
    const out = weightsByLanguage(units, weights, [
      { lang: 'vi', presence: [1, 1, 0, 0] },
      { lang: 'en', presence: [1, 0, 1, 0] },
      { lang: 'en', presence: [0, 0, 0, 0] },
    ]);
    expect(out.get('vi')).toEqual([2, 1.5, 3, 0.7]);
    expect(out.get('en')).toEqual([2, 1.5 * UNKNOWN_UNIT_FACTOR, 3, 0.7]);
  });

  it('keeps concepts, names and words no candidate holds at their weight (the concept has variants everywhere; a missing name is informative; an unknown word is discounted already)', () => {
    const out = weightsByLanguage(units, weights, [
      { lang: 'vi', presence: [1, 0, 1, 0] },
      { lang: 'id', presence: [0, 0, 0, 0] },
    ]);
    expect(out.get('id')).toEqual(weights);
  });

  it('counts a title-only presence as holding the word', () => {
    const out = weightsByLanguage(units, weights, [
      { lang: 'vi', presence: [0, 0.5, 0, 0] },
      { lang: 'en', presence: [1, 0, 0, 0] },
    ]);
    expect(out.get('vi')![1]).toBe(1.5);
    expect(out.get('en')![1]).toBe(1.5 * UNKNOWN_UNIT_FACTOR);
  });
});
