import { describe, expect, it } from 'vitest';
import { answerTypeStrength, askedAnswerType, typedSentenceScore } from '../../src/retrieval/answer-type.ts';

describe('askedAnswerType', () => {
  it.each([
    ['When did Putin visit Hanoi?', 'date'],
    ['Kapan Putin mengunjungi Vietnam?', 'date'],
    ['Pada tahun berapa perjanjian itu ditandatangani?', 'date'],
    ['Putin thăm Việt Nam khi nào?', 'date'],
    ['putin tham viet nam khi nao', 'date'],
    ['Когда Путин посетил Вьетнам?', 'date'],
    ['How many scholarships does Russia offer?', 'number'],
    ['Berapa beasiswa yang diberikan Rusia?', 'number'],
    ['Nga cấp bao nhiêu học bổng?', 'number'],
    ['Đây là lần thứ mấy Putin thăm Việt Nam?', 'number'],
    ['Сколько стипендий выделяет Россия?', 'number'],
    ['Who is the Russian ambassador to Vietnam?', null],
    ['Ai là đại sứ Nga tại Việt Nam?', null],
  ] as const)('%s → %s', (question, type) => {
    expect(askedAnswerType(question)).toBe(type);
  });
});

describe('answerTypeStrength', () => {
  it('a day or month with its year states a date; a year alone less; none, nothing', () => {
    expect(answerTypeStrength('Pada 16 Juni 1994, Vietnam dan Rusia menandatangani perjanjian.', 'date')).toBe(1);
    expect(answerTypeStrength('Ngày 30/1/1950 hai nước thiết lập quan hệ ngoại giao.', 'date')).toBe(1);
    expect(answerTypeStrength('Он посетил Ханой в июне 2024 года.', 'date')).toBe(1);
    expect(answerTypeStrength('The 30th anniversary of the treaty (1994-2024).', 'date')).toBe(0.5);
    expect(answerTypeStrength('Both sides agreed to deepen cooperation.', 'date')).toBe(0);
  });

  it('a count or an ordinal states a number; a year alone does not', () => {
    expect(answerTypeStrength('Russia offers 1,000 scholarships every year.', 'number')).toBe(1);
    expect(answerTypeStrength('Ini adalah kunjungan kelima Putin.', 'number')).toBe(1);
    expect(answerTypeStrength('In 2024 the leaders met in Hanoi.', 'number')).toBe(0);
    expect(answerTypeStrength('Việt Nam và Nga là bạn bè.', 'number')).toBe(0);
  });
});

describe('typedSentenceScore', () => {
  it('of two sentences sharing the topic words, the one holding the asked-for date ranks first', () => {
    const withDate = typedSentenceScore(0.6, 'date', (t) => answerTypeStrength('The treaty was signed on 16 June 1994.', t));
    const without = typedSentenceScore(0.7, 'date', (t) => answerTypeStrength('The treaty on friendly relations remains the foundation of ties.', t));
    expect(withDate).toBeGreaterThan(without);
  });

  it('changes nothing when the question asks for no type', () => {
    expect(typedSentenceScore(0.7, null, () => 0)).toBe(0.7);
  });
});
