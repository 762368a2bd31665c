import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/domain.ts';
import type { DateValue } from '../../src/timeline/dates.ts';
import type { EventKind } from '../../src/timeline/lexicon.ts';
import { datesCompatible, kindsCompatible, mergeEvents, type EventCandidate } from '../../src/timeline/merge.ts';
import { source } from './fixtures.ts';

const day = (date: string, end: string | null = null): DateValue => ({ date, end, precision: 'day' });
const month = (date: string): DateValue => ({ date, end: null, precision: 'month' });
const year = (date: string): DateValue => ({ date, end: null, precision: 'year' });

function candidate(doc: string, lang: Lang, value: DateValue, kinds: EventKind[], text: string, extra: Partial<EventCandidate> = {}): EventCandidate {
  return { value, kinds, reported: kinds, names: [], text, source: source(doc, lang), direct: true, ...extra };
}

describe('datesCompatible', () => {
  it.each([
    [month('1950-01'), day('1950-01-30'), true],
    [year('1950'), day('1950-01-30'), true],
    [month('2024-06'), day('2024-06-19', '2024-06-20'), true],
    [day('2024-06-20'), day('2024-06-19', '2024-06-20'), true],
    [month('2024-03'), day('2024-06-19'), false],
    [year('2001'), year('2012'), false],
    [day('2001-03-01'), day('2001-03-02'), false],
  ])('%j ~ %j → %s', (a, b, expected) => {
    expect(datesCompatible(a, b)).toBe(expected);
    expect(datesCompatible(b, a)).toBe(expected);
  });
});

describe('kindsCompatible', () => {
  it('treats all visits as one family', () => {
    expect(kindsCompatible(['state-visit'], ['visit'])).toBe(true);
    expect(kindsCompatible(['official-visit'], ['state-visit'])).toBe(true);
  });
  it('does not let generic kinds join different events', () => {
    expect(kindsCompatible(['treaty', 'anniversary'], ['diplomatic-relations', 'anniversary'])).toBe(false);
    expect(kindsCompatible(['agreement'], ['phone-call', 'agreement'])).toBe(false);
    expect(kindsCompatible(['anniversary'], ['anniversary'])).toBe(true);
  });
});

