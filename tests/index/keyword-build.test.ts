import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_SEED } from '../../src/bench/scale.ts';
import { synthesizePassages } from '../../src/bench/synthetic-corpus.ts';
import { loadCorpus } from '../../src/corpus/loader.ts';
import type { Passage } from '../../src/domain.ts';
import { buildKeywordIndex } from '../../src/index/keyword-build.ts';
import { LexicalIndex } from '../../src/index/lexical-index.ts';
import { SentenceStore } from '../../src/index/sentence-store.ts';
import { loadGlossary, type Glossary } from '../../src/retrieval/glossary.ts';
import { splitIntoPassages } from '../../src/passages/chunker.ts';
import { analyze, indexTerms } from '../../src/text/tokenizer.ts';

/**
 * A full keyword build tokenizes each passage's text once, for the sentence store and the lexical index together
 * (issue 14). It must store exactly the bytes of the two separate builds, and hand the lexical index exactly what
 * tokenizing the whole text gives, including for texts that do not cut cleanly into their sentences.
 */

let real: Passage[];
let glossary: Glossary;

beforeAll(async () => {
  real = (await loadCorpus('corpus')).flatMap(splitIntoPassages);
  glossary = loadGlossary();
});

function passage(i: number, text: string, title = 'T'): Passage {
  return { id: `t#${i}`, docId: 't', text, start: 0, end: text.length, textHash: `hash-${text}`, meta: { id: 't', title, outlet: 'test', lang: 'en', published: '2024-01-01' } };
}

/** Texts whose sentences are not simply their text's phrases: cut inside a word, no break between sentences, a list marker, an abbreviation, a final sigma. */
const awkward = [
  passage(900, 'nuclear7 '.repeat(600).trim()),
  passage(901, 'Cooperation with Russia\u2029Nuclear energy talks in Vietnam in 2024 went well.'),
  passage(902, 'Talks went well. Secondly, the U.S. delegation left Hanoi. Thứ ba, Nga và Việt Nam ký kết.', 'Second visit'),
  passage(903, 'ΑΣ.Βα Moskva and Hà Nội, 30/1/1950.'),
  passage(904, ''),
];

const byTerm = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Each passage's text terms as the lexical index holds them (from its postings): term → frequency, by term. */
function stored(index: LexicalIndex): [string, number][][] {
  const { terms, forward } = LexicalIndex.reusable(index);
  return Array.from({ length: index.size }, (_, label) => {
    const { ids, tfs } = forward.text(label);
    return Array.from(ids, (id, i): [string, number] => [terms[id]!, tfs[i]!]).sort(byTerm);
  });
}

/** The same, counted from the tokenizer's strings (what the build did before it counted tokens). */
function counted(text: string): [string, number][] {
  const counts = new Map<string, number>();
  for (const term of indexTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return [...counts].sort(byTerm);
}

describe('buildKeywordIndex', () => {
  it('hands over, for every analysed passage, the phrases that tokenizing its whole text gives', () => {
    const passages = [...real, ...awkward];
    const handed: (string | null)[] = [];
    SentenceStore.buildWith(passages, undefined, glossary, (label, phrases) => {
      expect(label).toBe(handed.length);
      handed.push(phrases && JSON.stringify(phrases));
    });
    expect(handed).toEqual(passages.map((p) => JSON.stringify(analyze(p.text))));
  });

  it('hands over nothing for a passage copied from the previous store', () => {
    const store = SentenceStore.build(real.slice(0, 3), undefined, glossary);
    const handed: boolean[] = [];
    SentenceStore.buildWith([real[0]!, awkward[2]!, real[2]!], { store, passages: real.slice(0, 3) }, glossary, (_, phrases) => handed.push(phrases !== null));
    expect(handed).toEqual([false, true, false]);
  });

  it('stores the bytes of the separate builds, and the terms the tokenizer gives', () => {
    const synthetic = synthesizePassages(real, { count: 1000, seed: CORPUS_SEED });
    for (const passages of [[...real, ...awkward], synthetic]) {
      const shared = buildKeywordIndex(passages, undefined, glossary);
      expect(Buffer.from(shared.lexical.toBytes()).equals(LexicalIndex.build(passages).toBytes())).toBe(true);
      expect(Buffer.from(shared.sentences.toBytes()).equals(SentenceStore.build(passages, undefined, glossary).toBytes())).toBe(true);
      expect(JSON.stringify(stored(shared.lexical))).toBe(JSON.stringify(passages.map((p) => counted(p.text))));
    }
  });

  it('takes the update paths with a previous generation, with the bytes of a build from nothing', () => {
    const old = real.slice(0, 40);
    const previous = { passages: old, ...buildKeywordIndex(old, undefined, glossary) };
    for (const passages of [[...old, ...awkward], [...awkward, ...real.slice(20, 60)]]) {
      const updated = buildKeywordIndex(passages, previous, glossary);
      const full = buildKeywordIndex(passages, undefined, glossary);
      // Appended passages keep the previous numbering, so the bytes match a full build; any other change may renumber terms.
      if (passages[0] === old[0]) expect(Buffer.from(updated.lexical.toBytes()).equals(full.lexical.toBytes())).toBe(true);
      expect(JSON.stringify(stored(updated.lexical))).toBe(JSON.stringify(passages.map((p) => counted(p.text))));
      expect(updated.sentences.size).toBe(passages.length);
    }
  });
});
