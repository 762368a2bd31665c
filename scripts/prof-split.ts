// Profiling helper: a keyword-only ask at N synthetic passages split into BM25 search and the rest, CPU ms (npx tsx scripts/prof-split.ts 10000 100).
// Pass 1 meets fresh candidates (what the bench measures), pass 2 the same questions again.
import { loadSettings } from '../src/config.ts';
import { buildInMemoryIndex } from '../src/eval/in-memory-index.ts';
import { synthesizePassages } from '../src/bench/synthetic-corpus.ts';
import { LexicalIndex } from '../src/index/lexical-index.ts';
import { SentenceStore } from '../src/index/sentence-store.ts';
import { makeQuestions, extractEvalQuestions } from '../src/bench/questions.ts';
import { retrieve } from '../src/retrieval/retrieve.ts';
import { retrieveDepsFromSettings } from '../src/engine.ts';
import { detectLanguage } from '../src/text/language.ts';
import { readFileSync } from 'node:fs';
import type { LoadedIndex } from '../src/index/types.ts';
const size = Number(process.argv[2] ?? 10000);
const nq = Number(process.argv[3] ?? 100);
const settings = loadSettings();
const real = await buildInMemoryIndex(settings.CORPUS_DIR);
const passages = synthesizePassages(real.passages, { count: size, seed: 20240618 });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let mark = cpu();
const lexical = LexicalIndex.build(passages);
const lexicalBuild = cpu() - mark;
mark = cpu();
const sentences = SentenceStore.build(passages);
const sentenceBuild = cpu() - mark;
console.error(`build: lexical ${(lexicalBuild / 1000).toFixed(1)} s, sentences ${(sentenceBuild / 1000).toFixed(1)} s (cpu); stored bytes: lexical ${lexical.toBytes().byteLength}, sentences ${sentences.toBytes().byteLength}`);
const evalQs = extractEvalQuestions(JSON.parse(readFileSync('eval/eval-set.json', 'utf8')), detectLanguage);
const questions = makeQuestions({ passages: real.passages, evalQuestions: evalQs, count: 240, seed: 7 }).slice(0, nq);
let searchCpu = 0;
const orig = lexical.searchTerms.bind(lexical);
(lexical as any).searchTerms = (t: any, l: any) => { const b = cpu(); const r = orig(t, l); searchCpu += cpu() - b; return r; };
const index: LoadedIndex = { ...real, dir: '(synthetic)', passages, lexical, sentences };
const deps = retrieveDepsFromSettings({ ...settings, EMBEDDINGS: 'off' }, null);
for (const pass of [1, 2]) {
  const total: number[] = []; const search: number[] = [];
  for (const q of questions) {
    searchCpu = 0;
    const b = cpu();
    await retrieve(index, { question: q.text, k: 5 }, deps);
    total.push(cpu() - b); search.push(searchCpu);
  }
  const p = (a: number[], f: number) => [...a].sort((x, y) => x - y)[Math.floor(a.length * f)]!.toFixed(2);
  console.error(`pass ${pass}: ask p50 ${p(total, .5)} p95 ${p(total, .95)}; search p50 ${p(search, .5)} p95 ${p(search, .95)} (cpu ms); rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
}
