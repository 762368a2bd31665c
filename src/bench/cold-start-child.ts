/**
 * Child process of the cold-start benchmark: starts like the bot does (settings → model → index), answers one
 * question, and prints one JSON line of timestamps, each in ms since this process started (performance.timeOrigin).
 * Settings come from the environment the parent passes (INDEX_DIR pointing at the bench's freshly built index).
 * Imports are dynamic so that the time spent loading the code itself is visible as its own phase.
 */
const entered = performance.now();

const { loadSettings } = await import('../config.ts');
const { loadEmbedder } = await import('../embedding/load.ts');
const { openEngine } = await import('../engine.ts');
const { renderAnswer } = await import('../reply/discord-answer.ts');
const { benchEmbedderOptions } = await import('./model.ts');
const { peakRssMb } = await import('./machine.ts');
const modulesLoaded = performance.now();

const settings = loadSettings(process.env);
const question = process.env.BENCH_QUESTION ?? 'When did Vietnam and the Soviet Union establish diplomatic relations?';

const embedder = settings.EMBEDDINGS === 'on' ? await loadEmbedder(benchEmbedderOptions(settings)) : null;
const modelLoaded = performance.now();
// `fail`, not `rebuild`: the parent built the index, and a rebuild here would be measured as start-up.
const engine = await openEngine(settings, { embedder, whenStale: 'fail' });
const indexLoaded = performance.now();
const answer = await engine.ask({ question, k: 3 });
renderAnswer(answer, { ui: 'en', offset: 0, lang: undefined, ephemeral: false, stats: engine.stats(), topics: [] });
const firstAnswer = performance.now();

// Peak RSS includes garbage of the load (the model file read into a buffer, the parsed tokenizer JSON) that V8
// has not collected yet; with --expose-gc (the parent sets it) the settled figure after a full collection is
// reported too, to tell transient load garbage from memory the serving process really keeps.
const gc = (globalThis as { gc?: () => void }).gc;
let settledRssMb: number | null = null;
if (gc) {
  gc();
  gc();
  settledRssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
}

process.stdout.write(
  `${JSON.stringify({
    entered,
    modulesLoaded,
    modelLoaded,
    indexLoaded,
    firstAnswer,
    mode: engine.stats().mode,
    peakRssMb: peakRssMb(),
    settledRssMb,
  })}\n`,
);
await engine.close();
