import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loader.ts';
import type { Passage } from '../../src/domain.ts';
import { isBotError } from '../../src/errors.ts';
import { LexicalIndex } from '../../src/index/lexical-index.ts';
import { cutsCleanly, SentenceStore } from '../../src/index/sentence-store.ts';
import type { LoadedIndex } from '../../src/index/types.ts';
import { splitIntoPassages } from '../../src/passages/chunker.ts';
import { splitSentences } from '../../src/passages/sentences.ts';
import { typedParts } from '../../src/retrieval/answer-type.ts';
import { entityMentions } from '../../src/retrieval/entities.ts';
import { factsOf } from '../../src/retrieval/facts.ts';
import { glossaryFingerprint, loadGlossary, parseGlossary, type Glossary } from '../../src/retrieval/glossary.ts';
import { retrieve } from '../../src/retrieval/retrieve.ts';
import { analysisForm, analyze, contentTerms, indexTerms } from '../../src/text/tokenizer.ts';
import { storedAnalysis } from './fixtures/stored-analysis.ts';

/**
 * The sentence store holds, per passage, what retrieval computed for each new candidate at question time. Each
 * stored item must be exactly what the question-time function gives, through the stored form and through an update.
 */

let real: Passage[];
let glossary: Glossary;

beforeAll(async () => {
  real = (await loadCorpus('corpus')).flatMap(splitIntoPassages);
  glossary = loadGlossary();
});

function passage(i: number, text: string, lang: Passage['meta']['lang'] = 'en'): Passage {
  return { id: `t#${i}`, docId: 't', text, start: 0, end: text.length, textHash: `hash-${text}`, meta: { id: 't', title: 'T', outlet: 'test', lang, published: '2024-01-01' } };
}

/** What retrieval computes at question time without a store, in the store's shape. */
function computed(p: Passage, g: Glossary): unknown {
  return {
    sentences: splitSentences(p.text, p.meta.lang).map((s) => ({
      start: s.start,
      end: s.end,
      terms: [...new Set(indexTerms(s.text))],
      parts: typedParts(s.text),
      mentions: entityMentions(s.text).map(({ kind, innerKind, words }) => ({ kind, innerKind, words })),
    })),
    content: [...new Set(contentTerms(p.text))].sort(),
    facts: [...factsOf(analyze(p.text), g)].sort(),
  };
}

/** A glossary with one concept more, whose variant spans two sentences of `unclean` below when analysed whole. */
function otherGlossary(): Glossary {
  const raw = JSON.parse(JSON.stringify({ version: 1, concepts: [] })) as { version: 1; concepts: unknown[] };
  raw.concepts.push({ id: 'russia-nuclear', kind: 'topic', terms: { en: ['Russia nuclear'], vi: ['Nga hạt nhân'], id: ['Rusia nuklir'], ru: ['Россия ядерный'] } });
  raw.concepts.push({ id: 'vietnam', kind: 'place', terms: { en: ['Vietnam'], vi: ['Việt Nam'], id: ['Vietnam'], ru: ['Вьетнам'] } });
  return parseGlossary(raw);
}

/**
 * Passages whose text does not cut cleanly into its sentences: a sentence cut inside a word (a long text with no
 * sentence break is cut at a window's margin), and a paragraph separator with no punctuation between two sentences
 * (one phrase when the text is analysed whole, two sentence by sentence).
 */
const unclean = [
  passage(900, 'nuclear7 '.repeat(600).trim()),
  passage(901, 'Cooperation with Russia\u2029Nuclear energy talks in Vietnam in 2024 went well.'),
];

