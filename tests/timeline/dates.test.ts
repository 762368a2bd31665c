import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/domain.ts';
import { findDates, inferYear, lastWeekdayOnOrBefore, parseDate } from '../../src/timeline/dates.ts';

type Case = [text: string, lang: Lang, published: string, date: string, end: string | null, precision: 'day' | 'month' | 'year'];

const CASES: Case[] = [
  // Indonesian
  ['Pada tanggal 30 Januari 1950, kedua negara', 'id', '2024-06-18', '1950-01-30', null, 'day'],
  ['Pada 16 Juni 1994, Vietnam dan Federasi Rusia', 'id', '2024-06-18', '1994-06-16', null, 'day'],
  ['kunjungan kenegaraan ke Vietnam dari 19-20 Juni.', 'id', '2024-06-18', '2024-06-19', '2024-06-20', 'day'],
  ['terpilih pada Maret 2024', 'id', '2024-06-18', '2024-03', null, 'month'],
  ['pada bulan November 2006, Presiden Putin', 'id', '2024-06-18', '2006-11', null, 'month'],
  ['pada tahun 2001 dan kemudian', 'id', '2024-06-18', '2001', null, 'year'],
  ['Sejak 2019, Vietnam telah diberikan', 'id', '2024-06-18', '2019', null, 'year'],
  ['pertemuan pada hari Selasa', 'id', '2025-01-16', '2025-01-14', null, 'day'],
  ['masa jabatan 2024-2030', 'id', '2024-06-18', '2024', '2030', 'year'],
  ['Perjanjian Persahabatan (1994-2024)', 'id', '2024-06-18', '1994', null, 'year'],
  ['pada 1 Mei 2024', 'id', '2024-06-18', '2024-05-01', null, 'day'],
  ['pada 17 Agustus', 'id', '2024-09-01', '2024-08-17', null, 'day'],
  // Vietnamese
  ['ký kết văn bản hợp tác đầu tiên (tháng 7/1955)', 'vi', '2025-01-12', '1955-07', null, 'month'],
  ['cuộc điện đàm (ngày 8/8/2024)', 'vi', '2025-01-12', '2024-08-08', null, 'day'],
  ['thiết lập quan hệ ngày 30/1/1950', 'vi', '2025-01-12', '1950-01-30', null, 'day'],
  ['Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1', 'vi', '2025-01-12', '2025-01-14', '2025-01-15', 'day'],
  ['Tháng 9 và 10/2024, Chủ tịch Quốc hội', 'vi', '2025-01-12', '2024-09', '2024-10', 'month'],
  ['Tháng 6/2024, Tổng thống Nga', 'vi', '2025-01-12', '2024-06', null, 'month'],
  ['vào cuối tháng 12/2024', 'vi', '2025-01-12', '2024-12', null, 'month'],
  ['kỷ niệm 75 năm (30/1/1950-30/1/2025)', 'vi', '2025-01-12', '1950-01-30', null, 'day'],
  ['ngày 30 tháng 1 năm 1950', 'vi', '2025-01-12', '1950-01-30', null, 'day'],
  ['Năm 2024 đánh dấu', 'vi', '2025-01-12', '2024', null, 'year'],
  ['họp báo ngày 28/12', 'vi', '2025-01-03', '2024-12-28', null, 'day'],
  ['hội đàm vào thứ Ba', 'vi', '2025-01-16', '2025-01-14', null, 'day'],
  ['gặp nhau hôm qua', 'vi', '2025-01-15', '2025-01-14', null, 'day'],
  ['tăng trưởng năm ngoái', 'vi', '2025-01-15', '2024', null, 'year'],
  ['từ 19-20/6/2024', 'vi', '2024-06-30', '2024-06-19', '2024-06-20', 'day'],
  // English
  ['on January 30, 1950 the two countries', 'en', '2024-06-20', '1950-01-30', null, 'day'],
  ['a state visit on June 19-20', 'en', '2024-06-18', '2024-06-19', '2024-06-20', 'day'],
  ['announced on January 31st that', 'en', '2024-02-02', '2024-01-31', null, 'day'],
  ['in November 2013 Putin', 'en', '2024-06-20', '2013-11', null, 'month'],
  ['partnership in 2012', 'en', '2024-06-20', '2012', null, 'year'],
  ['Minh Chính on Tuesday welcomed', 'en', '2025-01-14', '2025-01-14', null, 'day'],
  ['The leaders met on Monday', 'en', '2025-01-14', '2025-01-13', null, 'day'],
  ['diplomatic relations (1950-2025)', 'en', '2024-06-20', '1950', null, 'year'],
  ['signed on 16 June 1994', 'en', '2024-06-20', '1994-06-16', null, 'day'],
  ['the 16th of June 1994', 'en', '2024-06-20', '1994-06-16', null, 'day'],
  ['celebrating this year', 'en', '2025-01-14', '2025', null, 'year'],
  ['date 2025-01-14 HÀ NỘI', 'en', '2025-01-14', '2025-01-14', null, 'day'],
  ['results of 6/30/2024 were', 'en', '2024-07-10', '2024-06-30', null, 'day'],
  ['from December 30 to January 2', 'en', '2025-01-05', '2024-12-30', '2025-01-02', 'day'],
  ['from May 30 to June 2, 2024', 'en', '2025-01-05', '2024-05-30', '2024-06-02', 'day'],
  ['dari 30 Desember 2024 - 2 Januari 2025', 'id', '2025-01-05', '2024-12-30', '2025-01-02', 'day'],
  ['с 28 мая по 1 июня 2024 года', 'ru', '2025-01-05', '2024-05-28', '2024-06-01', 'day'],
  // Russian
  ['30 января 1950 года были установлены', 'ru', '2025-01-30', '1950-01-30', null, 'day'],
  ['в июне 2024 года Путин', 'ru', '2025-01-30', '2024-06', null, 'month'],
  ['визит 19–20 июня', 'ru', '2024-06-18', '2024-06-19', '2024-06-20', 'day'],
  ['в 2001 году подписали', 'ru', '2025-01-30', '2001', null, 'year'],
  ['переговоры во вторник', 'ru', '2025-01-16', '2025-01-14', null, 'day'],
  ['в июне стороны', 'ru', '2024-08-01', '2024-06', null, 'month'],
  ['1 марта 2001 г. подписана', 'ru', '2025-01-30', '2001-03-01', null, 'day'],
];

