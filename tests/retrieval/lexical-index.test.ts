import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/domain.ts';
import { LexicalIndex } from '../../src/index/lexical-index.ts';

function passage(i: number, text: string, title = 'Title'): Passage {
  return {
    id: `doc#${i}`,
    docId: 'doc',
    text,
    start: 0,
    end: text.length,
    textHash: String(i),
    meta: { id: 'doc', title, outlet: 'test', lang: 'en', published: '2024-01-01' },
  };
}

const passages = [
  passage(0, 'Vietnam and the Soviet Union established diplomatic relations on 30 January 1950.'),
  passage(1, 'Russia granted 1,000 scholarships to Vietnamese students.'),
  passage(2, 'Quan hệ ngoại giao Việt Nam - Liên Xô được thiết lập ngày 30/1/1950.'),
];

describe('LexicalIndex', () => {
  it('finds passages by folded words and reports matched terms', () => {
    const index = LexicalIndex.build(passages);
    const hits = index.search('scholarships for students');
    expect(hits[0]?.label).toBe(1);
    expect(hits[0]?.terms).toEqual(expect.arrayContaining(['scholarship', 'student']));
    expect(index.search('quan he ngoai giao')[0]?.label).toBe(2);
  });

  it('weights expanded terms', () => {
    const index = LexicalIndex.build(passages);
    const hits = index.searchTerms([
      { term: 'scholarship', weight: 0.1 },
      { term: 'diplomat', weight: 1 }, // index terms are stems: Porter2 diplomatic → diplomat,
    ]);
    expect(hits[0]?.label).toBe(0);
  });

  it('counts document frequencies of unigrams and bigrams', () => {
    const index = LexicalIndex.build(passages);
    expect(index.documentFrequency('1950')).toBe(2);
    expect(index.documentFrequency('ngoai_giao')).toBe(1);
    expect(index.documentFrequency('absent')).toBe(0);
  });

  it('survives a JSON round trip with identical results', () => {
    const index = LexicalIndex.build(passages);
    const restored = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(restored.search('diplomatic relations 1950')).toEqual(index.search('diplomatic relations 1950'));
    expect(restored.documentFrequency('1950')).toBe(2);
    expect(restored.size).toBe(3);
  });

  it('rejects damaged or foreign JSON with INDEX_CORRUPT', () => {
    for (const bad of [null, 42, { size: 3 }, { formatVersion: 999, size: 1, documentFrequency: {}, miniSearch: {} }]) {
      expect(() => LexicalIndex.fromJSON(bad)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    }
  });

  it('returns nothing for an empty query and respects the limit', () => {
    const index = LexicalIndex.build(passages);
    expect(index.search('')).toEqual([]);
    expect(index.search('vietnam', 1)).toHaveLength(1);
  });
});
