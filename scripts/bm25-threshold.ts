// Profiling helper for issue 14: where BM25 on two threads (bm25-shards.ts) starts to pay. Over N synthetic passages
// and the bench's first 100 questions' expanded terms, each search's wall time on one thread and on two (median of 7),
// grouped by the postings it reads (npx tsx scripts/bm25-threshold.ts 100000). Sets BM25_PARALLEL_MIN_POSTINGS.
import { retrieveDepsFromSettings } from '../src/engine.ts';
import { LexicalIndex, type WeightedTerm } from '../src/index/lexical-index.ts';
import { CANDIDATE_POOL, retrieve } from '../src/retrieval/retrieve.ts';
import { load, servedLexical, syntheticSetup, wallMs } from './synthetic.ts';
const size = Number(process.argv[2]);
const { settings, real, passages, questions } = await syntheticSetup(size, 100);
const built = LexicalIndex.build(passages);
const one = servedLexical(built);
const two = servedLexical(built);
const patient = servedLexical(built);
await one.configureSearch({ minPostings: Infinity });
await two.configureSearch({ minPostings: 0 });
// The same, waiting for the worker up to 250 ms instead of a few chunks' time (BM25_WORKER_WAIT_CHUNKS).
await patient.configureSearch({ minPostings: 0, timeoutMs: 250 });
const queries: WeightedTerm[][] = [];
const capture = Object.create(built) as LexicalIndex;
capture.searchTerms = (terms, limit) => { queries.push(terms); return built.searchTerms(terms, limit); };
const deps = retrieveDepsFromSettings({ ...settings, EMBEDDINGS: 'off' }, null);
for (const q of questions) await retrieve({ ...real, dir: '(synthetic)', passages, lexical: capture, sentences: null }, { question: q.text, k: 5 }, deps);
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (let i = 0; i < 3; i++) for (const t of queries) for (const index of [one, two, patient]) index.searchTerms(t, CANDIDATE_POOL * 2);
const bins = [0, 5000, 10000, 20000, 40000, 80000, 160000, 320000, Infinity];
const rows = bins.slice(0, -1).map(() => ({ n: 0, a: [] as number[], b: [] as number[], c: [] as number[] }));
console.log('load', load());
for (const t of queries) {
  const p = built.postingsOf(t);
  const bin = bins.findIndex((b, i) => p >= b && p < bins[i + 1]!);
  const a: number[] = []; const b: number[] = []; const c: number[] = [];
  for (let r = 0; r < 7; r++) {
    let w = wallMs(); one.searchTerms(t, CANDIDATE_POOL * 2); a.push(wallMs() - w);
    w = wallMs(); two.searchTerms(t, CANDIDATE_POOL * 2); b.push(wallMs() - w);
    w = wallMs(); patient.searchTerms(t, CANDIDATE_POOL * 2); c.push(wallMs() - w);
  }
  rows[bin]!.n++; rows[bin]!.a.push(med(a)); rows[bin]!.b.push(med(b)); rows[bin]!.c.push(med(c));
}
rows.forEach((r, i) => r.n && console.log(`postings ${bins[i]}–${bins[i + 1]}: ${r.n} queries, one thread p50 ${med(r.a).toFixed(3)} ms, two ${med(r.b).toFixed(3)} ms, two waiting ≤ 250 ms ${med(r.c).toFixed(3)} ms`));
const all = (k: 'a' | 'b' | 'c') => med(rows.flatMap((r) => r[k]));
console.log(`all queries p50: one ${all('a').toFixed(3)}, two ${all('b').toFixed(3)}, two waiting ≤ 250 ms ${all('c').toFixed(3)} ms`);
console.log('load', load(), JSON.stringify(two.searchStats), JSON.stringify(patient.searchStats));
await Promise.all([one.close(), two.close(), patient.close()]);
