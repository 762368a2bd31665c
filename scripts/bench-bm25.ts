// Profiling helper for issue 14: BM25 search alone (LexicalIndex.searchTerms, limit 200) over N synthetic passages,
// with the expanded term lists the bench's first Q questions produce. Prints CPU p50/p95 and a digest of every
// result, so that a change to the search can be checked for identical output (npx tsx scripts/bench-bm25.ts 100000 100).
import { createHash } from 'node:crypto';
import { retrieveDepsFromSettings } from '../src/engine.ts';
import { LexicalIndex, type WeightedTerm } from '../src/index/lexical-index.ts';
import { CANDIDATE_POOL, retrieve } from '../src/retrieval/retrieve.ts';
import { cpuMs, percentile, syntheticSetup } from './synthetic.ts';

const size = Number(process.argv[2] ?? 10000);
const { settings, real, passages, questions } = await syntheticSetup(size, Number(process.argv[3] ?? 100));
const lexical = LexicalIndex.build(passages);
// Capture each question's expanded terms as retrieval passes them to the index.
const queries: WeightedTerm[][] = [];
const capture = Object.create(lexical) as LexicalIndex;
capture.searchTerms = (terms: WeightedTerm[], limit?: number) => {
  queries.push(terms);
  return lexical.searchTerms(terms, limit);
};
const deps = retrieveDepsFromSettings({ ...settings, EMBEDDINGS: 'off' }, null);
for (const q of questions) await retrieve({ ...real, dir: '(synthetic)', passages, lexical: capture, sentences: null }, { question: q.text, k: 5 }, deps);
const digest = createHash('sha256');
const samples: number[] = [];
for (let round = 0; round < 3; round++) {
  for (const terms of queries) {
    const before = cpuMs();
    const hits = lexical.searchTerms(terms, CANDIDATE_POOL * 2);
    samples.push(cpuMs() - before);
    if (round === 0) digest.update(JSON.stringify(hits));
  }
}
console.log(`${size} passages, ${queries.length} queries × 3: searchTerms p50 ${percentile(samples, 0.5)} ms, p95 ${percentile(samples, 0.95)} ms (CPU); results digest ${digest.digest('hex').slice(0, 16)}`);
