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
// Paired in one process, round by round: the search as served (pruned when it pays), and the exhaustive walk it must equal.
const variants = {
  served: (terms: WeightedTerm[]) => lexical.searchTerms(terms, CANDIDATE_POOL * 2),
  exhaustive: (terms: WeightedTerm[]) => lexical.searchTermsExhaustive(terms, CANDIDATE_POOL * 2),
};
const samples: Record<string, number[]> = { served: [], exhaustive: [] };
const digests: Record<string, string> = {};
for (let round = 0; round < 3; round++) {
  for (const [name, search] of Object.entries(variants)) {
    const digest = createHash('sha256');
    for (const terms of queries) {
      const before = cpuMs();
      const hits = search(terms);
      samples[name]!.push(cpuMs() - before);
      if (round === 0) digest.update(JSON.stringify(hits));
    }
    if (round === 0) digests[name] = digest.digest('hex').slice(0, 16);
  }
}
for (const name of Object.keys(variants)) {
  const s = samples[name]!;
  console.log(`${size} passages, ${queries.length} queries × 3, ${name}: searchTerms p50 ${percentile(s, 0.5)} ms, p95 ${percentile(s, 0.95)} ms (CPU); results digest ${digests[name]}`);
}
if (digests.served !== digests.exhaustive) {
  console.log('DIFFERENT RESULTS: the served search does not equal the exhaustive one');
  process.exitCode = 1;
}
