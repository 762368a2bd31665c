import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Settings } from '../config.ts';
import type { Passage } from '../domain.ts';
import { openEngine } from '../engine.ts';
import { openIndex } from '../index/open.ts';
import { childLogger } from '../logger.ts';
import { detectLanguage } from '../text/language.ts';
import { measureColdStart } from './cold-start.ts';
import { measureDiscordBurst, type DiscordBurstResult } from './discord-burst.ts';
import { measureIndexBuild } from './index-build.ts';
import { currentLoadAverage, describeMachine, peakRssMb } from './machine.ts';
import { chooseBenchModelId, loadBenchModel } from './model.ts';
import { extractEvalQuestions, makeQuestions, type BenchQuestion } from './questions.ts';
import { checkTargets, isSkipped, type BenchReport, type Section } from './report.ts';
import { measureScale, SCALE_WARM_UP_QUESTIONS, type ScaleResult, type VectorDistribution } from './scale.ts';
import { SYNTHETIC_VECTOR_SHAPE } from './synthetic-vectors.ts';
import { measureLexicalOnly, measureWarmLatency, type WarmResult } from './warm.ts';
import { measureWorstInputs, worstInputCases, type WorstInputResult } from './worst-inputs.ts';
import { loadCorpus } from '../corpus/loader.ts';

const log = childLogger('bench');

/** How much each mode measures. Quick fits in about a minute; full in a few minutes on 2 cores. */
export interface ScalePoint {
  size: number;
  vectors: VectorDistribution;
  recallQueries: number;
  /** Questions asked of the lexical-only pipeline at this size; 0 skips the lexical part (its build is slow). */
  lexicalQuestions: number;
}
export interface BenchPlan {
  questions: number;
  coldStartRuns: number;
  /** Runs of each worst input (the median is reported). */
  worstInputRuns: number;
  /** Simultaneous /ask sent through the fake Discord to the bot process. */
  discordBurst: number;
  scale: ScalePoint[];
}
export const BENCH_PLANS: Record<'quick' | 'full', BenchPlan> = {
  // Under a minute: the growth from 1k to 10k, with fewer questions.
  quick: {
    questions: 40,
    coldStartRuns: 2,
    worstInputRuns: 1,
    discordBurst: 100,
    scale: [
      { size: 1_000, vectors: 'structured', recallQueries: 100, lexicalQuestions: 40 },
      { size: 10_000, vectors: 'structured', recallQueries: 100, lexicalQuestions: 40 },
    ],
  },
  // Every cost at 1k, 10k and 100k (growth exponents from the three); uniform vectors at 10k bound recall from below.
  full: {
    questions: 240,
    coldStartRuns: 3,
    worstInputRuns: 3,
    discordBurst: 300,
    scale: [
      { size: 1_000, vectors: 'structured', recallQueries: 200, lexicalQuestions: 100 },
      { size: 10_000, vectors: 'structured', recallQueries: 200, lexicalQuestions: 100 },
      { size: 10_000, vectors: 'uniform', recallQueries: 100, lexicalQuestions: 0 },
      { size: 100_000, vectors: 'structured', recallQueries: 100, lexicalQuestions: 100 },
    ],
  },
};
const QUESTION_SEED = 7;

export interface BenchOptions {
  settings: Settings;
  quick: boolean;
  /** Model id under MODEL_DIR; default: see chooseBenchModelId. */
  modelId?: string;
  evalDir?: string;
}

async function section<T>(name: string, run: () => Promise<T>): Promise<Section<T>> {
  log.info(`measuring: ${name}`);
  try {
    return await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    log.warn({ err: error }, `${name} could not be measured`);
    return { skipped: reason };
  }
}

