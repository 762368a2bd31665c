import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { correctSpelling, MAX_CORRECTED_LENGTH, oneEditAway } from '../../src/retrieval/spelling.ts';
import { buildKeywordIndex } from '../../src/index/keyword-build.ts';
import type { LoadedIndex } from '../../src/index/types.ts';
import { loadGlossary } from '../../src/retrieval/glossary.ts';
import { spellingLookup } from '../../src/retrieval/retrieve.ts';
import { isEnglishWord } from '../../src/text/english-words.ts';
import { isVietnameseSyllable } from '../../src/text/vietnamese-syllable.ts';
import type { Passage } from '../../src/domain.ts';

function passage(id: string, text: string, lang = 'en'): Passage {
  return {
    id,
    docId: id.split('#')[0],
    text,
    meta: { id: 'd', title: 'T', outlet: 'O', lang, published: '2025-01-14' },
  } as unknown as Passage;
}

const passages = [
  passage('d#0', 'Prime Minister Mishustin arrived in Hanoi for an official visit to Vietnam.'),
  passage('d#1', 'The ambassador spoke about freedom of navigation in the East Sea and about tropical medicine.'),
  passage('d#2', 'Scholarships for students; the policy of cooperation with the Politbiro.', 'id'),
  passage('v#0', 'Chuyến thăm chính thức của Thủ tướng Nga diễn ra trong hai ngày.', 'vi'),
];
const { lexical, sentences } = buildKeywordIndex(passages);
const index = { passages, lexical, sentences, vectors: null, timeline: [] } as unknown as LoadedIndex;
const lookup = spellingLookup(index, loadGlossary());
const correct = (question: string) => correctSpelling(question, lookup);

describe('correctSpelling (the real index and glossary)', () => {
  it('replaces an unknown long word by the known word one edit away, keeping a capital', () => {
    expect(correct('When did Misustin visit?')).toBe('When did Mishustin visit?');
    expect(correct('what did the ambasador say about freedon')).toBe('what did the ambassador say about freedom');
    expect(correct('Hanoy')).toBe('Hanoi');
  });

  it('counts two swapped neighbours as one edit', () => {
    expect(correct('Vitenam and Mihsustin')).toBe('Vietnam and Mishustin');
    expect(correct('how many scholraships')).toBe('how many scholarships');
  });

  it('edits the word as typed, not its stem: the stemmer cuts a slip differently from the word', () => {
    // "tropcal" stays whole under Porter2 while "tropical" becomes "tropic": several edits apart as stems.
    expect(correct('tropcal medicine')).toBe('tropical medicine');
    expect(correct('coopeation')).toBe('cooperation');
  });

  it('corrects a Vietnamese word typed with a slip, never a well-formed syllable the corpus lacks', () => {
    expect(correct('chyuến thăm')).toBe('chuyen thăm');
    expect(correct('trường học')).toBe('trường học');
    expect(correct('khong biet')).toBe('khong biet');
  });

  it('corrects a Russian word only towards a glossary stem, never to a word that merely starts like one', () => {
    expect(correct('Когда Мешустина приехал?')).toBe('Когда Мишустина приехал?');
    expect(correct('росийских компаний')).toBe('российских компаний');
    // A known Russian word and a word one edit from a four-letter glossary prefix ("рост") stay as typed.
    expect(correct('Россия достичь')).toBe('Россия достичь');
  });

  it('leaves real English words alone unless they are names spelt another way in the corpus', () => {
    expect(correct('the police said')).toBe('the police said');
    expect(correct('Which Politburo resolution')).toBe('Which Politbiro resolution');
    // The first word of a sentence is capitalised anyway: not a name.
    expect(correct('Politburo resolution')).toBe('Politburo resolution');
  });

  it('leaves known words, short words, numbers and far-off words alone', () => {
    expect(correct('Mishustin visit Hanoi')).toBe('Mishustin visit Hanoi');
    expect(correct('in Hnoi')).toBe('in Hnoi');
    expect(correct('Мишустн 2025')).toBe('Мишустин 2025');
    expect(correct('Lavrov football 12345')).toBe('Lavrov football 12345');
    // A run of letters longer than any word is not even searched (each letter adds some sixty candidates).
    let asked = 0;
    const counting = { ...lookup, knowsTerm: (term: string) => (asked++, lookup.knowsTerm(term)), remembered: undefined };
    const run = 'x'.repeat(MAX_CORRECTED_LENGTH + 1);
    expect(correctSpelling(run, counting)).toBe(run);
    expect(asked).toBe(0);
    expect(correctSpelling('Vitenam', counting)).toBe('Vietnam');
    expect(asked).toBeGreaterThan(0);
  });
});

describe('correctSpelling on any input', () => {
  it('never throws, and changes nothing but whole words', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const out = correct(text);
        expect(typeof out).toBe('string');
        // Whatever is not a word (spaces, punctuation, symbols, lone surrogates) stays where it was.
        expect(out.replace(/[\p{L}\p{M}\p{N}]+/gu, '')).toBe(text.replace(/[\p{L}\p{M}\p{N}]+/gu, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('oneEditAway', () => {
  it('holds every drop, swap, replacement and insertion, and not the word itself', () => {
    const edits = oneEditAway('abc', 'ab');
    for (const w of ['bc', 'ac', 'ab', 'bac', 'acb', 'bbc', 'aac', 'abb', 'aabc', 'babc', 'abac', 'abcb']) expect(edits.has(w)).toBe(true);
    expect(edits.has('abc')).toBe(false);
    expect(edits.has('cab')).toBe(false);
  });

  it('works on letters outside the Basic Multilingual Plane as whole letters', () => {
    expect(oneEditAway('a𝒜b', 'x').has('ab')).toBe(true);
  });
});

describe('word lists', () => {
  it('isEnglishWord knows inflected English words and not slips', () => {
    expect(isEnglishWord('became')).toBe(true);
    expect(isEnglishWord('Investigations')).toBe(true);
    expect(isEnglishWord('coopeation')).toBe(false);
    expect(isEnglishWord('')).toBe(false);
  });

  it('isVietnameseSyllable accepts well-formed syllables with or without diacritics and rejects slips', () => {
    for (const s of ['trường', 'nguyễn', 'khong', 'chuyến', 'nghiêng', 'quốc', 'giúp']) expect(isVietnameseSyllable(s)).toBe(true);
    for (const s of ['chyuến', 'since', 'ukraine', 'putin', 'tyuên']) expect(isVietnameseSyllable(s)).toBe(false);
  });
});
