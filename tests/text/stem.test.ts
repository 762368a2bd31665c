import { describe, expect, it } from 'vitest';
import { stemLatin, stemRussian, withoutFleetingVowel } from '../../src/text/stem.ts';
import { contentTerms } from '../../src/text/tokenizer.ts';

describe('stemLatin (Snowball English, applied to every Latin token)', () => {
  it('unites English inflections and derivations the light rule kept apart', () => {
    expect(stemLatin('relations')).toBe(stemLatin('relation'));
    expect(stemLatin('strengthening')).toBe(stemLatin('strengthen'));
    expect(stemLatin('signing')).toBe('sign');
    expect(stemLatin('signed')).toBe('sign');
    expect(stemLatin('cooperation')).toBe(stemLatin('cooperate'));
    expect(stemLatin('diplomatic')).toBe('diplomat');
  });

  it('leaves Vietnamese syllables (folded or accented) alone', () => {
    for (const syllable of ['quan', 'nguyen', 'thuong', 'chinh', 'ngoai', 'giao', 'quy', 'thuy', 'những', 'được']) {
      expect(stemLatin(syllable)).toBe(syllable);
    }
  });

  it('leaves Indonesian affixed words whole (no Indonesian affix stripping)', () => {
    for (const word of ['kunjungan', 'berkunjung', 'hubungan', 'kerjasama', 'menteri', 'pemerintah']) {
      expect(stemLatin(word)).toBe(word);
    }
  });

  it('keeps names the corpus spells in Latin', () => {
    for (const name of ['putin', 'mishustin', 'hanoi', 'moscow', 'lavrov', 'vietnam', 'russia']) expect(stemLatin(name)).toBe(name);
  });
});

describe('stemRussian (hand list, kept after measuring Snowball Russian)', () => {
  it('gives one stem for the cases of a noun, so that prefix matching with the glossary works', () => {
    expect(stemRussian('визит')).toBe('визит');
    expect(stemRussian('визитом')).toBe('визит');
    expect(stemRussian('путина')).toBe('путин');
    expect(stemRussian('путиным')).toBe('путин');
    expect(stemRussian('отношений')).toBe(stemRussian('отношения'));
  });

  it('Russian questions still meet Latin index terms through transliteration', () => {
    expect(contentTerms('визитом Путина')).toEqual(['vizit', 'putin']);
  });
});

describe('withoutFleetingVowel', () => {
  it('drops the о/е/ё of a last syllable that inflected forms lose', () => {
    expect(withoutFleetingVowel(stemRussian('посол'))).toBe(stemRussian('послом'));
    expect(withoutFleetingVowel(stemRussian('отец'))).toBe(stemRussian('отца'));
    expect(withoutFleetingVowel(stemRussian('уровень'))).toBe(stemRussian('уровня'));
  });

  it('leaves stems without consonant + vowel + consonant at the end, and short ones, alone', () => {
    expect(withoutFleetingVowel('визит')).toBeUndefined();
    expect(withoutFleetingVowel('росси')).toBeUndefined();
    expect(withoutFleetingVowel('сон')).toBeUndefined();
  });
});
