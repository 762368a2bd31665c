import { describe, expect, it } from 'vitest';
import { correctSpelling, type SpellingLookup } from '../../src/retrieval/spelling.ts';
import { LexicalIndex } from '../../src/index/lexical-index.ts';
import type { Passage } from '../../src/domain.ts';

function passage(id: string, text: string): Passage {
  return {
    id,
    docId: 'd',
    text,
    meta: { id: 'd', title: 'T', outlet: 'O', lang: 'en', published: '2025-01-14' },
  } as unknown as Passage;
}

const index = LexicalIndex.build([
  passage('d#0', 'Prime Minister Mishustin arrived in Hanoi for an official visit.'),
  passage('d#1', 'The ambassador spoke about freedom of navigation in the East Sea.'),
]);
const lookup: SpellingLookup = {
  known: (term) => index.documentFrequency(term) > 0,
  similar: (term, edits) => index.similarTerms(term, edits),
};

describe('correctSpelling (through the real lexical index)', () => {
  it('replaces an unknown long word by the indexed word one edit away, keeping a capital', () => {
    expect(correctSpelling('When did Misustin visit?', lookup)).toBe('When did Mishustin visit?');
    expect(correctSpelling('what did the ambasador say about freedon', lookup)).toBe('what did the ambassador say about freedom');
  });

  it('corrects in stem space: a slip inside a suffix the stemmer cuts from the indexed word is left alone', () => {
    // The index holds Porter2 stems ("navigation" → "navig"), so "navigaton" is several edits from any index term.
    expect(correctSpelling('about navigaton', lookup)).toBe('about navigaton');
  });

  it('leaves known words, short words, numbers, Cyrillic and far-off words alone', () => {
    expect(correctSpelling('Mishustin visit Hanoi', lookup)).toBe('Mishustin visit Hanoi');
    expect(correctSpelling('Hanoy', lookup)).toBe('Hanoy');
    expect(correctSpelling('Мишустн 2025', lookup)).toBe('Мишустн 2025');
    expect(correctSpelling('Lavrov football', lookup)).toBe('Lavrov football');
  });

  it('similarTerms returns words only, never word pairs or accent-preserving forms', () => {
    const similar = index.similarTerms('ambasador', 1).map((s) => s.term);
    expect(similar).toContain('ambassador');
    expect(similar.every((t) => !t.includes('_') && !t.startsWith('='))).toBe(true);
  });
});