describe('mergeEvents', () => {
  const diplomatic = [
    candidate('id-1', 'id', day('1950-01-30'), ['diplomatic-relations'], 'Pada tanggal 30 Januari 1950, Vietnam dan USSR resmi menjalin hubungan diplomatik.'),
    candidate('vi-1', 'vi', day('1950-01-30'), ['diplomatic-relations', 'anniversary'], 'kỷ niệm 75 năm thiết lập quan hệ ngoại giao (30/1/1950-30/1/2025)', { direct: false }),
    candidate('en-1', 'en', year('1950'), ['diplomatic-relations', 'anniversary'], 'the 75th anniversary of diplomatic relations (1950-2025)', { direct: false }),
    candidate('id-2', 'id', month('1950-01'), ['diplomatic-relations'], 'Vietnam dan Federasi Rusia menjalin hubungan diplomatik pada Januari 1950.'),
  ];

  it('makes one entry of the same event reported in several languages and precisions, listing every source', () => {
    const events = mergeEvents(diplomatic);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ date: '1950-01-30', end: null, precision: 'day' });
    expect(events[0]!.sources.map((s) => s.doc).sort()).toEqual(['en-1', 'id-1', 'id-2', 'vi-1']);
    expect(new Set(events[0]!.sources.map((s) => s.lang))).toEqual(new Set(['en', 'id', 'vi']));
  });

  it('keeps one text per language, the most exact and direct of each; the default text states the date', () => {
    const event = mergeEvents([
      ...diplomatic,
      candidate('en-2', 'en', year('1950'), ['diplomatic-relations', 'anniversary'], 'celebrating the 75th anniversary of their ties this year', { direct: false }),
    ])[0]!;
    expect(event.texts?.map((t) => [t.lang, t.doc])).toEqual([
      ['en', 'en-1'],
      ['vi', 'vi-1'],
      ['id', 'id-1'],
    ]);
    // Of two equally vague English mentions, the one that shows the year tells the event in English...
    expect(event.texts?.find((t) => t.lang === 'en')).toMatchObject({ text: 'the 75th anniversary of diplomatic relations (1950-2025)', statesDate: false });
    // ...but "(1950-2025)" does not show 30 January 1950: the default text is one that does, its article first.
    expect(event.text).toBe('kỷ niệm 75 năm thiết lập quan hệ ngoại giao (30/1/1950-30/1/2025)');
    expect(event.sources[0]!.doc).toBe('vi-1');
    expect(event.texts?.find((t) => t.lang === 'id')?.text).toContain('30 Januari 1950');
  });

  it('gives the event the kinds its sources report, in the classes people filter by', () => {
    const [relations] = mergeEvents(diplomatic.map((c) => ({ ...c, reported: ['diplomatic-relations' as const] })));
    expect(relations).toMatchObject({ kinds: ['other'], subkinds: ['diplomatic-relations'] });
    const [visit] = mergeEvents([
      candidate('a', 'id', month('2001-03'), ['official-visit', 'visit', 'joint-statement'], 'Kali pertama pada Maret 2001, ia resmi berkunjung ke Vietnam', {
        reported: ['official-visit', 'visit'],
      }),
      candidate('b', 'id', day('2001-03-01'), ['joint-statement', 'agreement'], 'Pada 1 Maret 2001, Vietnam dan Rusia menandatangani Pernyataan Bersama'),
    ]);
    expect(visit).toMatchObject({ date: '2001-03-01', kinds: ['visit', 'agreement'] });
  });

  it('prefers English text among equally precise, direct mentions', () => {
    const events = mergeEvents([
      candidate('vi-2', 'vi', day('2025-01-14'), ['official-visit'], 'Thủ tướng Nga thăm chính thức Việt Nam'),
      candidate('en-2', 'en', day('2025-01-14'), ['official-visit'], 'Mishustin on his first official visit to Việt Nam'),
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]!.text).toBe('Mishustin on his first official visit to Việt Nam');
  });

  it('keeps different kinds of event on compatible dates apart', () => {
    const events = mergeEvents([
      candidate('a', 'id', month('2024-03'), ['election'], 'Putin terpilih pada Maret 2024'),
      candidate('b', 'id', day('2024-03-26'), ['phone-call'], 'panggilan telepon pada 26 Maret 2024'),
    ]);
    expect(events).toHaveLength(2);
  });

  it("keeps two leaders' trips in the same month apart", () => {
    const events = mergeEvents([
      candidate('a', 'vi', month('2024-09'), ['official-visit'], 'Trần Thanh Mẫn thăm chính thức Nga tháng 9/2024', { names: ['Tran Thanh Man'] }),
      candidate('b', 'vi', month('2024-09'), ['visit'], 'Phạm Minh Chính thăm Nga tháng 9/2024', { names: ['Pham Minh Chinh'] }),
    ]);
    expect(events).toHaveLength(2);
  });

  it('lists an article once even when it mentions the event twice', () => {
    const events = mergeEvents([
      candidate('a', 'vi', month('2024-06'), ['state-visit'], 'Tháng 6/2024, Putin thăm cấp nhà nước'),
      candidate('a', 'vi', month('2024-06'), ['state-visit'], 'chuyến thăm cấp Nhà nước (tháng 6/2024)'),
      candidate('b', 'id', day('2024-06-19', '2024-06-20'), ['state-visit'], 'kunjungan kenegaraan dari 19-20 Juni'),
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ date: '2024-06-19', end: '2024-06-20', precision: 'day' });
    // Only the Indonesian article states the days: it tells the entry and is listed first.
    expect(events[0]!.sources.map((s) => s.doc)).toEqual(['b', 'a']);
    expect(events[0]!.text).toBe('kunjungan kenegaraan dari 19-20 Juni');
  });

  it('sorts entries by date', () => {
    const events = mergeEvents([
      candidate('a', 'id', day('2012-07-27'), ['strategic-partnership'], 'x'),
      candidate('b', 'id', month('1955-07'), ['agreement'], 'y'),
      candidate('c', 'id', year('2001'), ['treaty'], 'z'),
    ]);
    expect(events.map((e) => e.date)).toEqual(['1955-07', '2001', '2012-07-27']);
  });
});
