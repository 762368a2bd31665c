import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/engine-types.ts';
import { filterTimeline, foldText, MAX_TOPIC_SUGGESTIONS, timelineTopics } from '../../src/timeline/filter.ts';
import { EVENT_KINDS, timelineKindsOf, type EventKind } from '../../src/timeline/lexicon.ts';
import { source } from './fixtures.ts';

/** An event with the finer kinds the classifier would have found, and the filterable kinds they make. */
function event(date: string, text: string, subkinds: string[], end: string | null = null): TimelineEvent {
  const known = subkinds.filter((k): k is EventKind => (EVENT_KINDS as readonly string[]).includes(k));
  return { date, end, precision: date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day', text, sources: [source('d', 'en')], kinds: timelineKindsOf(known), subkinds };
}

const EVENTS: TimelineEvent[] = [
  event('1950-01-30', 'Vietnam and the USSR established diplomatic relations.', ['diplomatic-relations']),
  event('1994-06-16', 'Vietnam and Russia signed the Treaty on Basic Principles of Friendly Relations.', ['treaty', 'agreement']),
  event('2024-06-19', 'Presiden Vladimir Putin melakukan kunjungan kenegaraan ke Vietnam dari 19-20 Juni.', ['state-visit', 'visit'], '2024-06-20'),
  event('2024-08-08', 'cuộc điện đàm giữa Tổng Bí thư Tô Lâm với Tổng thống Putin (ngày 8/8/2024).', ['phone-call']),
  event('2024', 'Chủ tịch Quốc hội Trần Thanh Mẫn thăm Nga 2024-2025', ['visit'], '2025'),
];

describe('filterTimeline', () => {
  it('keeps events overlapping the year range, inclusive', () => {
    expect(filterTimeline(EVENTS, { from: 1994, to: 2024 }).map((e) => e.date)).toEqual(['1994-06-16', '2024-06-19', '2024-08-08', '2024']);
    expect(filterTimeline(EVENTS, { from: 2025 }).map((e) => e.date)).toEqual(['2024']);
    expect(filterTimeline(EVENTS, { to: 1950 }).map((e) => e.date)).toEqual(['1950-01-30']);
  });

  it('matches a topic by event kind in any language', () => {
    expect(filterTimeline(EVENTS, { topic: 'phone call' }).map((e) => e.date)).toEqual(['2024-08-08']);
    expect(filterTimeline(EVENTS, { topic: 'điện đàm' }).map((e) => e.date)).toEqual(['2024-08-08']);
    expect(filterTimeline(EVENTS, { topic: 'state visit' }).map((e) => e.date)).toEqual(['2024-06-19']);
    expect(filterTimeline(EVENTS, { topic: 'treaty' }).map((e) => e.date)).toEqual(['1994-06-16']);
  });

  it('matches a topic by name or words, ignoring case and diacritics', () => {
    expect(filterTimeline(EVENTS, { topic: 'putin' }).map((e) => e.date)).toEqual(['2024-06-19', '2024-08-08']);
    expect(filterTimeline(EVENTS, { topic: 'To Lam' }).map((e) => e.date)).toEqual(['2024-08-08']);
    expect(filterTimeline(EVENTS, { topic: 'ussr' }).map((e) => e.date)).toEqual(['1950-01-30']);
    expect(filterTimeline(EVENTS, { topic: 'nothing like this' })).toEqual([]);
  });

  it('filters by the kind people choose (visit, call, agreement, …)', () => {
    expect(filterTimeline(EVENTS, { kind: 'call' }).map((e) => e.date)).toEqual(['2024-08-08']);
    expect(filterTimeline(EVENTS, { kind: 'visit' }).map((e) => e.date)).toEqual(['2024-06-19', '2024']);
    expect(filterTimeline(EVENTS, { kind: 'agreement' }).map((e) => e.date)).toEqual(['1994-06-16']);
    expect(filterTimeline(EVENTS, { kind: 'other' }).map((e) => e.date)).toEqual(['1950-01-30']);
    expect(filterTimeline(EVENTS, { kind: 'meeting' })).toEqual([]);
    expect(filterTimeline(EVENTS, { kind: 'visit', from: 2025 }).map((e) => e.date)).toEqual(['2024']);
  });

  it('takes a topic that names a kind exactly as that kind, not as words of the text', () => {
    const treaty = event('1994', "Trong appreciated Putin's visit, which marked 30 years of the Treaty (1994-2024).", ['treaty', 'agreement']);
    expect(filterTimeline([...EVENTS, treaty], { topic: 'visit' }).map((e) => e.date)).toEqual(['2024-06-19', '2024']);
    // Free text still reads the words.
    expect(filterTimeline([...EVENTS, treaty], { topic: 'appreciated' }).map((e) => e.date)).toEqual(['1994']);
  });

  it("tells each event by a text that states its date, in the asker's language where one exists, else English, else the first", () => {
    const relations: TimelineEvent = {
      ...event('1950-01-30', 'Pada tanggal 30 Januari 1950, Vietnam dan USSR menjalin hubungan diplomatik.', ['diplomatic-relations']),
      sources: [source('en-1', 'en'), source('vi-1', 'vi'), source('id-1', 'id'), source('id-2', 'id')],
      texts: [
        { lang: 'en', doc: 'en-1', text: 'The 75th anniversary of diplomatic relations (1950-2025).', statesDate: false },
        { lang: 'vi', doc: 'vi-1', text: 'Kỷ niệm 75 năm thiết lập quan hệ ngoại giao (30/1/1950-30/1/2025).', statesDate: true },
        { lang: 'id', doc: 'id-2', text: 'Pada tanggal 30 Januari 1950, Vietnam dan USSR menjalin hubungan diplomatik.', statesDate: true },
      ],
    };
    const told = (lang: 'en' | 'vi' | 'id' | 'ru', e: TimelineEvent = relations) => filterTimeline([e], { lang })[0]!;
    expect(told('id').text).toMatch(/^Pada tanggal 30 Januari 1950/);
    // The quoted article is listed first; every other source follows.
    expect(told('id').sources.map((s) => s.doc)).toEqual(['id-2', 'en-1', 'vi-1', 'id-1']);
    expect(told('vi').text).toMatch(/^Kỷ niệm 75 năm/);
    // The English text does not show the day: an English or Russian reader is shown one that does.
    expect(told('en').text).toMatch(/^Kỷ niệm 75 năm/);
    expect(told('ru').text).toMatch(/^Kỷ niệm 75 năm/);
    expect(told('en').sources.map((s) => s.doc)).toEqual(['vi-1', 'en-1', 'id-1', 'id-2']);
    // When every text states the date, English for a reader without a source in their language.
    const allExact = { ...relations, texts: relations.texts!.map((t) => ({ ...t, statesDate: true })) };
    expect(told('ru', allExact).text).toMatch(/^The 75th anniversary/);
    // When none does, the same order among all of them.
    const noneExact = { ...relations, texts: relations.texts!.map((t) => ({ ...t, statesDate: false })) };
    expect(told('ru', noneExact).text).toMatch(/^The 75th anniversary/);
    expect(told('vi', noneExact).text).toMatch(/^Kỷ niệm/);
    // A timeline written before statesDate was recorded: every text counts as stating it (the former behaviour).
    const unrecorded = { ...relations, texts: relations.texts!.map(({ statesDate: _, ...t }) => t) };
    expect(told('ru', unrecorded).text).toMatch(/^The 75th anniversary/);
    // Without English, the first language told.
    const noEnglish = { ...allExact, texts: allExact.texts.filter((t) => t.lang !== 'en') };
    expect(told('ru', noEnglish).text).toMatch(/^Kỷ niệm/);
    // A topic in one language finds the event told in another.
    expect(filterTimeline([relations], { topic: 'USSR', lang: 'id' })[0]!.text).toMatch(/^Pada tanggal/);
  });

  it('returns everything for an empty query', () => {
    expect(filterTimeline(EVENTS)).toEqual(EVENTS);
    expect(filterTimeline(EVENTS, { topic: '  ' })).toEqual(EVENTS);
  });
});

describe('timelineTopics', () => {
  it('offers kinds and key names, most frequent first', () => {
    const topics = timelineTopics(EVENTS, '');
    expect(topics.slice(0, 2)).toEqual(['visit', 'Vladimir Putin']);
    expect(topics).toEqual(expect.arrayContaining(['phone call', 'state visit', 'friendship treaty', 'diplomatic relations', 'To Lam', 'Tran Thanh Man']));
  });

  it('filters by the prefix of any word, without diacritics', () => {
    expect(timelineTopics(EVENTS, 'pu')).toEqual(['Vladimir Putin']);
    expect(timelineTopics(EVENTS, 'VIS')).toEqual(['visit', 'state visit']);
    expect(timelineTopics(EVENTS, 'zzz')).toEqual([]);
  });

  it('never offers more than Discord can show', () => {
    const many = Array.from({ length: 60 }, (_, i) => event(`20${String(i % 25).padStart(2, '0')}`, 'x', [`unknown-${i}`]));
    expect(timelineTopics([...EVENTS, ...many], '').length).toBeLessThanOrEqual(MAX_TOPIC_SUGGESTIONS);
  });
});

describe('foldText', () => {
  it('removes diacritics, including the Vietnamese đ', () => {
    expect(foldText('Đặng Minh Khôi  thăm')).toBe('dang minh khoi tham');
  });
});

describe('topic matching ignores source titles', () => {
  it('does not tie an event to a name found only in the title of one of its sources', () => {
    const relations: TimelineEvent = {
      ...event('1950-01-30', 'Vietnam and the USSR established diplomatic relations.', ['diplomatic-relations']),
      sources: [{ ...source('t', 'en'), title: 'Historic Summit: Nguyễn Phú Trọng and Vladimir Putin' }],
    };
    expect(filterTimeline([relations], { topic: 'Putin' })).toEqual([]);
  });
});
