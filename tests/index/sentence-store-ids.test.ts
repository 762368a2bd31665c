import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loader.ts';
import type { Passage } from '../../src/domain.ts';
import { SentenceStore } from '../../src/index/sentence-store.ts';
import { splitIntoPassages } from '../../src/passages/chunker.ts';
import { loadGlossary, parseGlossary } from '../../src/retrieval/glossary.ts';
import { contentTerms } from '../../src/text/tokenizer.ts';

/** The id views retrieval scores and compares on give exactly what the string views give. */

let real: Passage[];

beforeAll(async () => {
  real = (await loadCorpus('corpus')).flatMap(splitIntoPassages);
});

function passage(i: number, text: string): Passage {
  return { id: `t#${i}`, docId: 't', text, start: 0, end: text.length, textHash: `hash-${text}`, meta: { id: 't', title: 'T', outlet: 'test', lang: 'en', published: '2024-01-01' } };
}

describe('SentenceStore id views', () => {
  it('per passage and sentence, ids, spans and terms agree with contentTerms and sentences, through the stored form', () => {
    // The last passage stores its own content words (a sentence cut inside a word).
    const passages = [...real, passage(900, 'nuclear7 '.repeat(600).trim())];
    const store = SentenceStore.fromBytes(SentenceStore.build(passages, undefined, loadGlossary()).toBytes(), passages);
    let sentences = 0;
    let years = 0;
    passages.forEach((_, label) => {
      const ids = store.contentTermIds(label);
      expect([...ids]).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set([...ids].map((id) => store.term(id)))).toEqual(store.contentTerms(label));
      expect(ids.length).toBe(store.contentTerms(label).size);
      const facts = [...store.factIds(label, loadGlossary())!];
      expect(facts).toEqual([...facts].sort((a, b) => a - b));
      expect(new Set(facts.map((id) => store.term(id)))).toEqual(store.facts(label, loadGlossary()));
      expect(facts.filter(store.isYearFact).map((id) => store.term(id))).toEqual(facts.map((id) => store.term(id)).filter((f) => /^(19|20)\d\d$/u.test(f)));
      years += facts.filter(store.isYearFact).length;
      const { first, end } = store.sentenceIds(label);
      expect(
        Array.from({ length: end - first }, (_, i) => ({ ...store.sentenceSpan(first + i), terms: store.sentenceTerms(first + i), id: first + i })),
      ).toEqual(store.sentences(label));
      for (let id = first; id < end; id++) {
        expect([...store.sentenceTermIds(id)].map((t) => store.term(t))).toEqual(store.sentenceTerms(id));
        sentences++;
      }
    });
    expect(sentences).toBeGreaterThan(passages.length);
    expect(years).toBeGreaterThan(0);
    expect(store.factIds(0, parseGlossary({ version: 1, concepts: [{ id: 'zebra', kind: 'topic', terms: { en: ['zebra'], vi: ['ngựa vằn'], id: ['zebra'], ru: ['зебра'] } }] }))).toBeNull();
    expect(store.contentTerms(passages.length - 1).has('nuclear7')).toBe(true);
  });

  it('content and fact ids stay ascending after an update, whose vocabulary numbers the words of copied passages anew', () => {
    const previous = real.slice(0, 40);
    const store = SentenceStore.build(previous, undefined, loadGlossary());
    // New passages first: the update's vocabulary meets their words before the copied ones', so ids are renumbered.
    const next = [passage(901, 'Zebra quantum yak. Xylophone whales and Vietnam.'), ...real.slice(20, 60).reverse()];
    const updated = SentenceStore.fromBytes(SentenceStore.build(next, { store, passages: previous }, loadGlossary()).toBytes(), next);
    let renumbered = 0;
    next.forEach((p, label) => {
      const ids = [...updated.contentTermIds(label)];
      expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
      const facts = [...updated.factIds(label, loadGlossary())!];
      expect(facts).toEqual([...facts].sort((a, b) => a - b));
      expect(ids.map((id) => updated.term(id))).toEqual([...new Set(contentTerms(p.text))].sort((a, b) => updated.termIdOf(a) - updated.termIdOf(b)));
      const old = previous.indexOf(p);
      if (old >= 0 && ids.some((id, i) => id !== store.contentTermIds(old)[i])) renumbered++;
    });
    expect(renumbered).toBeGreaterThan(0);
  });

  it('termIdOf is the inverse of term, and -1 for a term no passage holds', () => {
    const store = SentenceStore.build(real.slice(0, 5), undefined, loadGlossary());
    for (let id = 0; id < store.vocabularySize; id++) expect(store.termIdOf(store.term(id))).toBe(id);
    expect(store.termIdOf('no-such-term-anywhere')).toBe(-1);
  });
});
