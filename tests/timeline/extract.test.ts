import { describe, expect, it } from 'vitest';
import { extractCandidates, extractTimeline } from '../../src/timeline/extract.ts';
import { MAX_EVENT_TEXT_CHARS } from '../../src/timeline/snippets.ts';
import { makeDocument, seedDocuments } from './fixtures.ts';

describe('extractCandidates', () => {
  it('finds dated relationship events and summarises them from the sentence', () => {
    const doc = makeDocument(
      { id: 'a', lang: 'id', published: '2024-06-18' },
      'Pada 1 Maret 2001, Vietnam dan Rusia menandatangani Pernyataan Bersama tentang Kemitraan Strategis. Cuaca cerah.',
    );
    const [event, ...rest] = extractCandidates(doc);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ value: { date: '2001-03-01', precision: 'day' }, direct: true });
    expect(event!.kinds).toEqual(expect.arrayContaining(['strategic-partnership', 'joint-statement']));
    expect(event!.text).toBe('Pada 1 Maret 2001, Vietnam dan Rusia menandatangani Pernyataan Bersama tentang Kemitraan Strategis.');
  });

  it.each([
    ['vi', 'Thời tiết hôm nay (5/5): Bắc Bộ nắng nóng trên diện rộng, ngày 5/5 có mưa rào.'],
    ['vi', 'Tin quốc tế ngày 8/5: Mỹ muốn hòa giải xung đột Ấn Độ - Pakistan; Nga bắt đầu ngừng bắn với Ukraine trong 3 ngày'],
    ['vi', 'Trong buổi làm việc vào ngày 8/5 tại Hà Nội, các đại biểu đã thảo luận về tiềm năng hợp tác giữa Việt Nam và Áo.'],
    ['vi', '[Video] 30 năm quan hệ Việt Nam - Hoa Kỳ: từ chiến tranh đến đối tác chiến lược toàn diện (1995-2025)'],
    ['en', 'The Provincial Security Investigation Agency of Thanh Hoa announced on January 31st that it will prosecute 23 people.'],
    ['en', 'Mobile World announced its 2023 business results; revenue reached 118 trillion dong.'],
    ['id', 'Cuaca hari ini: hujan lebat diperkirakan turun di Jakarta pada 5 Mei 2025.'],
    ['ru', 'Погода 5 мая 2025 года: в Москве ожидается дождь.'],
  ] as const)('produces no event from clutter (%s): %s', (lang, text) => {
    const doc = makeDocument({ id: 'clutter', lang, published: '2025-05-09' }, text);
    expect(extractCandidates(doc)).toEqual([]);
  });

  it('skips plans and far-future dates but keeps a visit announced days ahead', () => {
    const doc = makeDocument(
      { id: 'b', lang: 'vi', published: '2025-01-12' },
      [
        'Thủ tướng Liên bang Nga Mishustin sẽ thăm chính thức Việt Nam từ ngày 14 đến 15/1.',
        'Hai nước chuẩn bị Kế hoạch hợp tác Nga - Việt đến năm 2030.',
        'Năm 2025 hai nước sẽ ký kết thêm văn kiện hợp tác Việt Nam - Nga.',
      ].join('\n'),
    );
    expect(extractCandidates(doc).map((c) => [c.value.date, c.value.end])).toEqual([['2025-01-14', '2025-01-15']]);
  });

  it('re-points "the Nth anniversary … this year / in 2025" to the original year', () => {
    const doc = makeDocument(
      { id: 'c', lang: 'en', published: '2025-01-14', title: 'Việt Nam and Russia' },
      [
        'Prime Minister Chính welcomed Russian Prime Minister Mishustin in Hà Nội.',
        'Việt Nam and Russia signed several agreements.',
        'The two countries are also celebrating the 75th anniversary of their diplomatic ties this year.',
      ].join('\n'),
    );
    const anniversary = extractCandidates(doc).find((c) => c.kinds.includes('diplomatic-relations'));
    expect(anniversary).toMatchObject({ value: { date: '1950', precision: 'year' }, direct: false });
  });

  it('drops the celebration year when the original year is written too', () => {
    const doc = makeDocument(
      { id: 'd', lang: 'id', published: '2024-06-18' },
      'Tahun 2024 menandai 70 tahun sejak mahasiswa Vietnam pertama datang untuk belajar di Uni Soviet pada tahun 1954.',
    );
    expect(extractCandidates(doc).map((c) => c.value.date)).toEqual(['1954']);
  });

  it.each([
    ['id', 'Ini adalah kunjungan pertama Presiden Putin ke Vietnam setelah ia terpilih sebagai Presiden Federasi Rusia pada Maret 2024.'],
    ['en', "This is President Putin's first visit to Vietnam after his election as President of Russia in March 2024."],
    ['vi', 'Đây là chuyến thăm Việt Nam đầu tiên của Tổng thống Putin sau khi ông tái đắc cử Tổng thống Nga vào tháng 3/2024.'],
    ['ru', 'Это первый визит Путина во Вьетнам после его избрания президентом России в марте 2024 года.'],
  ] as const)('places no event at a date mentioned in passing, in a clause of another time (%s)', (lang, sentence) => {
    const doc = makeDocument({ id: `passing-${lang}`, lang, published: '2024-06-18' }, sentence);
    expect(extractCandidates(doc)).toEqual([]);
  });

  it.each([
    ['vi', 'Tháng 8/2024, sau khi Chủ tịch nước Tô Lâm được bầu làm Tổng Bí thư, Tổng thống Nga Vladimir Putin và nhà lãnh đạo Việt Nam đã có cuộc điện đàm.', '2024-08', ['phone-call']],
    ['en', 'In November 2006, President Putin paid an official visit to Vietnam after attending the APEC summit in Hanoi.', '2006-11', ['official-visit', 'visit']],
    ['id', 'Tahun 2024 menandai 70 tahun sejak mahasiswa Vietnam pertama datang untuk belajar di Uni Soviet pada tahun 1954.', '1954', ['students']],
  ] as const)('dates the fact the sentence reports, not its background clause (%s)', (lang, sentence, date, reported) => {
    const doc = makeDocument({ id: `main-${lang}`, lang, published: '2025-01-12' }, sentence);
    const [candidate, ...rest] = extractCandidates(doc);
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({ value: { date }, reported });
  });

  it('reports what an anniversary is of, not the celebration around it', () => {
    const doc = makeDocument(
      { id: 'f', lang: 'en', published: '2024-06-20' },
      "General Secretary Trong highly appreciated President Putin's fifth visit to Vietnam, which coincided with the 30th anniversary of the signing of the Treaty on the Basic Principles of Friendly Relations between Vietnam and Russia (1994-2024) and towards the 75th anniversary of the establishment of diplomatic relations (1950-2025).",
    );
    const byDate = Object.fromEntries(extractCandidates(doc).map((c) => [c.value.date, c.reported]));
    expect(byDate).toEqual({ '1994': ['treaty', 'agreement'], '1950': ['diplomatic-relations'] });
  });

  it('reads Russian articles and merges them with English reports of the same events', () => {
    const ru = makeDocument(
      { id: 'ru', lang: 'ru', published: '2025-01-30' },
      [
        '30 января 1950 года Демократическая Республика Вьетнам и СССР установили дипломатические отношения.',
        'В июне 2024 года Владимир Путин совершил государственный визит во Вьетнам.',
        '8 августа 2024 года состоялся телефонный разговор Путина с То Ламом.',
        'Погода в Москве 5 мая: дождь.',
      ].join('\n'),
    );
    const en = makeDocument(
      { id: 'en', lang: 'en', published: '2024-06-21' },
      'Russian President Vladimir Putin paid a state visit to Vietnam on June 19-20, 2024.\nVietnam and the Soviet Union established diplomatic relations on January 30, 1950.',
    );
    const events = extractTimeline([ru, en]);
    expect(events.map((e) => [e.date, e.sources.map((s) => s.doc).sort().join('+')])).toEqual([
      ['1950-01-30', 'en+ru'],
      ['2024-06-19', 'en+ru'],
      ['2024-08-08', 'ru'],
    ]);
    expect(events[1]!.text).toMatch(/^Russian President Vladimir Putin/);
  });

  it('keeps event texts short', () => {
    for (const doc of seedDocuments()) for (const c of extractCandidates(doc)) expect(c.text.length).toBeLessThanOrEqual(MAX_EVENT_TEXT_CHARS);
  });
});

