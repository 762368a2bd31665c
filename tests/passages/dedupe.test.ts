import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loader.ts';
import { splitIntoPassages } from '../../src/passages/chunker.ts';
import { collapseDuplicates, normaliseForDedupe } from '../../src/passages/dedupe.ts';
import { makePassage } from './helpers.ts';

const TRONG_SHORT =
  'General Secretary Nguyen Phu Trong affirmed that Vietnam always values the precious support and assistance of the Soviet Union, including the former Russia and the current Russian Federation.';
const TRONG_LONG =
  'General Secretary Nguyen Phu Trong affirmed that Vietnam has always valued the precious support and assistance of the Soviet Union, including the former Russia and the current Russian Federation, in its struggle for independence, two resistance wars, national unification, and subsequent national construction and defense.';

describe('collapseDuplicates', () => {
  it('normalises case, diacritics, đ, punctuation and whitespace', () => {
    expect(normaliseForDedupe('  Quan hệ   Việt–Nga: ĐỐI TÁC chiến lược!  ')).toBe('quan he viet nga doi tac chien luoc');
  });

  it('drops exact duplicates after normalisation and keeps the first', () => {
    const first = makePassage('Rusia mendukung Vietnam untuk menjadi anggota BRICS dalam bentuk yang tepat.');
    const second = makePassage('rusia  mendukung VIETNAM untuk menjadi anggota BRICS dalam bentuk yang tepat');
    const vi1 = makePassage('Hai nước thiết lập quan hệ ngoại giao ngày 30/1/1950.');
    const vi2 = makePassage('Hai nuoc thiet lap quan he ngoai giao ngay 30/1/1950.');
    const result = collapseDuplicates([first, vi1, second, vi2]);
    expect(result.kept).toEqual([first, vi1]);
    expect(result.dropped).toBe(2);
    expect(result.collapsed).toEqual([
      { dropped: second.id, keptAs: first.id, kind: 'exact' },
      { dropped: vi2.id, keptAs: vi1.id, kind: 'exact' },
    ]);
  });

  it('drops a near-duplicate (a word or two changed) across documents', () => {
    const original = makePassage(
      'The two leaders agreed to promote cooperation in other important fields, such as agriculture, education and training, culture, tourism, people-to-people exchanges, and local cooperation.',
      'doc-a',
    );
    const edited = makePassage(
      'The two leaders also agreed to promote cooperation in other important fields, such as agriculture, education and training, culture, tourism, people-to-people exchanges and local cooperation.',
      'doc-b',
    );
    const result = collapseDuplicates([original, edited]);
    expect(result.kept).toEqual([original]);
    expect(result.collapsed[0]?.kind).toBe('near');
  });

  it('drops a later passage contained in an earlier one, but keeps a later one that says more', () => {
    const long = makePassage(TRONG_LONG);
    const containedLater = makePassage(
      'Vietnam has always valued the precious support and assistance of the Soviet Union, including the former Russia and the current Russian Federation.',
    );
    expect(collapseDuplicates([long, containedLater]).kept).toEqual([long]);
    expect(collapseDuplicates([long, containedLater]).collapsed[0]?.kind).toBe('contained');

    const short = makePassage(TRONG_SHORT);
    expect(collapseDuplicates([short, long]).kept).toEqual([short, long]);
  });

  it('keeps passages on the same topic that are not duplicates', () => {
    const passages = [
      'President Vladimir Putin informed General Secretary Nguyen Phu Trong about the situation in the Russian Federation and its foreign policy.',
      'General Secretary Nguyen Phu Trong congratulated President Vladimir Putin on his re-election.',
      'General Secretary Nguyen Phu Trong requested that Russia continue to create favorable conditions for the Vietnamese community.',
      'Rusia mendukung partisipasi Vietnam dalam BRICS, dalam bentuk yang sesuai dengan pilihan Vietnam.',
      'Rusia mendukung Vietnam untuk menjadi anggota BRICS dalam bentuk yang tepat.',
    ].map((text) => makePassage(text));
    expect(collapseDuplicates(passages)).toMatchObject({ kept: passages, dropped: 0 });
  });

  it('finds the planted duplicates among thousands of distinct passages', () => {
    const vocabulary = Array.from({ length: 500 }, (_, i) => `w${i.toString(36)}`);
    let seed = 42;
    const random = (): number => {
      // mulberry32: a small deterministic generator with 32-bit integer arithmetic
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const sentence = (): string => Array.from({ length: 30 }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
    const originals = Array.from({ length: 2000 }, () => makePassage(sentence()));
    const copies = originals.filter((_, i) => i % 50 === 0).map((passage) => makePassage(`${passage.text.toUpperCase()} !`));
    const result = collapseDuplicates([...originals, ...copies]);
    expect(result.dropped).toBe(copies.length);
    expect(result.kept).toEqual(originals);
  });

  it('collapses the repeated BRICS line of the real corpus and nothing that is distinct', async () => {
    const docs = await loadCorpus(fileURLToPath(new URL('../../corpus/', import.meta.url)));
    const passages = docs.flatMap(splitIntoPassages);
    const result = collapseDuplicates(passages);
    const droppedTexts = result.collapsed.map((entry) => passages.find((passage) => passage.id === entry.dropped)?.text);
    expect(droppedTexts).toContain('Rusia mendukung Vietnam untuk menjadi anggota BRICS dalam bentuk yang tepat.');
    expect(result.kept.filter((passage) => passage.text.startsWith('Rusia mendukung Vietnam untuk menjadi anggota BRICS'))).toHaveLength(1);
    expect(result.kept.length + result.dropped).toBe(passages.length);
  });
});
