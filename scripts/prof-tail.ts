// Profiling helper (issue 14): where the tail of the keyword-ask timings comes from. The bench's scale point asks
// each question once, so its p95 over 100 questions is the 5th slowest ask. This asks the same questions over the
// same synthetic corpus several rounds and tells apart the two possible causes:
//   - a question that is slow in every round costs that much to answer (work to remove);
//   - a slow ask that moves between rounds is the process, not the question (collector, scheduler).
// Garbage-collection pauses are recorded with a PerformanceObserver and charged to the ask they fell in.
//   npx tsx scripts/prof-tail.ts 10000 5
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { buildKeywordIndex } from '../src/index/keyword-build.ts';
import { retrieveDepsFromSettings } from '../src/engine.ts';
import { retrieve } from '../src/retrieval/retrieve.ts';
import { RESULTS_PER_PAGE } from '../src/limits.ts';
import { servedLexical, syntheticSetup } from './synthetic.ts';

const size = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 5);
const { settings, real, passages, questions } = await syntheticSetup(size, 100);
const built = buildKeywordIndex(passages);
const index = { ...real, passages, lexical: servedLexical(built.lexical), sentences: built.sentences, vectors: null, timeline: [] };
const deps = retrieveDepsFromSettings(settings, null);

const gcPauses: { start: number; end: number; kind: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, end: e.startTime + e.duration, kind: (e as unknown as { detail: { kind: number } }).detail.kind });
}).observe({ entryTypes: ['gc'] });

// The bench's 10k point runs after its 1k point in the same process, so the code is compiled already: warm the
// JIT the same way, on the real corpus, so that round 1 shows only what is first-use work of this index.
if (process.env.NO_WARMUP === undefined) for (const q of questions) await retrieve(real, { question: q.text, k: RESULTS_PER_PAGE }, deps);

const times: number[][] = questions.map(() => []);
const gcIn: number[][] = questions.map(() => []);
const spans: { q: number; start: number; end: number }[] = [];
// PROFILE_ROUNDS=dir writes a CPU profile of each round there (node:inspector), to compare round 1 with the rest.
const profileDir = process.env.PROFILE_ROUNDS;
const session = profileDir ? new Session() : null;
const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session!.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
}
for (let r = 0; r < rounds; r++) {
  if (session) await post('Profiler.start');
  for (let q = 0; q < questions.length; q++) {
    const start = performance.now();
    await retrieve(index, { question: questions[q]!.text, k: RESULTS_PER_PAGE }, deps);
    const end = performance.now();
    times[q]!.push(end - start);
    spans.push({ q, start, end });
  }
  if (session) writeFileSync(join(profileDir!, `round-${r + 1}.cpuprofile`), JSON.stringify((await post('Profiler.stop')).profile));
}
await new Promise((r) => setTimeout(r, 50)); // let the observer deliver
for (const [i, s] of spans.entries()) {
  const inside = gcPauses.filter((g) => g.start < s.end && g.end > s.start).reduce((t, g) => t + Math.min(g.end, s.end) - Math.max(g.start, s.start), 0);
  gcIn[s.q]![Math.floor(i / questions.length)] = inside;
}

const pct = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * f)]!;
console.log(`${size} passages, ${questions.length} questions × ${rounds} rounds`);
for (let r = 0; r < rounds; r++) {
  const round = times.map((t) => t[r]!);
  const gc = gcIn.map((g) => g[r] ?? 0);
  const noGc = round.map((t, q) => t - gc[q]!);
  console.log(
    `round ${r + 1}: p50 ${pct(round, 0.5).toFixed(2)} p95 ${pct(round, 0.95).toFixed(2)} max ${Math.max(...round).toFixed(1)} ms; ` +
      `GC inside asks ${gc.reduce((a, b) => a + b, 0).toFixed(1)} ms; p95 without GC ${pct(noGc, 0.95).toFixed(2)} ms`,
  );
}
// Each question's median over the rounds: the slow ones that stay slow.
const medians = times.map((t) => pct(t, 0.5));
const order = medians.map((m, q) => [m, q] as const).sort((a, b) => b[0] - a[0]);
console.log(`p95 of per-question medians: ${pct(medians, 0.95).toFixed(2)} ms; p50 ${pct(medians, 0.5).toFixed(2)} ms`);
console.log('slowest questions by median (ms per round, GC ms per round):');
for (const [m, q] of order.slice(0, 10)) {
  console.log(`  #${q} median ${m.toFixed(2)} [${times[q]!.map((t) => t.toFixed(1)).join(' ')}] gc [${gcIn[q]!.map((t) => t.toFixed(1)).join(' ')}] ${questions[q]!.lang} ${questions[q]!.text.slice(0, 70)}`);
}
