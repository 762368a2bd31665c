import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventSnippet, MAX_EVENT_TEXT_CHARS, SentenceText, sentencesOf } from '../../src/timeline/snippets.ts';

const span = (sentence: string, raw: string) => {
  const start = sentence.indexOf(raw);
  return { start, stop: start + raw.length };
};

describe('sentencesOf', () => {
  it('splits glued sentences and line breaks but not abbreviations', () => {
    const text = 'Sebagai Presiden Rusia, Tn. Putin telah mengunjungi Vietnam.Kedua negara sepakat.\nVNA';
    expect(sentencesOf(text, 'id').map((s) => s.text)).toEqual([
      'Sebagai Presiden Rusia, Tn. Putin telah mengunjungi Vietnam.',
      'Kedua negara sepakat.',
      'VNA',
    ]);
  });

  it('keeps offsets into the block', () => {
    const text = 'First one. Second one here.';
    for (const s of sentencesOf(text, 'en')) expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });
});

describe('eventSnippet', () => {
  it('returns a short sentence whole', () => {
    const sentence = 'Pada 1 Maret 2001, Vietnam dan Rusia menandatangani Pernyataan Bersama.';
    expect(eventSnippet(sentence, span(sentence, '1 Maret 2001'))).toBe(sentence);
  });

  it('keeps the opening of a long sentence, then the clauses around the date, marking what is left out', () => {
    const sentence =
      'Theo Đại sứ Nga tại Việt Nam, chuyến thăm sắp tới là sự kiện quan trọng của quan hệ hai nước trong năm nay, thống nhất trong chuyến thăm cấp Nhà nước của Tổng thống Putin đến Việt Nam (tháng 6/2024), cuộc điện đàm giữa Tổng Bí thư Tô Lâm với Tổng thống Putin (ngày 8/8/2024), và nhiều hoạt động khác trong năm.';
    const call = span(sentence, '8/8/2024');
    const visit = span(sentence, 'tháng 6/2024');
    const text = eventSnippet(sentence, call, { blocked: [visit] });
    expect(text.length).toBeLessThanOrEqual(MAX_EVENT_TEXT_CHARS);
    expect(text).toMatch(/^Theo Đại sứ Nga tại Việt Nam … cuộc điện đàm/u);
    expect(text).toContain('(ngày 8/8/2024)');
    expect(text).not.toContain('tháng 6/2024');
  });

  it('starts at the beginning of the sentence, so the subject is kept (the 2023 intergovernmental committee)', () => {
    const sentence =
      'Sidang ke-24 Komite Antarpemerintah Rusia-Vietnam tentang Ekonomi, Perdagangan, dan Kerja Sama Ilmiah dan Teknis tahun 2023 membahas efektivitas pelaksanaan Perjanjian Perdagangan Bebas antara Uni Ekonomi Eurasia dan Vietnam; dan arahan untuk berupaya mencapai omzet perdagangan bilateral hingga 10 miliar USD pada tahun 2030.';
    const text = eventSnippet(sentence, span(sentence, 'tahun 2023'), { blocked: [span(sentence, 'tahun 2030')] });
    expect(text.startsWith('Sidang ke-24 Komite Antarpemerintah Rusia-Vietnam')).toBe(true);
    expect(text).toContain('tahun 2023');
    expect(text).not.toContain('2030');
    expect(text.length).toBeLessThanOrEqual(MAX_EVENT_TEXT_CHARS);
  });

  it('has no opening words when the sentence opens with another fact of its own date', () => {
    const sentence = `Pada tahun 2001 kedua negara menandatangani Pernyataan Bersama, ${'dan kemudian '.repeat(12)}pada tahun 2012 Kemitraan Strategis Komprehensif ${'lagi '.repeat(30)}`;
    const text = eventSnippet(sentence, span(sentence, 'tahun 2012'), { blocked: [span(sentence, 'tahun 2001')] });
    expect(text).not.toContain('2001');
    expect(text).toContain('2012');
    expect(text.startsWith('…')).toBe(true);
  });

  it('falls back to a window at word edges when one clause is too long, after the opening words', () => {
    const sentence = `Menurut catatan sejarah, ${'kata '.repeat(80)}pada 16 Juni 1994 Vietnam dan Rusia menandatangani Perjanjian ${'lagi '.repeat(60)}`;
    const text = eventSnippet(sentence, span(sentence, '16 Juni 1994'), { informative: (t) => t.includes('Perjanjian') });
    expect(text.length).toBeLessThanOrEqual(MAX_EVENT_TEXT_CHARS);
    expect(text).toContain('16 Juni 1994');
    expect(text).toContain('Perjanjian');
    expect(text).toMatch(/^Menurut catatan sejarah … .*…$/u);
  });
});

describe('SentenceText', () => {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

  it('gives the cleaned length of any slice without building it (property)', () => {
    const piece = fc.constantFrom('a', 'bc', ' ', '  ', '\n', '\t', '\u00a0', '\u2028', '語', '🇻🇳', ',', '.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(), fc.nat(), (pieces, x, y) => {
        const text = pieces.join('');
        const reader = new SentenceText(text);
        const from = x % (text.length + 1);
        const to = y % (text.length + 1);
        expect(reader.cleanedLength(from, to)).toBe(to <= from ? 0 : clean(text.slice(from, to)).length);
        expect(reader.cleaned()).toBe(clean(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('cuts snippets as for the sentence alone, whatever order the blocked dates come in', () => {
    const sentence =
      'Theo Đại sứ, chuyến thăm sắp tới là sự kiện quan trọng, thống nhất trong chuyến thăm cấp Nhà nước của Tổng thống Putin đến Việt Nam (tháng 6/2024), cuộc điện đàm giữa Tổng Bí thư Tô Lâm với Tổng thống Putin (ngày 8/8/2024), và nhiều hoạt động khác trong năm 2023.';
    const call = span(sentence, '8/8/2024');
    const blocked = [span(sentence, '2023'), span(sentence, 'tháng 6/2024')];
    const expected = eventSnippet(sentence, call, { blocked: [...blocked].reverse() });
    expect(eventSnippet(sentence, call, { blocked })).toBe(expected);
    expect(new SentenceText(sentence).snippet(call, [...blocked].reverse(), () => true, MAX_EVENT_TEXT_CHARS)).toBe(expected);
    expect(expected).not.toContain('6/2024');
  });
});
