import { describe, expect, it } from 'vitest';
import { mayNameEventKind } from '../../src/timeline/lexicon.ts';
import { anniversaryReport, factClauses, reportAt } from '../../src/timeline/report.ts';

const at = (sentence: string, raw: string) => sentence.indexOf(raw);
const span = (sentence: string, raw: string) => ({ start: at(sentence, raw), stop: at(sentence, raw) + raw.length });

describe('factClauses', () => {
  it('cuts at punctuation and at "and", "when", "after" in four languages, and says how each clause is joined', () => {
    const text = 'Kể từ khi hai nước thiết lập quan hệ, Hồ Chí Minh thăm Liên Xô và hai bên ký kết văn bản (tháng 7/1955).';
    expect(factClauses(text).map((c) => [text.slice(c.start, c.stop), c.opener])).toEqual([
      ['Kể từ khi hai nước thiết lập quan hệ', 'background'],
      ['Hồ Chí Minh thăm Liên Xô', 'punctuation'],
      ['và hai bên ký kết văn bản (tháng 7/1955).', 'and'],
    ]);
    const ru = 'Путин прилетел в Ханой, когда начался саммит, после переговоров в Пекине.';
    expect(factClauses(ru).map((c) => c.opener)).toEqual(['start', 'linked', 'background']);
  });
});

describe('reportAt', () => {
  it('lends the kind of an undated fact joined by "and" to the date of the other', () => {
    const text = 'Chủ tịch Hồ Chí Minh thực hiện chuyến thăm chính thức tới Liên Xô và hai bên ký kết văn bản hợp tác đầu tiên (tháng 7/1955).';
    expect(reportAt(text, at(text, 'tháng 7/1955')).kinds).toEqual(['official-visit', 'visit', 'agreement']);
  });

  it('does not lend across a clause that holds another date', () => {
    const text = 'Vietnam and Russia signed the treaty in 1994 and issued a joint statement in 2001.';
    const report = reportAt(text, at(text, '2001'), [span(text, '1994')]);
    expect(report.kinds).toEqual(['joint-statement']);
  });

  it('marks a date in a background clause of another kind as mentioned in passing', () => {
    const text = 'Đây là chuyến thăm đầu tiên của ông Putin sau khi tái đắc cử vào tháng 3/2024.';
    expect(reportAt(text, at(text, 'tháng 3/2024'))).toMatchObject({ kinds: ['election'], passing: true });
  });

  it('does not mark a background date when the main clause only marks an anniversary of it', () => {
    const text = 'Tahun 2024 menandai 70 tahun sejak mahasiswa Vietnam pertama datang untuk belajar di Uni Soviet pada tahun 1954.';
    expect(reportAt(text, at(text, '1954'))).toMatchObject({ kinds: ['students'], passing: false });
  });

  it('reads the main clause when the background clause only bounds it in time', () => {
    const text = 'Sejak 2019, Vietnam telah diberikan 1.000 beasiswa oleh Pemerintah Rusia.';
    expect(reportAt(text, at(text, '2019'))).toMatchObject({ kinds: ['students'], passing: false });
  });

  it('never takes the kind of a background clause for a date outside it', () => {
    const text = 'In August 2024, after To Lam was elected General Secretary, he and President Putin held a phone call.';
    expect(reportAt(text, at(text, 'August 2024')).kinds).toEqual(['phone-call']);
  });
});

describe('reportAt across clauses', () => {
  it('finds no kind in the words two clauses bring together, as mayNameEventKind promises', () => {
    // Joined with a space, "joint" + "statement in 2001" read as a joint statement the sentence never names.
    const text = 'Vietnam and Russia issued a joint, statement in 2001.';
    expect(mayNameEventKind(text)).toBe(false);
    expect(reportAt(text, at(text, '2001')).kinds).toEqual([]);
  });
});

describe('anniversaryReport', () => {
  it('reads what the anniversary is of, from the phrase on', () => {
    const text = "Putin's visit coincided with the 30th anniversary of the signing of the Treaty (1994-2024).";
    expect(anniversaryReport(text, at(text, '30th anniversary'))).toMatchObject({ kinds: ['treaty', 'agreement'] });
  });
});
