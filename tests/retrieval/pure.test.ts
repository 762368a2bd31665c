import { describe, expect, it } from 'vitest';
import { isEmptyQuestion, shouldAbstain } from '../../src/retrieval/abstain.ts';
import { diversify, factSimilarity, jaccard, type Candidate } from '../../src/retrieval/diversify.ts';
import { calibrateSimilarity, fuseScores, lexicalScore, normalizeByMaxWithin } from '../../src/retrieval/fusion.ts';
import { leansOnPrevious, selectQuote, selectQuoteParts, truncateQuote } from '../../src/retrieval/quote.ts';
import type { QueryUnit } from '../../src/retrieval/query.ts';
import { coverage, inverseDocumentFrequency, TITLE_ONLY_CREDIT, unitPresence, unitWeights, UNKNOWN_UNIT_FACTOR } from '../../src/retrieval/relevance.ts';

const set = (...xs: string[]) => new Set(xs);

describe('fusion', () => {
  it('normalises by the best score and clamps negatives (one group)', () => {
    const one = (scores: number[]) => normalizeByMaxWithin(scores, scores.map(() => 'vi'));
    expect(one([4, 2, 0, -1])).toEqual([1, 0.5, 0, 0]);
    expect(one([])).toEqual([]);
    expect(one([0, 0])).toEqual([0, 0]);
  });

  it('normalises within each group: the best of every language becomes 1', () => {
    expect(normalizeByMaxWithin([8, 4, 2, 1, -1], ['vi', 'vi', 'id', 'en', 'en'])).toEqual([1, 0.5, 1, 1, 0]);
    expect(normalizeByMaxWithin([0, 3], ['vi', 'id'])).toEqual([0, 1]);
    expect(normalizeByMaxWithin([], [])).toEqual([]);
  });

  it('maps cosine similarity between floor and ceiling onto 0–1', () => {
    expect(calibrateSimilarity(0.7, 0.75, 0.9)).toBe(0);
    expect(calibrateSimilarity(0.825, 0.75, 0.9)).toBeCloseTo(0.5);
    expect(calibrateSimilarity(0.95, 0.75, 0.9)).toBe(1);
  });

  it('is a weighted mean of dense and lexical scores, lexical alone when both weights are 0', () => {
    expect(fuseScores(1, 0, { dense: 0.6, lexical: 0.4 })).toBeCloseTo(0.6);
    expect(fuseScores(0.5, 1, { dense: 1, lexical: 1 })).toBeCloseTo(0.75);
    expect(fuseScores(0.9, 0.2, { dense: 0, lexical: 0 })).toBe(0.2);
  });

  it('ranks a passage covering the question above one that only shares many words', () => {
    expect(lexicalScore(0.3, 1, 1)).toBeGreaterThan(lexicalScore(1, 0.4, 0.4));
  });
});

describe('relevance (coverage)', () => {
  const units: QueryUnit[] = [
    { label: 'rare', conceptId: null, cyrillic: false, anchors: [['rare']] },
    { label: 'common', conceptId: null, cyrillic: false, anchors: [['common']] },
    { label: 'phrase', conceptId: 'x', cyrillic: false, anchors: [['a_b'], ['single']] },
  ];
  const df: Record<string, number> = { rare: 1, common: 90, a_b: 5, single: 2 };

  it('weighs rare units more and unknown units by a fixed factor', () => {
    const w = unitWeights(units, (t) => df[t] ?? 0, 100);
    expect(w[0]!).toBeGreaterThan(w[1]!);
    const unknown = unitWeights([{ label: 'zzz', conceptId: null, cyrillic: false, anchors: [['zzz']] }], () => 0, 100);
    expect(unknown[0]).toBeCloseTo(inverseDocumentFrequency(0, 100) * UNKNOWN_UNIT_FACTOR);
  });

  it('gives full credit in the text, partial in the title only, none when absent', () => {
    expect(unitPresence(units[2]!, set('single'), set('single'))).toBe(1);
    expect(unitPresence(units[2]!, set(), set('a_b'))).toBe(TITLE_ONLY_CREDIT);
    expect(unitPresence(units[0]!, set('common'), set('common'))).toBe(0);
  });

  it('is the weighted share of units present, 0–1', () => {
    expect(coverage([1, 0], [3, 1])).toBeCloseTo(0.75);
    expect(coverage([1, 1], [3, 1])).toBe(1);
    expect(coverage([], [])).toBe(0);
  });
});

describe('diversification', () => {
  it('measures word overlap', () => {
    expect(jaccard(set('a', 'b'), set('b', 'c'))).toBeCloseTo(1 / 3);
    expect(jaccard(set(), set())).toBe(1);
  });

  it('collapses passages that say the same thing and keeps the better one', () => {
    const same = ['putin', 'visit', 'vietnam', 'brics', 'support'];
    const candidates: Candidate[] = [
      { id: 1, score: 0.9, terms: set(...same) },
      { id: 2, score: 0.85, terms: set(...same) },
      { id: 3, score: 0.5, terms: set('scholarship', '1000', 'student') },
    ];
    expect(diversify(candidates).map((c) => c.id)).toEqual([1, 3]);
  });

  it('lets a novel passage overtake a slightly better, largely redundant one', () => {
    const candidates: Candidate[] = [
      { id: 1, score: 0.9, terms: set('a', 'b', 'c', 'd') },
      { id: 2, score: 0.8, terms: set('a', 'b', 'c', 'e', 'f') },
      { id: 3, score: 0.75, terms: set('x', 'y', 'z') },
    ];
    expect(diversify(candidates, { lambda: 0.6 }).map((c) => c.id)).toEqual([1, 3, 2]);
  });
});

