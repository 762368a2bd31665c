import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/domain.ts';
import { MAX_PASSAGE_CHARS } from '../../src/limits.ts';
import { createRng } from '../../src/bench/random.ts';
import { synthesizePassages, type SentenceSplitter } from '../../src/bench/synthetic-corpus.ts';
import { SyntheticVectorSpace, UNIFORM_VECTOR_SHAPE } from '../../src/bench/synthetic-vectors.ts';
import { passage } from './support/passage.ts';

const splitOnPeriods: SentenceSplitter = (text) => text.split(/(?<=\.)\s+/).map((t) => ({ text: t }));

const source = [
  passage('a', 'en', 'Alpha one. Alpha two. Alpha three.'),
  passage('b', 'vi', 'Việt một. Việt hai.'),
  passage('c', 'id', 'Indo satu. Indo dua. Indo tiga. Indo empat.'),
];
const sentencesByLang = new Map<Lang, Set<string>>();
for (const p of source) sentencesByLang.set(p.meta.lang, new Set(splitOnPeriods(p.text, p.meta.lang).map((s) => s.text)));

describe('synthesizePassages', () => {
  const made = synthesizePassages(source, { count: 300, seed: 7, splitter: splitOnPeriods });

  it('makes the requested number of passages with unique ids', () => {
    expect(made).toHaveLength(300);
    expect(new Set(made.map((p) => p.id)).size).toBe(300);
  });

  it('builds each passage only from real sentences of its own language', () => {
    for (const p of made) {
      const pool = sentencesByLang.get(p.meta.lang)!;
      const parts = splitOnPeriods(p.text, p.meta.lang).map((s) => s.text);
      expect(parts.length).toBeGreaterThanOrEqual(1);
      expect(parts.length).toBeLessThanOrEqual(4);
      for (const part of parts) expect(pool.has(part)).toBe(true);
      expect(p.end - p.start).toBe(p.text.length);
      expect(p.textHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('keeps the language mix of the source (by sentence count) and every language present', () => {
    const share = (lang: Lang) => made.filter((p) => p.meta.lang === lang).length / made.length;
    // 3 en, 2 vi, 4 id sentences → 1/3, 2/9, 4/9
    expect(share('en')).toBeGreaterThan(0.2);
    expect(share('vi')).toBeGreaterThan(0.1);
    expect(share('id')).toBeGreaterThan(0.3);
  });

  it('is deterministic for a seed and differs for another seed', () => {
    const again = synthesizePassages(source, { count: 300, seed: 7, splitter: splitOnPeriods });
    const other = synthesizePassages(source, { count: 300, seed: 8, splitter: splitOnPeriods });
    expect(again.map((p) => p.text)).toEqual(made.map((p) => p.text));
    expect(other.map((p) => p.text)).not.toEqual(made.map((p) => p.text));
  });

  it('stops adding sentences before MAX_PASSAGE_CHARS', () => {
    const long = 'x'.repeat(MAX_PASSAGE_CHARS - 10) + '.';
    const out = synthesizePassages([passage('l', 'en', `${long} ${long} Short one.`)], { count: 50, seed: 1, splitter: splitOnPeriods });
    for (const p of out) expect(p.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
  });

  it('refuses a source with no sentences', () => {
    expect(() => synthesizePassages([], { count: 1, seed: 1, splitter: splitOnPeriods })).toThrow(RangeError);
  });
});

describe('SyntheticVectorSpace', () => {
  const space = new SyntheticVectorSpace(64, 3);

  it('samples unit vectors of the requested dimension, the same for the same seed', () => {
    const a = space.sample(20, 11);
    for (const v of a) {
      expect(v).toHaveLength(64);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(space.sample(20, 11)).toEqual(a);
    expect(space.sample(20, 12)).not.toEqual(a);
  });

  it('shares a common direction like real embeddings: pairwise cosines are mostly positive', () => {
    const v = space.sample(60, 5);
    let positive = 0;
    let pairs = 0;
    for (let i = 0; i < v.length; i++) {
      for (let j = i + 1; j < v.length; j++) {
        let dot = 0;
        for (let d = 0; d < 64; d++) dot += v[i]![d]! * v[j]![d]!;
        pairs++;
        if (dot > 0) positive++;
      }
    }
    expect(positive / pairs).toBeGreaterThan(0.9);
  });
});

describe('uniform vectors (the worst case for HNSW)', () => {
  it('are unit vectors with no shared direction: mean pairwise cosine near 0', () => {
    const v = new SyntheticVectorSpace(128, 3, UNIFORM_VECTOR_SHAPE).sample(80, 4);
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < v.length; i++) {
      expect(Math.hypot(...v[i]!)).toBeCloseTo(1, 5);
      for (let j = i + 1; j < v.length; j++) {
        let dot = 0;
        for (let d = 0; d < 128; d++) dot += v[i]![d]! * v[j]![d]!;
        sum += dot;
        pairs++;
      }
    }
    expect(Math.abs(sum / pairs)).toBeLessThan(0.03);
  });
});

describe('createRng', () => {
  it('repeats for a seed, stays in range, and shuffles without losing items', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRng(1).shuffled(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(() => a.pick([])).toThrow(RangeError);
  });

  it('draws Gaussians with mean near 0 and variance near 1', () => {
    const rng = createRng(9);
    const xs = Array.from({ length: 20000 }, () => rng.gaussian());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
