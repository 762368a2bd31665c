import { beforeAll, describe, expect, it } from 'vitest';
import { buildInMemoryIndex } from '../../src/eval/in-memory-index.ts';
import type { LoadedIndex } from '../../src/index/types.ts';
import { MIN_FOLLOW_UP_RELEVANCE, retrieve, scoreCandidates } from '../../src/retrieval/retrieve.ts';

// Never refusing, so that what is shown depends on the follow-up filter alone.
const deps = { embedder: null, weights: { dense: 0.6, lexical: 0.4 }, abstainThreshold: 0 };
let index: LoadedIndex;
beforeAll(async () => {
  index = await buildInMemoryIndex('corpus');
});

describe('the follow-up relevance floor', () => {
  it('never drops the best candidate, the one the confidence judged; later results must clear the floor', async () => {
    // One word of the corpus among many it lacks: the best passage covers little of the question.
    const question = 'When did Mishustin fly, swim, cook, paint, sing and dance in Hanoi markets with tourists?';
    const candidates = await scoreCandidates(index, { question, k: 3 }, deps);
    const best = candidates.ranking.at(0)!;
    expect(best.relevance).toBeLessThan(MIN_FOLLOW_UP_RELEVANCE);

    const answer = await retrieve(index, { question, k: 3 }, deps);
    expect(answer.abstained).toBe(false);
    expect(index.passages.indexOf(answer.results[0]!.passage)).toBe(best.label);
    const relevanceOf = new Map(candidates.pool.map((s) => [s.label, s.relevance]));
    for (const hit of answer.results.slice(1)) expect(relevanceOf.get(index.passages.indexOf(hit.passage))).toBeGreaterThanOrEqual(MIN_FOLLOW_UP_RELEVANCE);
  });
});
