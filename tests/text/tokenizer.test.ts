import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/text/language.ts';
import { foldDiacritics } from '../../src/text/normalize.ts';
import { analyze, contentTerms, indexTerms } from '../../src/text/tokenizer.ts';
import { romanizeRussianWord, transliterateRussian } from '../../src/text/transliterate.ts';

describe('normalisation', () => {
  it('folds Vietnamese diacritics including đ, keeping syllables apart', () => {
    expect(foldDiacritics('Phạm Minh Chính, Đà Nẵng')).toBe('Pham Minh Chinh, Da Nang');
    expect(contentTerms('Quan hệ ngoại giao')).toEqual(['quan', 'he', 'ngoai', 'giao']);
  });

  it('treats decomposed (NFD) and composed (NFC) input alike', () => {
    const nfd = 'Việt Nam'.normalize('NFD');
    expect(indexTerms(nfd)).toEqual(indexTerms('Việt Nam'.normalize('NFC')));
  });

  it('keeps the accented form as an extra term so that dầu (oil) and đầu (head) stay apart', () => {
    const oil = indexTerms('dầu');
    const head = indexTerms('đầu');
    expect(oil).toContain('dau');
    expect(head).toContain('dau');
    expect(oil.filter((t) => t.startsWith('='))).not.toEqual(head.filter((t) => t.startsWith('=')));
  });
});

describe('tokens', () => {
  it('indexes syllable bigrams within a phrase but not across punctuation', () => {
    const terms = indexTerms('quan hệ ngoại giao. Liên Xô');
    expect(terms).toContain('quan_he');
    expect(terms).toContain('ngoai_giao');
    expect(terms).toContain('lien_xo');
    expect(terms).not.toContain('giao_lien');
  });

  it('splits dates into number tokens', () => {
    expect(contentTerms('30/1/1950')).toEqual(['30', '1', '1950']);
    expect(contentTerms('ngày 08/08/2024')).toEqual(['ngay', '8', '8', '2024']);
  });

  it('drops stop words of every language but keeps content words', () => {
    expect(contentTerms('When did the Soviet Union and Vietnam establish relations?')).toEqual([
      'soviet', 'union', 'vietnam', 'establish', 'relat',
    ]);
    expect(contentTerms('Kapan Vietnam dan Rusia menjalin hubungan diplomatik?')).toEqual([
      'vietnam', 'rusia', 'menjalin', 'hubungan', 'diplomatik',
    ]);
  });

  it('stems English plurals and verb forms the same way on both sides', () => {
    expect(contentTerms('established')).toEqual(contentTerms('establish'));
    expect(contentTerms('congratulated')).toEqual(contentTerms('congratulate'));
    expect(contentTerms('scholarships')).toEqual(contentTerms('scholarship'));
  });

  it('transliterates Russian, inflected names included', () => {
    expect(contentTerms('Путин')).toEqual(['putin']);
    expect(contentTerms('Путина Путиным Мишустина')).toEqual(['putin', 'putin', 'mishustin']);
    expect(contentTerms('в Ханое')).toEqual(['hanoi']);
    expect(contentTerms('Вьетнама')).toEqual(['vietnam']);
    expect(transliterateRussian('бездетко')).toBe('bezdetko');
    expect(romanizeRussianWord('ханой', 'хан')).toBe('hanoi');
  });

  it('marks Cyrillic tokens and keeps their Russian stem as the glossary key', () => {
    const [token] = analyze('отношений').flat();
    expect(token?.cyrillic).toBe(true);
    expect(token?.key).toBe('отношен');
  });

  it('never throws and only yields non-empty terms, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const terms = indexTerms(text);
        expect(terms.every((t) => t.length > 0 && !/\s/.test(t))).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        expect(() => analyze(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('question language', () => {
  it.each([
    ['Когда были установлены дипломатические отношения?', 'ru'],
    ['Việt Nam và Liên Xô thiết lập quan hệ ngoại giao vào năm nào?', 'vi'],
    ['Kapan Vietnam dan Uni Soviet menjalin hubungan diplomatik?', 'id'],
    ['When did Phạm Minh Chính visit Moscow?', 'en'],
    ['viet nam va lien xo thiet lap quan he ngoai giao khi nao', 'vi'],
    // Without diacritics and without a function word to count: the words' syllable shape tells.
    ['Nga ung ho Viet Nam tham gia BRICS', 'vi'],
    ['trung tam nhiet doi viet nga dat tru so o dau', 'vi'],
    ['Russia backs Vietnam joining BRICS', 'en'],
    ['Rusia mendukung Vietnam untuk bergabung dengan BRICS', 'id'],
    ['Putin Da Nang', 'en'],
    // Keywords only: an Indonesian derivation that is no English word tells; "russian" does not.
    ['Kunjungan kedua Putin', 'id'],
    ['Penerbangan langsung Moskow-Hanoi', 'id'],
    ['Putin terpilih lagi?', 'id'],
    ['russian foreign minister name vietnam visit', 'en'],
    ['intergovernmental committee military technical cooperation', 'en'],
    // Keywords with neither: lower-case content words vote, English words for English, the others for Indonesian;
    // capitalised words are names, which every language shares.
    ['Mishustin kunjungan resmi bulan Januari', 'id'],
    ['lokasi kantor Pusat Tropis', 'id'],
    ['Mishustin official visit January', 'en'],
    ['Putin APEC Da Nang 2017', 'en'],
    ['Lavrov Hanoi', 'en'],
    // A run of letters is no word of any language, and letters no language writes are no Indonesian.
    ['x'.repeat(40), 'en'],
    ['zzqx blorft', 'en'],
    ['kunjungan mempertanggungjawabkan', 'id'],
  ] as const)('%s → %s', (question, lang) => {
    expect(detectLanguage(question)).toBe(lang);
  });
});

describe('list markers', () => {
  it('drops an ordinal that opens a sentence before a comma, in each language, and keeps ordinals elsewhere', () => {
    const vi = indexTerms('Thứ ba, chuyến thăm sắp tới. Ông Putin thăm Việt Nam lần thứ ba, năm 2006.');
    expect(vi.filter((t) => t === 'thu_ba')).toHaveLength(1); // the visit's "lần thứ ba", not the writer's third point
    expect(vi).not.toContain('ba_chuyen');
    expect(indexTerms('Secondly, the visit matters.')).not.toContain('secondly');
    expect(indexTerms('It was his second visit.')).toContain('second');
    expect(indexTerms('Kedua, kunjungan ini penting.')).not.toContain('kedua');
    expect(indexTerms('Kunjungan kedua, pada 2006.')).toContain('kedua');
    expect(indexTerms('Во-вторых, визит важен.').some((t) => t.includes('втор'))).toBe(false);
    // Not a list marker without the comma: "Thứ ba tuần sau" (next Tuesday) keeps its words.
    expect(indexTerms('Thứ ba tuần sau hai bên gặp nhau.')).toContain('thu_ba');
  });
});

describe('ordinals in digits', () => {
  it('reads "24th", "1st", "2nd", "3rd" as their numbers, as "thứ 24" and "ke-24" are read', () => {
    const terms = (text: string) => analyze(text).flat().map((t) => t.term);
    expect(terms('the 24th session')).toContain('24');
    expect(terms('1st 2nd 3rd 13th')).toEqual(['1', '2', '3', '13']);
    expect(terms('kỳ họp thứ 24')).toContain('24');
    expect(terms('sidang ke-24')).toContain('24');
    // Letters after digits that are not an ordinal ending stay one word.
    expect(terms('5g 24h')).toEqual(['5g', '24h']);
  });
});
