// Profiling helper: lexical retrieve() over N synthetic passages (node --cpu-prof --import tsx scripts/prof-lexical.ts 10000)
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
let c = cpu();
let t = performance.now();
const lexical = LexicalIndex.build(passages);
console.error(`build ${(performance.now() - t).toFixed(0)} ms wall, ${(cpu() - c).toFixed(0)} ms cpu`);
t = performance.now();
const json = lexical.toBytes();
console.error(`serialize ${(performance.now() - t).toFixed(0)} ms, ${(json.byteLength / 1e6).toFixed(1)} MB`);
t = performance.now();
LexicalIndex.fromBytes(json);
console.error(`load ${(performance.now() - t).toFixed(0)} ms`);
const evalQs = extractEvalQuestions(JSON.parse(readFileSync('eval/eval-set.json', 'utf8')), detectLanguage);
const questions = makeQuestions({ passages: real.passages, evalQuestions: evalQs, count: 240, seed: 7 }).slice(0, nq);
c = cpu();
const sentences = process.env.NO_SENTENCES ? null : SentenceStore.build(passages);
console.error(`sentence store ${(cpu() - c).toFixed(0)} ms cpu`);
const index: LoadedIndex = { ...real, dir: '(synthetic)', passages, lexical, sentences };
const deps = retrieveDepsFromSettings({ ...settings, EMBEDDINGS: 'off' }, null);
const samples: number[] = [];
for (const q of questions) {
  const b = cpu();
  await retrieve(index, { question: q.text, k: 5 }, deps);
  samples.push(cpu() - b);
}
samples.sort((a, b) => a - b);
console.error(`ask (cpu ms) n=${samples.length} p50 ${samples[Math.floor(samples.length / 2)]!.toFixed(2)} p95 ${samples[Math.floor(samples.length * 0.95)]!.toFixed(2)} ms`);
const s2: number[] = [];
for (const q of questions) {
  const b = cpu();
  await retrieve(index, { question: q.text, k: 5 }, deps);
  s2.push(cpu() - b);
}
s2.sort((a, b) => a - b);
console.error(`2nd pass p50 ${s2[Math.floor(s2.length / 2)]!.toFixed(2)} p95 ${s2[Math.floor(s2.length * 0.95)]!.toFixed(2)} ms`);