describe('extractTimeline over the real seed articles', () => {
  const events = extractTimeline(seedDocuments());

  it('lists the 1950 diplomatic relations once, sourced in Indonesian, Vietnamese and English', () => {
    const in1950 = events.filter((e) => e.date.startsWith('1950'));
    expect(in1950).toHaveLength(1);
    expect(in1950[0]).toMatchObject({ date: '1950-01-30', precision: 'day' });
    expect(new Set(in1950[0]!.sources.map((s) => s.lang))).toEqual(new Set(['id', 'vi', 'en']));
  });

  it("merges Putin's June 2024 state visit across articles", () => {
    const visit = events.filter((e) => e.date.startsWith('2024-06'));
    expect(visit).toHaveLength(1);
    expect(visit[0]).toMatchObject({ date: '2024-06-19', end: '2024-06-20' });
    expect(visit[0]!.sources.length).toBeGreaterThanOrEqual(2);
  });

  it("places Mishustin's official visit on 14-15 January 2025 from the Vietnamese and English reports", () => {
    const visit = events.find((e) => e.date === '2025-01-14');
    expect(visit?.end).toBe('2025-01-15');
    expect(new Set(visit?.sources.map((s) => s.lang))).toEqual(new Set(['vi', 'en']));
  });

  it('finds the milestones of the relationship', () => {
    const dates = events.map((e) => e.date);
    expect(dates).toEqual(expect.arrayContaining(['1954', '1955-07', '1994-06-16', '2001-03-01', '2012-07-27', '2024-08-08']));
  });

  it('keeps the clutter of the pages out', () => {
    const texts = events.map((e) => e.text).join('\n');
    expect(texts).not.toMatch(/Thời tiết|Tin quốc tế|Áo|bribe|Vatican|Mobile World/);
    expect(events.every((e) => e.date >= '1950' && e.date <= '2025-02')).toBe(true);
  });

  it('is sorted by date', () => {
    expect(events.map((e) => e.date)).toEqual([...events.map((e) => e.date)].sort());
  });
});
