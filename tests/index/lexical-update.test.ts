import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizePassages } from '../../src/bench/synthetic-corpus.ts';
import { loadCorpus } from '../../src/corpus/loader.ts';
import type { Passage } from '../../src/domain.ts';
import { LexicalIndex } from '../../src/index/lexical-index.ts';
import { splitIntoPassages } from '../../src/passages/chunker.ts';

/**
 * An update from a previous index must store exactly what a build from nothing stores: the appended path (new
 * passages after the previous ones, the usual case since corpus files sort by date) and the general one.
 */
const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));
let passages: Passage[];

beforeAll(async () => {
  const real = (await loadCorpus(CORPUS_DIR)).flatMap(splitIntoPassages);
  passages = synthesizePassages(real, { count: 600, seed: 5 });
  // A passage with words no earlier passage has, so that the appended part brings new terms.
  passages.push({ ...passages[0]!, text: 'Zyxwv qwertyuiop, a word no other passage holds.', textHash: 'new-words' });
});

function bytesOf(index: LexicalIndex): Buffer {
  return Buffer.from(index.toBytes());
}

describe('lexical index update', () => {
  it('stores the same bytes as a full build when passages are appended, previous index read back from disk', () => {
    const full = bytesOf(LexicalIndex.build(passages));
    for (const cut of [1, 250, 599, passages.length]) {
      const old = passages.slice(0, cut);
      const previous = { index: LexicalIndex.fromBytes(LexicalIndex.build(old).toBytes()), passages: old };
      expect(bytesOf(LexicalIndex.build(passages, previous)).equals(full)).toBe(true);
    }
  });

  it('stays exact through successive appends (each update the previous of the next)', () => {
    let old = passages.slice(0, 100);
    let index = LexicalIndex.build(old);
    for (const cut of [130, 131, 400, passages.length]) {
      const next = passages.slice(0, cut);
      index = LexicalIndex.build(next, { index, passages: old });
      old = next;
    }
    expect(bytesOf(index).equals(bytesOf(LexicalIndex.build(passages)))).toBe(true);
  });

  it('answers as a full build when passages are inserted, removed or reordered (the general path: term ids may differ)', () => {
    const fullIndex = LexicalIndex.build(passages);
    const inserted = [...passages.slice(0, 50), ...passages.slice(60)];
    const reordered = [...passages.slice(300), ...passages.slice(0, 300)];
    const grown = [...passages, { ...passages[1]!, text: 'An article removed since.', textHash: 'gone' }];
    const words = [...new Set(passages.slice(0, 40).flatMap((p) => p.text.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length > 2))];
    for (const old of [inserted, reordered, grown]) {
      const updated = LexicalIndex.build(passages, { index: LexicalIndex.build(old), passages: old });
      for (let i = 0; i + 5 < words.length; i += 3) {
        const query = words.slice(i, i + 5).join(' ');
        expect(updated.search(query, 30)).toEqual(fullIndex.search(query, 30));
      }
    }
  });
});
