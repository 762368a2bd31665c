// Profiling helper for issue 14: BM25 search alone (LexicalIndex.searchTerms, limit 200) over N synthetic passages,
// with the expanded term lists the bench's first Q questions produce, on the index as `openIndex` serves it (its
// stored form in shared memory, so that the search may use two threads). Prints wall and CPU p50/p95 and a digest of
// every result, so that a change to the search can be checked for identical output
// (npx tsx scripts/bench-bm25.ts 100000 100).
import { createHash } from 'node:crypto';
import { retrieveDepsFromSettings } from '../src/engine.ts';
import { LexicalIndex, type WeightedTerm } from '../src/index/lexical-index.ts';
import { CANDIDATE_POOL, retrieve } from '../src/retrieval/retrieve.ts';
import { cpuMs, load, percentile, servedLexical, syntheticSetup, wallMs } from './synthetic.ts';

const size = Number(process.argv[2] ?? 10000);
const { settings, real, passages, questions } = await syntheticSetup(size, Number(process.argv[3] ?? 100));
const lexical = servedLexical(LexicalIndex.build(passages));
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
const cpu: number[] = [];
const wall: number[] = [];
const loadBefore = load();
for (let round = 0; round < 3; round++) {
  for (const terms of queries) {
    const [w, c] = [wallMs(), cpuMs()];
    const hits = lexical.searchTerms(terms, CANDIDATE_POOL * 2);
    cpu.push(cpuMs() - c);
    wall.push(wallMs() - w);
    if (round === 0) digest.update(JSON.stringify(hits));
  }
}
console.log(
  `${size} passages, ${queries.length} queries × 3: searchTerms wall p50 ${percentile(wall, 0.5)} p95 ${percentile(wall, 0.95)} ms, ` +
    `CPU p50 ${percentile(cpu, 0.5)} p95 ${percentile(cpu, 0.95)} ms; results digest ${digest.digest('hex').slice(0, 16)}; load ${loadBefore} → ${load()}; threads ${JSON.stringify(lexical.searchStats)}`,
);
await lexical.close();
