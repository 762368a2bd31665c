import { describe, expect, it } from 'vitest';
import { loadEvalSet, parseEvalSet, passageAnswers } from '../../src/eval/eval-set.ts';
import { abstentionMetrics, hitAt, metricsByLanguage, rankingMetrics, reciprocalRank, separatingThreshold, type QuestionOutcome } from '../../src/eval/metrics.ts';
import { LANGUAGES } from '../../src/domain.ts';

const outcomes: QuestionOutcome[] = [
  { id: 'a', lang: 'en', answerable: true, abstained: false, rank: 1 },
  { id: 'b', lang: 'en', answerable: true, abstained: false, rank: 3 },
  { id: 'c', lang: 'ru', answerable: true, abstained: false, rank: 7 },
  { id: 'd', lang: 'ru', answerable: true, abstained: true, rank: null },
  { id: 'e', lang: 'vi', answerable: false, abstained: true, rank: null },
  { id: 'f', lang: 'vi', answerable: false, abstained: false, rank: null },
];

describe('ranking metrics', () => {
  it('computes Hit@k and reciprocal rank per question', () => {
    expect(hitAt(1, 1)).toBe(1);
    expect(hitAt(3, 1)).toBe(0);
    expect(hitAt(null, 5)).toBe(0);
    expect(reciprocalRank(4, 10)).toBe(0.25);
    expect(reciprocalRank(11, 10)).toBe(0);
  });

  it('averages over answerable questions only, abstentions counting as misses', () => {
    const m = rankingMetrics(outcomes);
    expect(m.questions).toBe(4);
    expect(m.hitAt1).toBeCloseTo(1 / 4);
    expect(m.hitAt5).toBeCloseTo(2 / 4);
    expect(m.mrrAt10).toBeCloseTo((1 + 1 / 3 + 1 / 7 + 0) / 4);
  });

  it('breaks down by question language', () => {
    const by = metricsByLanguage(outcomes);
    expect(by.en?.hitAt5).toBe(1);
    expect(by.ru?.hitAt5).toBe(0);
    expect(by.ru?.mrrAt10).toBeCloseTo(1 / 14);
    expect(by.vi?.questions).toBe(0);
  });

  it('reports abstention on unanswerable and answerable questions separately', () => {
    expect(abstentionMetrics(outcomes)).toEqual({ unanswerable: 2, unanswerableAbstained: 0.5, answerable: 4, answerableAbstained: 0.25 });
  });
});

describe('threshold calibration', () => {
  it('picks the middle of the gap when the classes separate', () => {
    expect(separatingThreshold([0.6, 0.8, 0.9], [0.1, 0.3])).toBeCloseTo(0.45);
  });

  it('minimises errors when they overlap', () => {
    const t = separatingThreshold([0.2, 0.7, 0.8], [0.1, 0.75]);
    const errors = [0.2, 0.7, 0.8].filter((r) => r < t).length + [0.1, 0.75].filter((r) => r >= t).length;
    expect(errors).toBe(1);
  });
});

describe('evaluation set (eval/eval-set.json)', () => {
  it('is valid and large enough: ≥ 60 questions, all four languages, ≥ 15 unanswerable, many cross-lingual', async () => {
    const set = await loadEvalSet();
    expect(set.questions.length).toBeGreaterThanOrEqual(60);
    expect(set.questions.filter((q) => q.expect.length === 0).length).toBeGreaterThanOrEqual(15);
    for (const lang of LANGUAGES) expect(set.questions.some((q) => q.lang === lang), lang).toBe(true);
    expect(new Set(set.questions.map((q) => q.question)).size).toBe(set.questions.length);
  });

  it('rejects a question with a non-distinctive expected substring', () => {
    expect(() => parseEvalSet({ version: 1, questions: [{ id: 'x', lang: 'en', question: 'q?', expect: ['1950'] }] })).toThrow();
  });

  it('matches expected substrings regardless of whitespace and case', () => {
    expect(passageAnswers('On 30 January\n1950 the two', ['on 30 january 1950'])).toBe(true);
    expect(passageAnswers('Something else entirely', ['on 30 january 1950'])).toBe(false);
  });
});