describe('parseDate', () => {
  it.each(CASES)('%s (%s, published %s) → %s', (text, lang, published, date, end, precision) => {
    expect(parseDate(text, { lang, published })).toEqual({ date, end, precision });
  });
});

describe('findDates', () => {
  const ctx = { lang: 'vi' as const, published: '2025-01-12' };

  it('prefers the longest expression: a full date is not also read as a bare year', () => {
    const mentions = findDates('Pada 1 Maret 2001 dan pada tahun 2012', { lang: 'id', published: '2024-06-18' });
    expect(mentions.map((m) => m.value.date)).toEqual(['2001-03-01', '2012']);
  });

  it('reports offsets into the searched text', () => {
    const text = 'Chủ tịch thăm Liên Xô (tháng 7/1955).';
    const [mention] = findDates(text, ctx);
    expect(text.slice(mention!.start, mention!.stop)).toBe('tháng 7/1955');
  });

  it('marks anniversary spans, which point to the original event', () => {
    const [span] = findDates('Hiệp ước (1994-2024)', ctx);
    expect(span).toMatchObject({ anniversarySpan: true, value: { date: '1994', end: null } });
    const [range] = findDates('nhiệm kỳ 2024-2030', ctx);
    expect(range).toMatchObject({ anniversarySpan: false, value: { date: '2024', end: '2030' } });
  });

  it('marks dates resolved against the publication date as relative', () => {
    expect(findDates('on Tuesday', { lang: 'en', published: '2025-01-14' })[0]?.relative).toBe(true);
    expect(findDates('on 14 January 2025', { lang: 'en', published: '2025-01-14' })[0]?.relative).toBe(false);
  });

  it.each([
    ['Thứ hai, chuyến thăm diễn ra', 'vi'], // "secondly", not Monday
    ['lượng mưa từ 10-30mm', 'vi'],
    ['1.000 beasiswa', 'id'],
    ['tỷ lệ 1/2 dân số', 'vi'],
    ['a sunday roast', 'en'],
    ['Resolution No. 34-NQ/TW', 'en'],
    ['năm 2700 đại biểu', 'vi'],
  ] as const)('finds no date in %j', (text, lang) => {
    expect(findDates(text, { lang, published: '2025-01-12' })).toEqual([]);
  });

  it('rejects impossible calendar dates', () => {
    expect(findDates('ngày 31/2/2024', ctx)).toEqual([]);
  });
});

describe('relative date rules', () => {
  it('places a yearless date in the year nearest the publication date', () => {
    expect(inferYear(1, 15, '2025-01-12')).toBe(2025);
    expect(inferYear(12, 28, '2025-01-03')).toBe(2024);
    expect(inferYear(1, 2, '2024-12-30')).toBe(2025);
  });

  it('takes the most recent such weekday on or before publication, the publication day included', () => {
    expect(lastWeekdayOnOrBefore(2, '2025-01-14')).toBe('2025-01-14'); // a Tuesday itself
    expect(lastWeekdayOnOrBefore(2, '2025-01-13')).toBe('2025-01-07');
    expect(lastWeekdayOnOrBefore(0, '2025-01-14')).toBe('2025-01-12');
  });
});

describe('findDates invariants', () => {
  it('returns in-bounds, non-overlapping mentions with well-formed values for any text', async () => {
    const fc = await import('fast-check');
    const pieces = fc.constantFrom('ngày ', 'tháng ', '/', '-', ' ', '30', '1', '12', '2024', '1950', 'Juni ', 'января ', 'June ', '(', ')', 'đến ', 'on Tuesday', ', ', 'x');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const mentions = findDates(text, { lang: 'vi', published: '2025-01-12' });
        let lastStop = 0;
        for (const m of mentions) {
          expect(m.start).toBeGreaterThanOrEqual(lastStop);
          expect(m.stop).toBeLessThanOrEqual(text.length);
          expect(text.slice(m.start, m.stop)).toBe(m.raw);
          const shape = { year: /^\d{4}$/, month: /^\d{4}-\d{2}$/, day: /^\d{4}-\d{2}-\d{2}$/ }[m.value.precision];
          expect(m.value.date).toMatch(shape);
          if (m.value.end !== null) {
            expect(m.value.end).toMatch(shape);
            expect(m.value.end > m.value.date).toBe(true);
          }
          lastStop = m.stop;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('relative flag', () => {
  it.each([
    ['June 19-20', true],
    ['June 19-20, 2024', false],
    ['19-20 Juni', true],
    ['từ ngày 14 đến 15/1', true],
    ['từ ngày 14 đến 15/1/2025', false],
    ['30 tháng 1', true],
    ['30 tháng 1 năm 1950', false],
  ])('%s → relative %s', (text, relative) => {
    expect(findDates(text, { lang: 'en', published: '2025-01-12' })[0]?.relative).toBe(relative);
  });
});
