import { beforeAll, describe, expect, it } from 'vitest';
import { buildInMemoryIndex } from '../../src/eval/in-memory-index.ts';
import type { LoadedIndex } from '../../src/index/types.ts';
import { retrieve } from '../../src/retrieval/retrieve.ts';

/** Over the real corpus, lexical-only: what the bot does when no model could be loaded. */
let index: LoadedIndex;
const deps = { embedder: null, weights: { dense: 0.6, lexical: 0.4 } };

beforeAll(async () => {
  index = await buildInMemoryIndex('corpus');
});

describe('retrieve over the corpus', () => {
  it('quotes the 30 January 1950 sentence for the diplomatic-relations question', async () => {
    const answer = await retrieve(index, { question: 'When did Vietnam and the Soviet Union establish diplomatic relations?' }, deps);
    expect(answer.abstained).toBe(false);
    expect(answer.mode).toBe('lexical');
    expect(answer.queryLang).toBe('en');
    const top = answer.results.slice(0, 3).map((r) => r.quote);
    expect(top.some((q) => /30 Januari 1950|30\/1\/1950|30 January 1950/.test(q))).toBe(true);
    for (const r of answer.results) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.passage.text).toContain(r.quote.replace(/…$/, '').slice(0, 40));
    }
  });

  it('answers the same question asked in Russian from Indonesian/Vietnamese articles', async () => {
    const answer = await retrieve(index, { question: 'Когда были установлены дипломатические отношения между Вьетнамом и СССР?' }, deps);
    expect(answer.queryLang).toBe('ru');
    expect(answer.results.slice(0, 3).some((r) => /1950/.test(r.quote))).toBe(true);
  });

  it("tells one country's ambassador from the other's: the question's direction decides the top quote", async () => {
    const ours = await retrieve(index, { question: "Who is Russia's ambassador to Vietnam?", k: 1 }, { ...deps, abstainThreshold: 0 });
    const theirs = await retrieve(index, { question: "Who is Vietnam's ambassador to Russia?", k: 1 }, { ...deps, abstainThreshold: 0 });
    expect(ours.results[0]!.quote).toContain('Bezdetko');
    expect(theirs.results[0]!.quote).toContain('Đặng Minh Khôi');
  });

  it('abstains on empty and punctuation-only questions', async () => {
    for (const question of ['', '   ', '???']) {
      const answer = await retrieve(index, { question }, deps);
      expect(answer).toMatchObject({ abstained: true, abstainReason: 'empty-question', results: [], hasMore: false });
    }
  });

  it('abstains on questions the corpus does not answer', async () => {
    for (const question of ['Has the Vatican conclave elected a new pope?', 'Giá vàng hôm nay bao nhiêu?']) {
      const answer = await retrieve(index, { question }, deps);
      expect(answer.abstained, question).toBe(true);
      expect(answer.abstainReason).toBe('no-relevant-passage');
    }
  });

  it('pages with offset and k, without repeating results', async () => {
    const question = 'Putin visit to Vietnam';
    const first = await retrieve(index, { question, k: 2, offset: 0 }, deps);
    const second = await retrieve(index, { question, k: 2, offset: 2 }, deps);
    expect(first.results.map((r) => r.rank)).toEqual([1, 2]);
    expect(first.hasMore).toBe(true);
    expect(second.results[0]?.rank).toBe(3);
    const ids = [...first.results, ...second.results].map((r) => r.passage.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('only quotes sources in the requested language', async () => {
    const answer = await retrieve(index, { question: 'Putin visit to Vietnam', lang: 'vi', k: 5 }, deps);
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.results.every((r) => r.source.lang === 'vi')).toBe(true);
  });

  it('never returns two near-identical passages', async () => {
    const answer = await retrieve(index, { question: 'Does Russia support Vietnam joining BRICS?', k: 10 }, deps);
    const texts = answer.results.map((r) => r.passage.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });
});
