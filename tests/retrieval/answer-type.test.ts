import { describe, expect, it } from 'vitest';
import { answerTypeStrength, askedAnswerType, typedSentenceScore } from '../../src/retrieval/answer-type.ts';
import { analyze } from '../../src/text/tokenizer.ts';

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
    ['How much money have Russian firms invested in Vietnam?', 'amount'],
    ['Berapa nilai perdagangan Vietnam-Rusia pada tahun 2023?', 'amount'],
    ['kim ngach thuong mai viet nga nam 2024 dat bao nhieu ty usd', 'amount'],
    ['Kim ngạch thương mại năm 2030 là bao nhiêu?', 'amount'],
    ['Каков был объём российских инвестиций во Вьетнам?', 'amount'],
    ['На какую сумму подписаны контракты?', 'amount'],
    ['Who is the Russian ambassador to Vietnam?', 'person'],
    ['Ai là đại sứ Nga tại Việt Nam?', 'person'],
    ['dai su nga tai viet nam ten la gi', 'person'],
    ['Siapa yang mengundang Putin ke Vietnam?', 'person'],
    ['Кто пригласил Путина во Вьетнам?', 'person'],
    ['Where did Putin attend the APEC summit in 2017?', 'place'],
    ['Di mana KTT APEC 2017 diadakan?', 'place'],
    ['Hội nghị APEC 2017 diễn ra ở đâu?', 'place'],
    ['В каком городе прошёл саммит АТЭС?', 'place'],
    ['Which news agency interviewed the ambassador?', 'organisation'],
    ['Kantor berita apa yang mewawancarai duta besar?', 'organisation'],
    ['Cơ quan nào ra thông cáo về chuyến thăm?', 'organisation'],
    ['Какая компания построит электростанцию?', 'organisation'],
    ['What did the two leaders discuss?', null],
    ['Hai bên thảo luận về vấn đề gì?', null],
  ] as const)('%s → %s', (question, type) => {
    expect(askedAnswerType(question)).toBe(type);
  });
});

describe('answerTypeStrength', () => {
  it('an amount is a number with a currency, a magnitude or a percentage, and not one the question gives', () => {
    expect(answerTypeStrength('hingga 10 miliar USD pada tahun 2030', 'amount')).toBe(1);
    expect(answerTypeStrength('Kim ngạch đạt 4,57 tỷ USD.', 'amount')).toBe(1);
    expect(answerTypeStrength('Trade rose by 15% to $2.5 billion.', 'amount')).toBe(1);
    expect(answerTypeStrength('Товарооборот превысил 2,5 млрд долларов.', 'amount')).toBe(1);
    // An ordinal, a year or a count without a unit is no amount.
    expect(answerTypeStrength('Sidang ke-24 Komite Antarpemerintah tahun 2023 membahas kerja sama.', 'amount')).toBe(0);
    expect(answerTypeStrength('The two sides signed 11 documents.', 'amount')).toBe(0);
    const given = new Set(analyze('is the 10 billion USD target met').flat().map((t) => t.term));
    expect(answerTypeStrength('The target is 10 billion USD by 2030.', 'amount', given)).toBe(0);
  });

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

describe('answerTypeStrength counts only what the question does not already give', () => {
  const given = (question: string) => new Set(analyze(question).flat().map((t) => t.term));

  it('a date the question already states is no answer to "on what day"', () => {
    const sentence = 'The third visit was in November 2013, when Putin paid a state visit to Vietnam.';
    expect(answerTypeStrength(sentence, 'date', given('On what day in November 2013 did Putin visit Vietnam?'))).toBe(0);
    expect(answerTypeStrength(sentence, 'date', given('When did Putin pay a state visit to Vietnam?'))).toBe(1);
  });

  it('a number the question already states is no answer to "how many"', () => {
    const sentence = 'On 26 March 2024 the two leaders held a phone call.';
    expect(answerTypeStrength(sentence, 'number', given('how long was the phone call on 26 March'))).toBe(0);
    expect(answerTypeStrength('The two sides signed 11 cooperation documents.', 'number', given('How many documents were signed?'))).toBe(1);
  });

  it('a person: a titled name the question does not hold', () => {
    const sentence = 'Russian Ambassador Gennady Bezdetko said economic cooperation kept growing.';
    expect(answerTypeStrength(sentence, 'person', given('Who is the Russian ambassador?'))).toBe(1);
    expect(answerTypeStrength(sentence, 'person', given('What did Ambassador Gennady Bezdetko say?'))).toBe(0);
    expect(answerTypeStrength('Both sides agreed to deepen cooperation.', 'person', given('Who agreed?'))).toBe(0);
  });

  it('a place after a locative, in the corpus languages', () => {
    expect(answerTypeStrength('Putin came to attend the summit in Da Nang in November 2017.', 'place', given('Where was the summit?'))).toBe(1);
    expect(answerTypeStrength('Thủ tướng dự hội nghị BRICS mở rộng tại Kazan.', 'place', given('hội nghị BRICS ở đâu'))).toBe(1);
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