describe('cross-language fact fingerprints', () => {
  it('count only when two passages share a year', () => {
    expect(factSimilarity(set('soviet-union', 'diplomatic-relations', '1950'), set('soviet-union', 'diplomatic-relations', '1950'))).toBe(1);
    expect(factSimilarity(set('soviet-union', 'diplomatic-relations'), set('soviet-union', 'diplomatic-relations'))).toBe(0);
    expect(factSimilarity(set('putin', '2001'), undefined)).toBe(0);
  });

  it('push a retelling of the same fact in another language below a different fact', () => {
    const candidates: Candidate[] = [
      { id: 1, score: 0.9, terms: set('tanggal', 'januari', 'uni', 'soviet'), facts: set('soviet-union', 'diplomatic-relations', '1950') },
      { id: 2, score: 0.85, terms: set('thiet', 'lap', 'quan', 'he'), facts: set('soviet-union', 'diplomatic-relations', '1950') },
      { id: 3, score: 0.8, terms: set('treaty', 'friendly', 'relation'), facts: set('treaty', '1994') },
    ];
    expect(diversify(candidates).map((c) => c.id)).toEqual([1, 3, 2]);
  });
});

describe('quote selection', () => {
  const text = 'Photo: VNA. On 30 January 1950 the two countries established diplomatic relations. Trade grew.';
  const sentences = [
    { text: 'Photo: VNA.', start: 0, end: 11, score: 0 },
    { text: 'On 30 January 1950 the two countries established diplomatic relations.', start: 12, end: 83, score: 0.9 },
    { text: 'Trade grew.', start: 84, end: 95, score: 0.1 },
  ];

  it('quotes the best-scoring sentence', () => {
    expect(selectQuote(text, sentences, 400)).toBe('On 30 January 1950 the two countries established diplomatic relations.');
  });

  it('extends a very short best sentence with its better neighbour', () => {
    const short = [
      { text: 'Photo: VNA.', start: 0, end: 11, score: 0 },
      { text: 'Trade grew.', start: 12, end: 23, score: 0.8 },
      { text: 'It doubled in 2024.', start: 24, end: 43, score: 0.5 },
    ];
    expect(selectQuote('Photo: VNA. Trade grew. It doubled in 2024.', short, 400)).toBe('Trade grew. It doubled in 2024.');
  });

  it('cuts long quotes at a word boundary with an ellipsis', () => {
    const cut = truncateQuote('word '.repeat(200), 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/wor…$/);
  });
});

describe('abstention', () => {
  it.each(['', '   ', '?!…', '\n\t', '— — —'])('treats %j as an empty question', (q) => {
    expect(isEmptyQuestion(q)).toBe(true);
  });

  it('does not treat questions in any script as empty', () => {
    for (const q of ['Путин?', 'Hà Nội', '1950', 'BRICS']) expect(isEmptyQuestion(q)).toBe(false);
  });

  it('abstains strictly below the threshold, and on NaN', () => {
    expect(shouldAbstain(0.49, 0.5)).toBe(true);
    expect(shouldAbstain(0.5, 0.5)).toBe(false);
    expect(shouldAbstain(Number.NaN, 0.5)).toBe(true);
  });
});

describe('selectQuoteParts: the answering sentence, with its subject', () => {
  const passage = 'President Putin arrived in Hanoi on 19 June. He said the visit would give new impetus to relations. Trade grew.';
  const sentences = [
    { text: 'President Putin arrived in Hanoi on 19 June.', start: 0, end: 44, score: 0.2 },
    { text: 'He said the visit would give new impetus to relations.', start: 45, end: 99, score: 0.9 },
    { text: 'Trade grew.', start: 100, end: 111, score: 0.1 },
  ];

  it('adds the sentence before when the answering one opens with a pronoun, and names the answer apart', () => {
    const parts = selectQuoteParts(passage, sentences, 500);
    expect(parts.answer).toBe('He said the visit would give new impetus to relations.');
    expect(parts.text).toBe('President Putin arrived in Hanoi on 19 June. He said the visit would give new impetus to relations.');
  });

  it('quotes a self-contained sentence alone', () => {
    const own = sentences.map((s, i) => ({ ...s, score: i === 0 ? 1 : 0 }));
    const parts = selectQuoteParts(passage, own, 500);
    expect(parts.answer).toBe('President Putin arrived in Hanoi on 19 June.');
    // Under MIN_QUOTE_CHARS, the short pick takes its neighbour (as selectQuote does), after it, not before.
    expect(parts.text.startsWith(parts.answer)).toBe(true);
  });

  it('drops the context when both do not fit', () => {
    const parts = selectQuoteParts(passage, sentences, 60);
    expect(parts.text).toBe(parts.answer);
    expect(parts.text.length).toBeLessThanOrEqual(60);
  });

  it.each([
    ['He added that trade grew.', true],
    ['Ia menegaskan hubungan itu penting.', true],
    ['Hai bên nhất trí tăng cường hợp tác.', true],
    ['Hezbollah was not mentioned.', false],
    ['Putin arrived.', false],
  ])('leansOnPrevious(%s) → %s', (sentence, expected) => {
    expect(leansOnPrevious(sentence)).toBe(expected);
  });
});
