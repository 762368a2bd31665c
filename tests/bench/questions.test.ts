import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/domain.ts';
import { extractEvalQuestions, makeQuestions } from '../../src/bench/questions.ts';
import { passage } from './support/passage.ts';

const passages = [
  passage('e', 'en', 'The two countries signed an agreement on oil and gas exploration in the southern shelf in 1981.'),
  passage('v', 'vi', 'Hai nước đã ký hiệp định hợp tác thăm dò dầu khí ở thềm lục địa phía nam vào năm 1981.'),
];

describe('makeQuestions', () => {
  const questions = makeQuestions({
    passages,
    evalQuestions: [
      { text: 'When were relations established?', lang: 'en' },
      { text: 'Kapan hubungan diplomatik dimulai?', lang: 'id' },
    ],
    count: 202,
    seed: 3,
  });

  it('makes the requested count, split as evenly as possible over the four languages', () => {
    expect(questions).toHaveLength(202);
    const counts = LANGUAGES.map((lang) => questions.filter((q) => q.lang === lang).length);
    expect(counts.sort()).toEqual([50, 50, 51, 51]);
  });

  it('uses the eval questions first, corpus words where the language has passages, templates otherwise', () => {
    expect(questions.filter((q) => q.origin === 'eval').map((q) => q.text).sort()).toEqual([
      'Kapan hubungan diplomatik dimulai?',
      'When were relations established?',
    ]);
    const corpusWords = new Set(passages.flatMap((p) => p.text.replace(/[.,]/g, '').split(/\s+/)));
    const fromCorpus = questions.filter((q) => q.origin === 'corpus');
    expect(new Set(fromCorpus.map((q) => q.lang))).toEqual(new Set(['en', 'vi']));
    for (const q of fromCorpus) {
      const words = q.text.replace(/[?]/g, '').split(/\s+/);
      expect(words.filter((w) => corpusWords.has(w)).length).toBeGreaterThanOrEqual(4);
    }
    const templated = questions.filter((q) => q.origin === 'template');
    expect(new Set(templated.map((q) => q.lang))).toEqual(new Set(['id', 'ru']));
    for (const q of templated.filter((t) => t.lang === 'ru')) expect(q.text).toMatch(/[а-яё]/i);
  });

  it('is deterministic for a seed', () => {
    const again = makeQuestions({ passages, count: 40, seed: 5 });
    expect(makeQuestions({ passages, count: 40, seed: 5 })).toEqual(again);
    expect(makeQuestions({ passages, count: 40, seed: 6 })).not.toEqual(again);
  });
});

describe('extractEvalQuestions', () => {
  it('collects every `question` string at any depth, keeping a valid lang and guessing a missing one', () => {
    const json = {
      cases: [
        { question: ' Когда? ', lang: 'ru', expect: { doc: 'x' } },
        { question: 'No lang here' },
        { nested: [{ question: 'Deep', lang: 'fr' }] },
        { question: '   ' },
        { question: 42 },
      ],
    };
    expect(extractEvalQuestions(json, () => 'en')).toEqual([
      { text: 'Когда?', lang: 'ru' },
      { text: 'No lang here', lang: 'en' },
      { text: 'Deep', lang: 'en' },
    ]);
  });
});
