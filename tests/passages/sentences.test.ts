import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Lang } from '../../src/domain.ts';
import { splitSentences } from '../../src/passages/sentences.ts';

function texts(text: string, lang: Lang): string[] {
  return splitSentences(text, lang).map((span) => span.text);
}

describe('splitSentences', () => {
  it.each<[Lang, string, string[]]>([
    ['id', 'Sebagai Presiden Rusia, Tn. Putin telah mengunjungi Vietnam empat kali. Ia datang lagi.', ['Sebagai Presiden Rusia, Tn. Putin telah mengunjungi Vietnam empat kali.', 'Ia datang lagi.']],
    ['id', 'Sejak 2019, Vietnam telah diberikan 1.000 beasiswa oleh Pemerintah Rusia. Itu banyak.', ['Sejak 2019, Vietnam telah diberikan 1.000 beasiswa oleh Pemerintah Rusia.', 'Itu banyak.']],
    ['id', 'Resolusi Politbiro No. 34-NQ/TW tentang kebijakan luar negeri. Selesai.', ['Resolusi Politbiro No. 34-NQ/TW tentang kebijakan luar negeri.', 'Selesai.']],
    [
      'id',
      'Kepercayaan politik telah ditingkatkan melalui kunjungan tingkat tinggi.Sekretaris Jenderal Nguyen Phu Trong bertemu Presiden Putin.',
      ['Kepercayaan politik telah ditingkatkan melalui kunjungan tingkat tinggi.', 'Sekretaris Jenderal Nguyen Phu Trong bertemu Presiden Putin.'],
    ],
    ['vi', 'Theo TS. Nguyễn Văn An và PGS. Trần Bình, quan hệ rất tốt. Ngày 30/1/1950, hai nước thiết lập quan hệ ngoại giao.', ['Theo TS. Nguyễn Văn An và PGS. Trần Bình, quan hệ rất tốt.', 'Ngày 30/1/1950, hai nước thiết lập quan hệ ngoại giao.']],
    ['vi', 'Chuyến thăm diễn ra tại TP. Hồ Chí Minh. Hai bên ký 11 văn kiện.', ['Chuyến thăm diễn ra tại TP. Hồ Chí Minh.', 'Hai bên ký 11 văn kiện.']],
    ['en', 'Mr. Putin met Dr. Lavrov. The U.S. State Department commented. Vladimir V. Putin left.', ['Mr. Putin met Dr. Lavrov.', 'The U.S. State Department commented.', 'Vladimir V. Putin left.']],
    ['en', 'Trade reached 4.5 billion USD in 2023! Will it grow? Yes.', ['Trade reached 4.5 billion USD in 2023!', 'Will it grow?', 'Yes.']],
    ['en', 'The site is Thanhnien.vn and it reported the visit. Next.', ['The site is Thanhnien.vn and it reported the visit.', 'Next.']],
    ['ru', 'Он прибыл в г. Ханой, т.е. в столицу Вьетнама. Визит завершился.', ['Он прибыл в г. Ханой, т.е. в столицу Вьетнама.', 'Визит завершился.']],
    ['ru', 'Отношения установлены в 1950 г. Визит состоялся в 2024 г.', ['Отношения установлены в 1950 г.', 'Визит состоялся в 2024 г.']],
  ])('(%s) %s', (lang, text, expected) => {
    expect(texts(text, lang)).toEqual(expected);
  });

  it('handles a 2,000-character line with no newline and gives offsets into the input', () => {
    const sentence = 'Hai bên nhất trí tăng cường hợp tác trong lĩnh vực năng lượng, dầu khí và giáo dục. ';
    const line = sentence.repeat(Math.ceil(2000 / sentence.length)).trim();
    expect(line.length).toBeGreaterThanOrEqual(2000);
    const spans = splitSentences(line, 'vi');
    expect(spans).toHaveLength(Math.ceil(2000 / sentence.length));
    for (const span of spans) expect(line.slice(span.start, span.end)).toBe(span.text);
  });

  it('returns nothing for whitespace', () => {
    expect(splitSentences('  \n\t ', 'en')).toEqual([]);
  });

  it('spans are exact, ordered, non-overlapping, trimmed and cover every non-space character (property)', () => {
    const pieces = fc.constantFrom('Tn. Putin', 'U.S.', '1.000', '30/1/1950', 'hello', 'Xin chào', 'Привет', '.', '!', '?', ' ', '  ', '\n', 'A', 'b.C', 'No. 5', 'г.', 'т.е.', '"', '”');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.constantFrom(...LANGUAGES), (parts, lang) => {
        const text = parts.join('');
        const spans = splitSentences(text, lang);
        let previousEnd = 0;
        for (const span of spans) {
          expect(text.slice(span.start, span.end)).toBe(span.text);
          expect(span.start).toBeGreaterThanOrEqual(previousEnd);
          expect(span.text).toBe(span.text.trim());
          expect(span.text.length).toBeGreaterThan(0);
          expect(text.slice(previousEnd, span.start).trim()).toBe('');
          previousEnd = span.end;
        }
        expect(text.slice(previousEnd).trim()).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});