/** Every `question` in eval/*.json(l), whatever the eval helper's file layout; none when there is no eval set. */
async function readEvalQuestions(evalDir: string): Promise<{ text: string; lang: BenchQuestion['lang'] }[]> {
  let files: string[];
  try {
    files = (await readdir(evalDir, { recursive: true })).filter((f) => /\.jsonl?$/.test(f)).sort();
  } catch {
    return [];
  }
  const out: { text: string; lang: BenchQuestion['lang'] }[] = [];
  for (const file of files) {
    const text = await readFile(join(evalDir, file), 'utf8');
    const documents = file.endsWith('.jsonl') ? text.split('\n').filter((l) => l.trim()) : [text];
    for (const doc of documents) {
      try {
        out.push(...extractEvalQuestions(JSON.parse(doc), detectLanguage));
      } catch {
        log.warn({ file }, 'eval file is not valid JSON; skipped');
      }
    }
  }
  return out;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const machine = describeMachine();
  const plan = options.quick ? BENCH_PLANS.quick : BENCH_PLANS.full;
  const workDir = await mkdtemp(join(tmpdir(), 'vr-bench-'));
  // A snapshot of the corpus: an edit to corpus/ during the run would otherwise make the indexes built at the
  // start stale for the engines opened later, and every figure would compare different corpora.
  const corpusDir = join(workDir, 'corpus');
  await cp(resolve(options.settings.CORPUS_DIR), corpusDir, { recursive: true });
  const modelDir = resolve(options.settings.MODEL_DIR);
  const settings: Settings = {
    ...options.settings,
    CORPUS_DIR: corpusDir,
    MODEL_DIR: modelDir,
    EMBEDDING_MODEL: chooseBenchModelId({ ...options.settings, MODEL_DIR: modelDir }, options.modelId),
  };
  const hybridDir = join(workDir, 'index-hybrid');
  const lexicalDir = join(workDir, 'index-lexical');

  try {
    log.info('loading the model');
    const { embedder, info: model } = await loadBenchModel(settings);
    const notes: string[] = [];
    if (model.randomWeights) {
      notes.push(
        'the model has the real architecture but RANDOM weights: its vectors carry no meaning. Figures are for speed and memory only; ' +
          'answer quality is measured by `npm run eval`, not here. Every passage looks similar to every question, so all dense ' +
          'candidates reach fusion and diversification: the "analysis, fusion + quote" stage is at its worst case.',
      );
    } else if (model.folder) notes.push('config.json does not say the weights are random: assumed to be the real model.');
    notes.push(
      `scale figures use synthetic unit vectors, not model embeddings (embedding 100k passages would take hours here): ` +
        `"structured" imitates sentence embeddings (dim 384, ${SYNTHETIC_VECTOR_SHAPE.topics} topics, ` +
        `${SYNTHETIC_VECTOR_SHAPE.latentDimensions} latent directions, shared offset) and is judged against the targets; ` +
        '"uniform" (random directions) is a worst case no embedding model produces.',
    );
    if (machine.loadAverageAtStart > machine.cores) {
      notes.push(`load average ${machine.loadAverageAtStart} exceeds the ${machine.cores} cores: other work was running, figures are inflated.`);
    }

    const build = await section('index build', () =>
      measureIndexBuild({ corpusDir: settings.CORPUS_DIR, hybridDir, lexicalDir, embedder, efSearch: settings.HNSW_EF_SEARCH }),
    );

    let realPassages: Passage[] = [];
    if (!isSkipped(build)) realPassages = (await openIndex(hybridDir)).passages;
    const evalQuestions = await readEvalQuestions(options.evalDir ?? resolve('eval'));
    const questions = makeQuestions({ passages: realPassages, evalQuestions, count: plan.questions, seed: QUESTION_SEED });
    // Scale points warm up on questions of their own: windows of the corpus under another seed, none of them measured.
    const measuredTexts = new Set(questions.map((q) => q.text));
    const warmUpQuestions = makeQuestions({ passages: realPassages, count: SCALE_WARM_UP_QUESTIONS, seed: QUESTION_SEED + 1 }).filter((q) => !measuredTexts.has(q.text));

    // What a serving process is started with: the cold start's, and each scale point's serving child's.
    const servingEnv: NodeJS.ProcessEnv = {
      ...process.env,
      MODEL_DIR: settings.MODEL_DIR,
      EMBEDDING_MODEL: settings.EMBEDDING_MODEL,
      EMBEDDINGS: embedder ? 'on' : 'off',
      HNSW_EF_SEARCH: String(settings.HNSW_EF_SEARCH),
      LOG_LEVEL: 'warn',
      BENCH_QUESTION: questions[0]?.text,
    };
    const coldStart = isSkipped(build)
      ? { skipped: 'no index could be built' }
      : await section(`cold start (${plan.coldStartRuns} runs)`, () =>
          measureColdStart({ ...servingEnv, CORPUS_DIR: settings.CORPUS_DIR, INDEX_DIR: hybridDir }, plan.coldStartRuns),
        );

    const warm: Section<WarmResult> = isSkipped(build)
      ? { skipped: 'no index could be built' }
      : await section(`warm ask latency (${questions.length} questions)`, async () => {
          const engine = await openEngine({ ...settings, INDEX_DIR: hybridDir }, { embedder, whenStale: 'fail' });
          const index = await openIndex(hybridDir, { efSearch: settings.HNSW_EF_SEARCH });
          return measureWarmLatency({ settings, engine, index, embedder, questions });
        });

    const lexicalOnly = isSkipped(build)
      ? { skipped: 'no index could be built' }
      : await section('lexical-only ask', async () => {
          const engine = await openEngine({ ...settings, INDEX_DIR: lexicalDir, EMBEDDINGS: 'off' }, { embedder: null, whenStale: 'fail' });
          return { questions: questions.length, ask: await measureLexicalOnly(engine, questions) };
        });

    const worstInputs: Section<WorstInputResult[]> = isSkipped(build)
      ? { skipped: 'no index could be built' }
      : await section('worst inputs at the limits', async () => {
          const documents = await loadCorpus(settings.CORPUS_DIR);
          const realBody = documents.reduce((longest, doc) => (doc.body.length > longest.length ? doc.body : longest), '');
          const engine = await openEngine({ ...settings, INDEX_DIR: lexicalDir, EMBEDDINGS: 'off' }, { embedder: null, whenStale: 'fail' });
          try {
            const cases = worstInputCases({ realBody, ask: (question) => engine.ask({ question, k: 3 }) });
            return await measureWorstInputs(cases, plan.worstInputRuns);
          } finally {
            await engine.close();
          }
        });

    const discordBurst: Section<DiscordBurstResult> = isSkipped(build)
      ? { skipped: 'no index could be built' }
      : await section(`burst of ${plan.discordBurst} /ask through Discord`, () =>
          measureDiscordBurst({ corpusDir: settings.CORPUS_DIR, indexDir: lexicalDir, burst: plan.discordBurst }),
        );

    const benchProcessPeakRssMbBeforeScale = peakRssMb();
    const scale: Section<ScaleResult[]> =
      realPassages.length === 0
        ? { skipped: 'no real passages to recombine (index build failed)' }
        : await section(`scale (${plan.scale.map((p) => p.size).join(', ')} passages)`, async () => {
            const results: ScaleResult[] = [];
            for (const point of plan.scale) {
              log.info(`scale: ${point.size} passages, ${point.vectors} vectors`);
              results.push(
                await measureScale({
                  size: point.size,
                  vectors: point.vectors,
                  realPassages,
                  questions: questions.slice(0, point.lexicalQuestions),
                  warmUpQuestions: point.lexicalQuestions > 0 ? warmUpQuestions : [],
                  recallQueries: point.recallQueries,
                  settings,
                  serving: embedder ? { env: servingEnv, modelId: settings.EMBEDDING_MODEL } : null,
                }),
              );
            }
            return results;
          });

    await embedder?.dispose();
    const partial = {
      date: new Date().toISOString(),
      quick: options.quick,
      durationSeconds: (performance.now() - started) / 1000,
      machine: { ...machine, loadAverageAtEnd: currentLoadAverage() },
      model,
      notes,
      questions: {
        count: questions.length,
        byOrigin: countBy(questions, (q) => q.origin),
        byLang: countBy(questions, (q) => q.lang),
      },
      build,
      coldStart,
      warm,
      lexicalOnly,
      memory: {
        servingPeakRssMb: isSkipped(coldStart) ? null : coldStart.peakRssMb,
        servingSettledRssMb: isSkipped(coldStart) ? null : coldStart.settledRssMb,
        benchProcessPeakRssMbBeforeScale,
      },
      scale,
      worstInputs,
      discordBurst,
    };
    return { ...partial, targets: checkTargets(partial) };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