describe('SentenceStore', () => {
  it('stores exactly what retrieval computes per candidate, for every passage of the corpus, through the stored form', () => {
    const store = SentenceStore.fromBytes(SentenceStore.build(real, undefined, glossary).toBytes(), real);
    expect(store.glossaryFingerprint).toBe(glossaryFingerprint(glossary));
    expect(storedAnalysis(store, real, glossary)).toEqual(real.map((p) => computed(p, glossary)));
    // Not vacuous: the corpus has dates, names, facts and content words to store.
    const all = JSON.stringify(storedAnalysis(store, real, glossary));
    for (const kind of ['"years":[["', '"numbers":[["', '"kind":"person"', '"kind":"organisation"', '"facts":["']) expect(all).toContain(kind);
  });

  it('falls back to the whole text when it does not cut cleanly into its sentences', () => {
    const g = otherGlossary();
    const passages = [...unclean, passage(902, 'Russia and Vietnam. Nuclear energy in 2024.')];
    // The fixtures are what they claim: one cut inside a word, one without a phrase break between two sentences.
    const spans = passages.map((p) => splitSentences(p.text, p.meta.lang));
    expect(passages.map((p, i) => cutsCleanly(p.text, spans[i]!, spans[i]!.map((s) => analysisForm(s.text))))).toEqual([
      { tokens: false, phrases: false },
      { tokens: true, phrases: false },
      { tokens: true, phrases: true },
    ]);
    const store = SentenceStore.fromBytes(SentenceStore.build(passages, undefined, g).toBytes(), passages);
    expect(storedAnalysis(store, passages, g)).toEqual(passages.map((p) => computed(p, g)));
    expect(passages.map((_, label) => store.sentenceTermsInText(label))).toEqual([false, false, true]);
    // Sentence by sentence, the two would have given other words and other facts.
    expect(store.contentTerms(0).has('nuclear7')).toBe(true);
    expect(store.facts(1, g)).toEqual(new Set(['russia-nuclear', 'vietnam', '2024']));
    expect(store.facts(2, g)).toEqual(new Set(['vietnam', '2024']));
  });

  it('cutsCleanly rejects a split that changes how the text lower-cases (a final sigma)', () => {
    const text = 'ΑΣ.Βα';
    const spans = [
      { text: 'ΑΣ.', start: 0, end: 3 },
      { text: 'Βα', start: 3, end: 5 },
    ];
    expect(cutsCleanly(text, spans, spans.map((s) => analysisForm(s.text))).tokens).toBe(false);
    const spaced = 'ΑΣ. Βα';
    const spacedSpans = [spans[0]!, { text: 'Βα', start: 4, end: 6 }];
    expect(cutsCleanly(spaced, spacedSpans, spacedSpans.map((s) => analysisForm(s.text)))).toEqual({ tokens: true, phrases: true });
  });

  it('an update copies unchanged passages and gives what a build from nothing gives, facts recomputed for another glossary', () => {
    const store = SentenceStore.fromBytes(SentenceStore.build(real, undefined, glossary).toBytes(), real);
    const changed = { ...real[1]!, text: 'Changed text. Two sentences now, from 2025.', textHash: 'changed' };
    const next = [changed, ...real.slice(2), real[0]!, ...unclean];
    const updated = SentenceStore.build(next, { store, passages: real }, glossary);
    expect(storedAnalysis(updated, next, glossary)).toEqual(storedAnalysis(SentenceStore.build(next, undefined, glossary), next, glossary));
    expect(updated.sentences(next.length - 3).map((s) => s.terms)).toEqual(store.sentences(0).map((s) => s.terms));
    // With another glossary, the copied passages keep their sentences but their facts are found again.
    const g = otherGlossary();
    const regloss = SentenceStore.build(next, { store, passages: real }, g);
    expect(regloss.glossaryFingerprint).toBe(glossaryFingerprint(g));
    expect(storedAnalysis(regloss, next, g)).toEqual(next.map((p) => computed(p, g)));
  });

  it('retrieval uses the stored facts only with the glossary they were found with, and answers the same either way', async () => {
    const g = otherGlossary();
    expect(glossaryFingerprint(g)).not.toBe(glossaryFingerprint(glossary));
    // The unclean passages among them: a hit that is one takes retrieval's other path for sentence units.
    const passages = [...real, ...unclean];
    const store = SentenceStore.build(passages, undefined, glossary);
    expect(store.facts(0, g)).toBeNull();
    expect(store.facts(0, glossary)).not.toBeNull();
    const base = {
      dir: '(memory)',
      manifest: { formatVersion: 0, chunkerVersion: 0, corpus: {}, model: null, builtAt: '', documents: 0, passages: passages.length, duplicatesDropped: 0 },
      passages,
      lexical: LexicalIndex.build(passages),
      vectors: null,
      timeline: [],
    };
    const deps = { embedder: null, weights: { dense: 0, lexical: 1 }, abstainThreshold: 0 };
    const questions = ['When did Vietnam and the Soviet Union establish diplomatic relations?', 'Nuclear energy talks with Russia in 2024', 'Who is the Russian ambassador to Vietnam?'];
    const hitsUnclean = await retrieve({ ...base, sentences: store }, { question: questions[1]!, k: 20 }, { ...deps, glossary });
    expect(hitsUnclean.results.map((r) => r.passage.id)).toContain(unclean[1]!.id);
    for (const question of questions) {
      for (const gl of [glossary, g]) {
        // Fresh index objects: retrieval keeps its analysis per loaded index.
        const stored: LoadedIndex = { ...base, sentences: store };
        const none: LoadedIndex = { ...base, sentences: null };
        const ask = async (index: LoadedIndex) => {
          const answer = await retrieve(index, { question, k: 5 }, { ...deps, glossary: gl });
          return { ...answer, results: answer.results.map((r) => ({ ...r, passage: r.passage.id })) };
        };
        expect(await ask(stored)).toEqual(await ask(none));
      }
    }
  });

  it('rejects damaged, foreign or mismatched bytes with INDEX_CORRUPT, never misreads them', () => {
    const bytes = Buffer.from(SentenceStore.build(real, undefined, glossary).toBytes());
    const reject = (damaged: Uint8Array, passages: readonly Passage[] = real) => {
      let error: unknown;
      try {
        SentenceStore.fromBytes(damaged, passages);
      } catch (e) {
        error = e;
      }
      expect(isBotError(error, 'INDEX_CORRUPT'), String(error)).toBe(true);
      return (error as Error).message;
    };
    expect(reject(bytes, real.slice(1))).toMatch(/passages/u);
    expect(reject(bytes.subarray(0, bytes.length - 4))).toMatch(/bytes, the header implies/u);
    expect(reject(Buffer.concat([bytes, Buffer.alloc(4)]))).toMatch(/bytes, the header implies/u);
    expect(reject(Buffer.from('VRLX' + bytes.subarray(4).toString('latin1'), 'latin1'))).toMatch(/not a sentence file/u);
    // The last array holds names' term ids: one beyond the vocabulary.
    const badId = Buffer.from(bytes);
    badId.writeUInt32LE(0xffffffff, badId.length - 4);
    expect(reject(badId)).toMatch(/word terms: an id lies outside/u);
    // A header that says another format (the version-1 file of an older build) or another shape.
    const headerLength = bytes.readUInt32LE(4);
    const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as Record<string, unknown>;
    const withHeader = (h: Record<string, unknown>) => {
      const json = Buffer.from(JSON.stringify(h));
      const out = Buffer.concat([bytes.subarray(0, 4), Buffer.alloc(4), json, bytes.subarray(8 + headerLength)]);
      out.writeUInt32LE(json.length, 4);
      return out;
    };
    expect(reject(withHeader({ ...header, formatVersion: 1 }))).toMatch(/format version 1/u);
    expect(reject(withHeader({ ...header, mentions: -1 }))).toMatch(/mentions missing or invalid/u);
    expect(reject(withHeader({ ...header, glossary: undefined }))).toMatch(/glossary/u);
    // Offsets that run past their data, with every length still consistent.
    expect(reject(withHeader({ ...header, sentences: (header.sentences as number) + 1 }))).toMatch(/unreadable/u);
  });
});

describe('passageHoldsPart', () => {
  it('says whether any sentence of a passage states a year, a day or month, or a number, as typedParts finds them', () => {
    const passages = real.slice(0, 40);
    const store = SentenceStore.fromBytes(SentenceStore.build(passages).toBytes(), passages);
    let holding = 0;
    let lacking = 0;
    passages.forEach((p, label) => {
      const parts = splitSentences(p.text, p.meta.lang).map((s) => typedParts(s.text));
      for (const kind of ['years', 'daysOrMonths', 'numbers'] as const) {
        const expected = parts.some((part) => part[kind].length > 0);
        expect(store.passageHoldsPart(label, [kind]), `${p.id} ${kind}`).toBe(expected);
        if (expected) holding++;
        else lacking++;
      }
      // Several kinds: any of them.
      const dated = parts.some((part) => part.years.length > 0 || part.daysOrMonths.length > 0);
      expect(store.passageHoldsPart(label, ['years', 'daysOrMonths']), `${p.id} date`).toBe(dated);
    });
    // Both answers occur, or the check above proves little.
    expect(holding).toBeGreaterThan(0);
    expect(lacking).toBeGreaterThan(0);
  });
});
