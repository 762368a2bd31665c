import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/domain.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { LexicalIndex } from '../../src/index/lexical-index.ts';
import type { LoadedIndex, VectorStore } from '../../src/index/types.ts';
import { retrieve } from '../../src/retrieval/retrieve.ts';

function passage(i: number, text: string, lang: Passage['meta']['lang'] = 'en'): Passage {
  return { id: `d#${i}`, docId: 'd', text, start: 0, end: text.length, textHash: String(i), meta: { id: 'd', title: 'Relations', outlet: 'o', lang, published: '2024-01-01' } };
}

const passages = [
  passage(0, 'Russia granted 1,000 scholarships to Vietnamese students since 2019.'),
  passage(1, 'Both sides talked about scholarships, students and education at length in Hanoi.'),
  passage(2, 'Vietnam and the Soviet Union established diplomatic relations on 30 January 1950.'),
];

/** Dense side: a fixed similarity per passage, whatever the question. */
function fakeDense(similarities: number[]): { embedder: Embedder; vectors: VectorStore } {
  const embedder: Embedder = {
    modelId: 'fake',
    dimension: 2,
    embedQueries: async (texts) => texts.map(() => new Float32Array([1, 0])),
    embedPassages: async (texts) => texts.map(() => new Float32Array([1, 0])),
    dispose: async () => {},
  };
  const vectors: VectorStore = {
    dimension: 2,
    size: similarities.length,
    search: (_q, k) =>
      similarities
        .map((similarity, label) => ({ label, similarity }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, k),
  };
  return { embedder, vectors };
}

function loaded(vectors: VectorStore | null): LoadedIndex {
  return {
    dir: '(test)',
    manifest: { formatVersion: 1, chunkerVersion: 1, corpus: {}, model: null, builtAt: '', documents: 1, passages: passages.length, duplicatesDropped: 0 },
    passages,
    lexical: LexicalIndex.build(passages),
    vectors,
    timeline: [],
  };
}

describe('hybrid retrieval', () => {
  it('is lexical-only without an embedder, hybrid with one', async () => {
    const { embedder, vectors } = fakeDense([0.9, 0.8, 0.7]);
    const question = 'How many scholarships does Russia give to Vietnamese students?';
    const lexical = await retrieve(loaded(vectors), { question }, { embedder: null, weights: { dense: 0.6, lexical: 0.4 } });
    const hybrid = await retrieve(loaded(vectors), { question }, { embedder, weights: { dense: 0.6, lexical: 0.4 } });
    expect(lexical.mode).toBe('lexical');
    expect(hybrid.mode).toBe('hybrid');
    expect(hybrid.results[0]?.passage.id).toBe('d#0');
  });

  it('lets the dense weight reorder results between lexically similar passages', async () => {
    const { embedder, vectors } = fakeDense([0.7, 0.95, 0.6]);
    const question = 'scholarships for students';
    const denseHeavy = await retrieve(loaded(vectors), { question, k: 2 }, { embedder, weights: { dense: 5, lexical: 0.1 } });
    expect(denseHeavy.results[0]?.passage.id).toBe('d#1');
    const lexicalHeavy = await retrieve(loaded(vectors), { question, k: 2 }, { embedder, weights: { dense: 0, lexical: 1 } });
    expect(lexicalHeavy.results.map((r) => r.passage.id)).toContain('d#0');
  });

  it('does not abstain on a lexically answerable question when the dense side finds nothing similar', async () => {
    const { embedder, vectors } = fakeDense([0.1, 0.1, 0.1]);
    const answer = await retrieve(loaded(vectors), { question: 'How many scholarships does Russia give to Vietnamese students?' }, { embedder, weights: { dense: 0.6, lexical: 0.4 } });
    expect(answer.mode).toBe('hybrid');
    expect(answer.abstained).toBe(false);
    expect(answer.results[0]?.passage.id).toBe('d#0');
  });

  it('still abstains on empty questions without calling the embedder', async () => {
    const { vectors } = fakeDense([0.9, 0.9, 0.9]);
    const embedder: Embedder = {
      modelId: 'fail',
      dimension: 2,
      embedQueries: async () => {
        throw new Error('must not embed an empty question');
      },
      embedPassages: async () => [],
      dispose: async () => {},
    };
    const answer = await retrieve(loaded(vectors), { question: ' ?! ' }, { embedder, weights: { dense: 1, lexical: 1 } });
    expect(answer.abstainReason).toBe('empty-question');
  });
});
