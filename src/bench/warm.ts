import type { Settings } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { Answer, QaEngine } from '../engine-types.ts';
import type { LoadedIndex } from '../index/types.ts';
import { RESULTS_PER_PAGE } from '../limits.ts';
import { renderAskPage } from '../bot/ask-page.ts';
import { retrieve } from '../retrieval/retrieve.ts';
import { retrieveDepsFromSettings } from '../engine.ts';
import { StageClock, withStageTiming } from './instrument.ts';
import type { BenchQuestion } from './questions.ts';
import { summarize, type Summary } from './stats.ts';

/** Questions answered before measuring, so that JIT compilation and first-use allocations are not counted. */
export const WARM_UP_QUESTIONS = 10;

export const STAGES = ['embedding', 'denseSearch', 'lexicalSearch', 'fusionAndQuote', 'rendering'] as const;
export type Stage = (typeof STAGES)[number];

export interface WarmResult {
  questions: number;
  mode: 'hybrid' | 'lexical';
  /** engine.ask + Discord rendering, as the bot runs them. */
  endToEnd: Summary;
  /** The same questions through retrieve() with the stages timed. */
  stages: Record<Stage, Summary>;
  /** embedder.embedQueries([question]) alone; null in lexical mode. */
  bareModel: Summary | null;
  /** endToEnd.p50 / bareModel.p50, same run. */
  overheadRatio: number | null;
  abstained: number;
}

/** Renders an answer as the /ask command does (commands/ask.ts), so that rendering is timed on real work. */
export function renderLikeAskCommand(engine: QaEngine, answer: Answer, question: BenchQuestion): unknown {
  return renderAskPage(engine, answer, { ui: question.lang, offset: 0, lang: undefined, ephemeral: false });
}


export interface WarmInputs {
  settings: Settings;
  engine: QaEngine;
  /** A second copy of the engine's index, read from the same generation, for the stage-timed pass. */
  index: LoadedIndex;
  embedder: Embedder | null;
  questions: BenchQuestion[];
}

/**
 * Three measurements per question, interleaved (rotating which goes first) so that a slow moment of the shared
 * machine hits all three alike and the ratio stays fair: the bare model, the stage-timed retrieval, and the
 * engine's own ask + rendering.
 */
export async function measureWarmLatency(inputs: WarmInputs): Promise<WarmResult> {
  const { engine, embedder, questions } = inputs;
  const clock = new StageClock();
  const hybrid = embedder !== null && inputs.index.vectors !== null;
  const timedIndex: LoadedIndex = {
    ...inputs.index,
    // Only the searches: documentFrequency() lookups made while weighing terms and picking quotes count as
    // scoring, with fusion and quote selection.
    lexical: withStageTiming(inputs.index.lexical, 'lexicalSearch', clock, (name) => name.startsWith('search')),
    vectors: inputs.index.vectors ? withStageTiming(inputs.index.vectors, 'denseSearch', clock) : null,
  };
  const deps = retrieveDepsFromSettings(inputs.settings, embedder ? withStageTiming(embedder, 'embedding', clock) : null);

  const endToEnd: number[] = [];
  const bare: number[] = [];
  const stageSamples: Record<Stage, number[]> = { embedding: [], denseSearch: [], lexicalSearch: [], fusionAndQuote: [], rendering: [] };
  let abstained = 0;

  const measureBare = async (q: BenchQuestion, record: boolean) => {
    if (!embedder) return;
    const start = performance.now();
    await embedder.embedQueries([q.text]);
    if (record) bare.push(performance.now() - start);
  };
  const measureStages = async (q: BenchQuestion, record: boolean) => {
    clock.take();
    const start = performance.now();
    const answer = await retrieve(timedIndex, { question: q.text, k: RESULTS_PER_PAGE }, deps);
    const retrieved = performance.now();
    renderLikeAskCommand(engine, answer, q);
    const rendered = performance.now();
    const spent = clock.take();
    if (!record) return;
    const embedding = spent.get('embedding') ?? 0;
    const dense = spent.get('denseSearch') ?? 0;
    const lexical = spent.get('lexicalSearch') ?? 0;
    stageSamples.embedding.push(embedding);
    stageSamples.denseSearch.push(dense);
    stageSamples.lexicalSearch.push(lexical);
    stageSamples.fusionAndQuote.push(Math.max(0, retrieved - start - embedding - dense - lexical));
    stageSamples.rendering.push(rendered - retrieved);
  };
  const measureEndToEnd = async (q: BenchQuestion, record: boolean) => {
    const start = performance.now();
    const answer = await engine.ask({ question: q.text, k: RESULTS_PER_PAGE });
    renderLikeAskCommand(engine, answer, q);
    if (!record) return;
    endToEnd.push(performance.now() - start);
    if (answer.abstained) abstained++;
  };

  const passes = [measureBare, measureStages, measureEndToEnd];
  const warmUp = questions.slice(0, WARM_UP_QUESTIONS);
  for (const q of warmUp) for (const pass of passes) await pass(q, false);
  for (const [i, q] of questions.entries()) {
    for (let p = 0; p < passes.length; p++) await passes[(i + p) % passes.length]!(q, true);
  }

  const e2e = summarize(endToEnd);
  const bareModel = bare.length > 0 ? summarize(bare) : null;
  return {
    questions: questions.length,
    mode: hybrid ? 'hybrid' : 'lexical',
    endToEnd: e2e,
    stages: Object.fromEntries(STAGES.map((s) => [s, summarize(stageSamples[s])])) as Record<Stage, Summary>,
    bareModel,
    overheadRatio: bareModel ? e2e.p50 / bareModel.p50 : null,
    abstained,
  };
}

/** Lexical-only engine (EMBEDDINGS=off): ask + rendering per question. */
export async function measureLexicalOnly(engine: QaEngine, questions: BenchQuestion[]): Promise<Summary> {
  const samples: number[] = [];
  for (const q of questions.slice(0, WARM_UP_QUESTIONS)) renderLikeAskCommand(engine, await engine.ask({ question: q.text, k: RESULTS_PER_PAGE }), q);
  for (const q of questions) {
    const start = performance.now();
    const answer = await engine.ask({ question: q.text, k: RESULTS_PER_PAGE });
    renderLikeAskCommand(engine, answer, q);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}
