// Profiling helper: a keyword-only ask at N synthetic passages split into BM25 search and the rest, wall and CPU ms
// (npx tsx scripts/prof-split.ts 10000 100), on the lexical index as `openIndex` serves it (shared memory: the search
// may use two threads). Prints the keyword build first. Pass 1 meets fresh candidates (what the bench measures),
// pass 2 the same questions again. N = real: the real corpus's passages (95) instead of a synthetic corpus (pass 1 is
// then a warm-up).
import { retrieveDepsFromSettings } from '../src/engine.ts';
import { LexicalIndex } from '../src/index/lexical-index.ts';
import { SentenceStore } from '../src/index/sentence-store.ts';
import type { LoadedIndex } from '../src/index/types.ts';
import { retrieve } from '../src/retrieval/retrieve.ts';
import { cpuMs, load, percentile, servedLexical, syntheticSetup, wallMs } from './synthetic.ts';

const useReal = process.argv[2] === 'real';
const setup = await syntheticSetup(useReal ? 1000 : Number(process.argv[2] ?? 10000), Number(process.argv[3] ?? 100));
const { settings, real, questions } = setup;
const passages = useReal ? real.passages : setup.passages;
let mark = cpuMs();
const built = LexicalIndex.build(passages);
const lexicalBuild = cpuMs() - mark;
mark = cpuMs();
const sentences = SentenceStore.build(passages);
const sentenceBuild = cpuMs() - mark;
console.error(`build: lexical ${(lexicalBuild / 1000).toFixed(1)} s, sentences ${(sentenceBuild / 1000).toFixed(1)} s (cpu); stored bytes: lexical ${built.toBytes().byteLength}, sentences ${sentences.toBytes().byteLength}`);
const lexical = servedLexical(built);
let searchCpu = 0;
let searchWall = 0;
const timed = Object.create(lexical) as LexicalIndex;
timed.searchTerms = (terms, limit) => {
  const [w, c] = [wallMs(), cpuMs()];
  const hits = lexical.searchTerms(terms, limit);
  searchCpu += cpuMs() - c;
  searchWall += wallMs() - w;
  return hits;
};
const index: LoadedIndex = { ...real, dir: '(synthetic)', passages, lexical: timed, sentences };
const deps = retrieveDepsFromSettings({ ...settings, EMBEDDINGS: 'off' }, null);
for (const pass of [1, 2]) {
  const total: number[] = [];
  const totalWall: number[] = [];
  const search: number[] = [];
  const rest: number[] = [];
  const searchWalls: number[] = [];
  const loadBefore = load();
  for (const q of questions) {
    searchCpu = 0;
    searchWall = 0;
    const [w, c] = [wallMs(), cpuMs()];
    await retrieve(index, { question: q.text, k: 5 }, deps);
    total.push(cpuMs() - c);
    totalWall.push(wallMs() - w);
    search.push(searchCpu);
    rest.push(total.at(-1)! - searchCpu);
    searchWalls.push(searchWall);
  }
  console.error(
    `pass ${pass}: ask wall p50 ${percentile(totalWall, 0.5)} p95 ${percentile(totalWall, 0.95)}, cpu p50 ${percentile(total, 0.5)} p95 ${percentile(total, 0.95)}; ` +
      `search wall p50 ${percentile(searchWalls, 0.5)} p95 ${percentile(searchWalls, 0.95)}, cpu p50 ${percentile(search, 0.5)} p95 ${percentile(search, 0.95)}; ` +
      `rest cpu p50 ${percentile(rest, 0.5)} p95 ${percentile(rest, 0.95)} (ms); ` +
      `rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB; load ${loadBefore} → ${load()}; threads ${JSON.stringify(lexical.searchStats)}`,
  );
}
await lexical.close();
