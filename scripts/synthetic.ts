// Shared set-up of the profiling scripts (issue 14): the bench's synthetic corpus and questions, and CPU time.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extractEvalQuestions, makeQuestions, type BenchQuestion } from '../src/bench/questions.ts';
import { CORPUS_SEED } from '../src/bench/scale.ts';
import { synthesizePassages } from '../src/bench/synthetic-corpus.ts';
import { loadSettings, type Settings } from '../src/config.ts';
import type { Passage } from '../src/domain.ts';
import { buildInMemoryIndex } from '../src/eval/in-memory-index.ts';
import { LexicalIndex } from '../src/index/lexical-index.ts';
import type { LoadedIndex } from '../src/index/types.ts';
import { detectLanguage } from '../src/text/language.ts';

export interface SyntheticSetup {
  settings: Settings;
  /** The real corpus, indexed in memory. */
  real: LoadedIndex;
  /** `size` passages recombined from the real ones' sentences, with the scale points' seed (what `npm run bench` measures). */
  passages: Passage[];
  /** The bench's first `questionCount` questions. */
  questions: BenchQuestion[];
}

export async function syntheticSetup(size: number, questionCount: number): Promise<SyntheticSetup> {
  const settings = loadSettings();
  const real = await buildInMemoryIndex(settings.CORPUS_DIR);
  const passages = synthesizePassages(real.passages, { count: size, seed: CORPUS_SEED });
  const evalQuestions = extractEvalQuestions(JSON.parse(readFileSync('eval/eval-set.json', 'utf8')), detectLanguage);
  const questions = makeQuestions({ passages: real.passages, evalQuestions, count: 240, seed: 7 }).slice(0, questionCount);
  return { settings, real, passages, questions };
}

/** CPU time of this process in ms: the machine is shared, so wall clock says little. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The `fraction` percentile of `samples`, formatted in ms. */
export function percentile(samples: readonly number[], fraction: number): string {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length * fraction)]!.toFixed(2);
}

/** Wall-clock time in ms: what a parallel search saves (its CPU time is the same or more). */
export function wallMs(): number {
  return performance.now();
}

/**
 * `index` as `openIndex` would serve it: its stored form read back from memory a worker thread can share (a
 * SharedArrayBuffer), so that the BM25 search may run on two threads (bm25-shards.ts).
 */
export function servedLexical(index: LexicalIndex): LexicalIndex {
  const bytes = index.toBytes();
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return LexicalIndex.fromBytes(shared, { verified: true });
}

/** The machine's load averages (1, 5, 15 min), for the record of a timing run on a shared machine. */
export function load(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}
