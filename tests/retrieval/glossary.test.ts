import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/domain.ts';
import { isBotError } from '../../src/errors.ts';
import { DEFAULT_GLOSSARY_PATH, glossarySchema, glossaryWordLanguages, parseGlossary } from '../../src/retrieval/glossary.ts';
import { detectLanguage } from '../../src/text/language.ts';

const raw: unknown = JSON.parse(readFileSync(DEFAULT_GLOSSARY_PATH, 'utf8'));

describe('glossary data (corpus/glossary.json)', () => {
  it('matches the schema', () => {
    const result = glossarySchema.safeParse(raw);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('gives every concept at least one usable term in each of the four languages', () => {
    const glossary = parseGlossary(raw);
    const missing = glossary.concepts.flatMap((c) =>
      LANGUAGES.filter((lang) => !c.variants.some((v) => v.lang === lang && v.tokens.length > 0)).map((lang) => `${c.id}:${lang}`),
    );
    expect(missing).toEqual([]);
  });

  it('has Russian terms written in Cyrillic for every concept', () => {
    const glossary = parseGlossary(raw);
    const latinOnly = glossary.concepts.filter((c) => !c.variants.some((v) => v.lang === 'ru' && /[\u0400-\u04ff]/.test(v.text)));
    expect(latinOnly.map((c) => c.id)).toEqual([]);
  });

  it('covers the concepts the corpus is about', () => {
    const ids = new Set(parseGlossary(raw).concepts.map((c) => c.id));
    for (const id of ['diplomatic-relations', 'comprehensive-strategic-partnership', 'scholarships', 'putin', 'mishustin', 'soviet-union', 'brics', 'east-sea']) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('rejects a concept missing a language, and duplicate ids, with CORPUS_INVALID', () => {
    const noRussian = { version: 1, concepts: [{ id: 'x', kind: 'topic', terms: { en: ['a'], vi: ['b'], id: ['c'] } }] };
    expect(() => parseGlossary(noRussian)).toThrow(expect.objectContaining({ code: 'CORPUS_INVALID' }));
    const concept = { id: 'x', kind: 'topic', terms: { en: ['a'], vi: ['b'], id: ['c'], ru: ['д'] } };
    try {
      parseGlossary({ version: 1, concepts: [concept, concept] });
      expect.unreachable();
    } catch (error) {
      expect(isBotError(error, 'CORPUS_INVALID')).toBe(true);
    }
  });
});

describe('glossaryWordLanguages', () => {
  const glossary = parseGlossary({
    version: 1,
    concepts: [
      { id: 'putin', kind: 'person', terms: { en: ['Vladimir Putin'], vi: ['Putin'], id: ['Putin'], ru: ['Путин'] } },
      { id: 'russia', kind: 'place', terms: { en: ['Russia'], vi: ['Nga'], id: ['Rusia'], ru: ['Россия'] } },
      { id: 'visit', kind: 'topic', terms: { en: ['visit'], vi: ['chuyến thăm'], id: ['kunjungan'], ru: ['визит'] } },
    ],
  });

  it('gives each word the languages whose terms write it', () => {
    const words = glossaryWordLanguages(glossary);
    expect(words.get('putin')).toEqual(['vi', 'id', 'en']);
    expect(words.get('russia')).toEqual(['en']);
    expect(words.get('kunjungan')).toEqual(['id']);
    expect(words.get('thăm')).toEqual(['vi']);
    // Computed once per glossary.
    expect(glossaryWordLanguages(glossary)).toBe(words);
  });

  it("tells a keyword question's language by the glossary's words, names voting for none", () => {
    const lexicon = glossaryWordLanguages(glossary);
    // Without the glossary, "putin" looks like an Indonesian word: two votes against one English word.
    expect(detectLanguage('putin rusia visit')).toBe('id');
    expect(detectLanguage('putin russia visit', lexicon)).toBe('en');
    expect(detectLanguage('putin kunjungan', lexicon)).toBe('id');
    expect(detectLanguage('putin', lexicon)).toBe('en');
  });
});
