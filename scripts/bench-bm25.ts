// Profiling helper for issue 14: BM25 search alone (LexicalIndex.searchTerms, limit 200) over N synthetic passages,
// with the expanded term lists the bench's first Q questions produce. Prints CPU p50/p95 and a digest of every
// result, so that a change to the search can be checked for identical output (npx tsx scripts/bench-bm25.ts 100000 100).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadSettings } from '../src/config.ts';
import { buildInMemoryIndex } from '../src/eval/in-memory-index.ts';
import { synthesizePassages } from '../src/bench/synthetic-corpus.ts';
import { LexicalIndex, type WeightedTerm } from '../src/index/lexical-index.ts';
import { makeQuestions, extractEvalQuestions } from '../src/bench/questions.ts';
import { retrieve, CANDIDATE_POOL } from '../src/retrieval/retrieve.ts';
import { retrieveDepsFromSettings } from '../src/engine.ts';
import { detectLanguage } from '../src/text/language.ts';

const size = Number(process.argv[2] ?? 10000);
const nq = Number(process.argv[3] ?? 100);
const settings = loadSettings();
const real = await buildInMemoryIndex(settings.CORPUS_DIR);
const passages = synthesizePassages(real.passages, { count: size, seed: 20240618 });
const lexical = LexicalIndex.build(passages);
const evalQs = extractEvalQuestions(JSON.parse(readFileSync('eval/eval-set.json', 'utf8')), detectLanguage);
const questions = makeQuestions({ passages: real.passages, evalQuestions: evalQs, count: 240, seed: 7 }).slice(0, nq);
// Capture each question's expanded terms as retrieval passes them to the index.
const queries: WeightedTerm[][] = [];
const capture = Object.create(lexical) as LexicalIndex;
capture.searchTerms = (terms: WeightedTerm[], limit?: number) => {
  queries.push(terms);
  return lexical.searchTerms(terms, limit);
};
const deps = retrieveDepsFromSettings({ ...settings, EMBEDDINGS: 'off' }, null);
for (const q of questions) await retrieve({ ...real, dir: '(synthetic)', passages, lexical: capture, sentences: null }, { question: q.text, k: 5 }, deps);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const digest = createHash('sha256');
const samples: number[] = [];
for (let round = 0; round < 3; round++) {
  for (const terms of queries) {
    const before = cpu();
    const hits = lexical.searchTerms(terms, CANDIDATE_POOL * 2);
    samples.push(cpu() - before);
    if (round === 0) digest.update(JSON.stringify(hits));
  }
}
samples.sort((a, b) => a - b);
const at = (f: number) => samples[Math.floor(samples.length * f)]!.toFixed(2);
console.log(`${size} passages, ${queries.length} queries × 3: searchTerms p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (CPU); results digest ${digest.digest('hex').slice(0, 16)}`);
