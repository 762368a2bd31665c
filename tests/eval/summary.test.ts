import { describe, expect, it } from 'vitest';
import { metricsByForm, type QuestionOutcome } from '../../src/eval/metrics.ts';
import { isBlindSet } from '../../src/eval/report.ts';

describe('eval summary', () => {
  it('groups ranking metrics by question form, full when unnamed', () => {
    const outcomes: QuestionOutcome[] = [
      { id: 'a', lang: 'en', answerable: true, abstained: false, rank: 1, form: 'typo' },
      { id: 'b', lang: 'en', answerable: true, abstained: false, rank: 4, form: 'typo' },
      { id: 'c', lang: 'vi', answerable: true, abstained: false, rank: 2 },
      { id: 'd', lang: 'vi', answerable: false, abstained: true, rank: null, form: 'typo' },
    ];
    const byForm = metricsByForm(outcomes);
    expect(Object.keys(byForm)).toEqual(['full', 'typo']);
    expect(byForm.typo).toEqual({ questions: 2, hitAt1: 0.5, hitAt5: 1, mrrAt10: (1 + 0.25) / 2 });
    expect(byForm.full!.mrrAt10).toBe(0.5);
  });

  it('tells blind sets by their file name', () => {
    expect(isBlindSet('eval/blind-a.json')).toBe(true);
    expect(isBlindSet('blind-b.json')).toBe(true);
    expect(isBlindSet('eval/dev-set.json')).toBe(false);
    expect(isBlindSet('eval/not-blind-a.json')).toBe(false);
  });
});
