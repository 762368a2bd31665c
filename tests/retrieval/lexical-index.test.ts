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

  it('survives a round trip through its stored form with identical results', () => {
    const index = LexicalIndex.build(passages);
    const restored = LexicalIndex.fromBytes(index.toBytes());
    expect(restored.search('diplomatic relations 1950')).toEqual(index.search('diplomatic relations 1950'));
    expect(restored.documentFrequency('1950')).toBe(2);
    expect(restored.size).toBe(3);
  });

  it('rejects damaged or foreign bytes with INDEX_CORRUPT', () => {
    const good = LexicalIndex.build(passages).toBytes();
    const flipped = (at: number) => {
      const copy = Uint8Array.from(good);
      copy[at] = copy[at]! ^ 0xff;
      return copy;
    };
    const header = (json: string) => {
      const body = Buffer.from(json);
      const out = Buffer.alloc(8 + body.length);
      out.write('VRLX', 0, 'latin1');
      out.writeUInt32LE(body.length, 4);
      body.copy(out, 8);
      return out;
    };
    const bad = [
      new Uint8Array(0),
      Buffer.from('{"formatVersion":1}'),
      good.subarray(0, good.length - 4),
      flipped(good.length - 4), // a passage's length no longer matches its postings
      flipped(good.length - 200), // somewhere in the postings
      header('{"formatVersion":999}'),
      header('not json'),
      header('{"formatVersion":2,"size":-1,"terms":0,"termsBytes":0,"postings":{"text":0,"title":0},"avgLength":{"text":0,"title":0}}'),
    ];
    for (const bytes of bad) expect(() => LexicalIndex.fromBytes(bytes)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });

  it('returns nothing for an empty query and respects the limit', () => {
    const index = LexicalIndex.build(passages);
    expect(index.search('')).toEqual([]);
    expect(index.search('vietnam', 1)).toHaveLength(1);
  });
});

describe('SentenceStore', () => {
  it('stores what retrieval computed per candidate: sentence spans and their terms, through the stored form', async () => {
    const { loadCorpus } = await import('../../src/corpus/loader.ts');
    const { splitIntoPassages } = await import('../../src/passages/chunker.ts');
    const { splitSentences } = await import('../../src/passages/sentences.ts');
    const { indexTerms } = await import('../../src/text/tokenizer.ts');
    const { SentenceStore } = await import('../../src/index/sentence-store.ts');
    const real = (await loadCorpus('corpus')).flatMap(splitIntoPassages);
    const store = SentenceStore.fromBytes(SentenceStore.build(real).toBytes(), real);
    // An update lends the analysis of unchanged passages; a changed one is analysed anew.
    const changed = { ...real[1]!, text: 'Changed text. Two sentences now.', textHash: 'changed' };
    const updated = SentenceStore.build([changed, ...real.slice(2), real[0]!], { store, passages: real });
    real.forEach((p, label) => {
      const expected = splitSentences(p.text, p.meta.lang).map((s) => ({ text: s.text, terms: [...new Set(indexTerms(s.text))] }));
      const stored = store.sentences(label).map((s) => ({ text: p.text.slice(s.start, s.end), terms: s.terms }));
      expect(stored).toEqual(expected);
    });
    const spans = (s: { start: number; end: number; terms: string[] }[]) => s.map(({ start, end, terms }) => ({ start, end, terms }));
    expect(spans(updated.sentences(real.length - 1))).toEqual(spans(store.sentences(0)));
    expect(updated.sentences(0).map((s) => s.terms)).toEqual([['chang', 'text'], ['two', 'sentenc', 'two_sentenc']].map((t) => expect.arrayContaining(t)));
    expect(() => SentenceStore.fromBytes(SentenceStore.build(real).toBytes(), real.slice(1))).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});
