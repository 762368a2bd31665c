import { describe, expect, it } from 'vitest';
import { gapTerms, groupGaps, parseDuration } from '../../src/feedback/gaps.ts';

const DAY = 86_400_000;
const at = (day: number) => Date.UTC(2026, 11, 1) + day * DAY;

describe('gapTerms', () => {
  it('reads questions as the index does: stop words, case, punctuation, word order and plural -s set aside', () => {
    expect(gapTerms('When did Putin visit Hanoi?')).toEqual(['hanoi', 'putin', 'visit']);
    expect(gapTerms('putin visits HANOI')).toEqual(['hanoi', 'putin', 'visit']);
    expect(gapTerms('Putin thăm Hà Nội')).toEqual(gapTerms('putin tham ha noi'));
  });

  it('groups a question with no content word by its own text', () => {
    expect(gapTerms('What is it?')).toEqual(['what is it?']);
    expect(gapTerms('  WHAT  is it? ')).toEqual(['what is it?']);
  });
});

describe('groupGaps', () => {
  it('groups refusals sharing their content words, counts them, and lists distinct wordings most asked first', () => {
    const refusals = [
      { question: 'What is the population of Hanoi?', questionLang: 'en', at: at(1) },
      { question: 'Who won the 2024 football cup?', questionLang: 'en', at: at(2) },
      { question: 'population of hanoi', questionLang: 'en', at: at(3) },
      { question: 'Population of  Hanoi', questionLang: 'en', at: at(4) },
      { question: 'Dân số Hà Nội?', questionLang: 'vi', at: at(5) },
      { question: 'Who won the 2024 football cup', questionLang: 'en', at: at(6) },
      { question: 'Hanoi population', questionLang: 'id', at: at(7) },
    ];
    // By hand: {hanoi, population} ×4 (en 3, id 1; wordings "population of hanoi" ×2, then the two asked once, the
    // later first); {2024, cup, football, won} ×2; {dân, số, hà, nội} ×1. Ties on count go to the latest asked.
    // Terms are the index's stems (Snowball English): population → popul, football → footbal.
    expect(groupGaps(refusals)).toEqual([
      {
        terms: ['hanoi', 'popul'],
        count: 4,
        examples: [
          { question: 'Population of  Hanoi', count: 2 },
          { question: 'Hanoi population', count: 1 },
          { question: 'What is the population of Hanoi?', count: 1 },
        ],
        langs: { en: 3, id: 1 },
        firstAt: at(1),
        lastAt: at(7),
      },
      {
        terms: ['2024', 'cup', 'footbal', 'won'],
        count: 2,
        examples: [
          { question: 'Who won the 2024 football cup', count: 1 },
          { question: 'Who won the 2024 football cup?', count: 1 },
        ],
        langs: { en: 2 },
        firstAt: at(2),
        lastAt: at(6),
      },
      { terms: ['dan', 'ha', 'noi', 'so'], count: 1, examples: [{ question: 'Dân số Hà Nội?', count: 1 }], langs: { vi: 1 }, firstAt: at(5), lastAt: at(5) },
    ]);
    expect(groupGaps(refusals, { limit: 1, examples: 1 })).toEqual([expect.objectContaining({ count: 4, examples: [{ question: 'Population of  Hanoi', count: 2 }] })]);
    expect(groupGaps([])).toEqual([]);
  });
});

describe('parseDuration', () => {
  it('reads hours, days and weeks and nothing else', () => {
    expect(parseDuration('30d')).toBe(30 * DAY);
    expect(parseDuration(' 12H ')).toBe(12 * 3_600_000);
    expect(parseDuration('2w')).toBe(14 * DAY);
    for (const bad of ['', '30', 'd', '0d', '-1d', '1.5d', '30 days', '1y', '999999d']) expect(parseDuration(bad)).toBeNull();
  });
});
