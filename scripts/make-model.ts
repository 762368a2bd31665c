/**
 * Generates a synthetic embedding model with a real model's architecture and random weights, for benchmarks
 * where the real model cannot be downloaded. Its vectors carry no meaning.
 *
 *   npx tsx scripts/make-model.ts --shape e5-small --out models/bench/e5-small
 *   MODEL_DIR=models EMBEDDING_MODEL=bench/e5-small …   # load it like any local model (models/ is git-ignored)
 */
import { relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Precision } from '../src/embedding/synthetic/bert-graph.ts';
import { makeBenchModel, readTexts } from '../src/embedding/synthetic/bench-model.ts';
import { MODEL_SHAPES, type ShapeName } from '../src/embedding/synthetic/shapes.ts';
import { loadEmbedder } from '../src/embedding/load.ts';

/** Single-query timings taken by --verify; the median is reported. */
const VERIFY_QUERIES = 10;

const program = new Command()
  .name('make-model')
  .description('Write a random-weight model with a real architecture (hub layout) for speed and memory benchmarks.')
  .addOption(new Option('--shape <name>', 'architecture').choices(Object.keys(MODEL_SHAPES)).default('e5-small'))
  .requiredOption('--out <dir>', 'output folder, e.g. models/bench/e5-small (its path under MODEL_DIR, owner/name, is the model id)')
  .option('--corpus <dir>', 'texts whose words become tokenizer pieces', 'corpus')
  .addOption(new Option('--precision <list>', 'model files to write').choices(['fp32', 'int8', 'fp32,int8']).default('fp32,int8'))
  .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 1)
  .option('--no-verify', 'skip loading the model and timing one query afterwards')
  .option('--verify-only', 'do not generate; only load an existing folder and time it');

async function main(): Promise<void> {
  const opts = program.parse().opts<{
    shape: ShapeName;
    out: string;
    corpus: string;
    precision: string;
    seed: number;
    verify: boolean;
    verifyOnly?: boolean;
  }>();
  const outDir = resolve(opts.out);
  const precisions = opts.precision.split(',') as Precision[];
  if (!opts.verifyOnly) {
    const texts = await readTexts(opts.corpus);
    const started = performance.now();
    const sizes = await makeBenchModel({ shape: opts.shape, outDir, texts, precisions, seed: opts.seed });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`Wrote ${opts.shape}-shaped model (random weights) to ${outDir} in ${seconds} s\n`);
    for (const [file, bytes] of Object.entries(sizes)) process.stderr.write(`  ${file.padEnd(28)} ${(bytes / 1024 / 1024).toFixed(1)} MB\n`);
  }
  if (!opts.verify) return;

  // The folder's parent is the model dir and its last part the model id, exactly as the bot would load it.
  const modelDir = resolve(outDir, '..');
  const modelId = relative(modelDir, outDir);
  for (const precision of precisions) await verify(modelDir, modelId, precision);
}

/** Loads the model the way the bot does and reports load time, median single-query time and memory. */
async function verify(modelDir: string, modelId: string, precision: Precision): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const loadStarted = performance.now();
  const embedder = await loadEmbedder({ modelId, modelDir, allowRemote: false, quantized: precision === 'int8' });
  if (!embedder) throw new Error(`the generated ${precision} model did not load`);
  const loadMs = performance.now() - loadStarted;
  const question = 'Quan hệ đối tác chiến lược toàn diện Việt Nam – Nga phát triển thế nào?';
  await embedder.embedQueries([question]);
  const times: number[] = [];
  for (let i = 0; i < VERIFY_QUERIES; i++) {
    const started = performance.now();
    await embedder.embedQueries([question]);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  process.stderr.write(
    `  ${precision}: load ${loadMs.toFixed(0)} ms, one query median ${median.toFixed(0)} ms (of ${VERIFY_QUERIES}), ` +
      `RSS +${rssGrowthMb.toFixed(0)} MB, dimension ${embedder.dimension}\n`,
  );
  await embedder.dispose();
}

main().catch((error: unknown) => {
  process.stderr.write(`make-model failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
