import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { runBench } from '../bench/run.ts';
import { renderReport, type BenchReport } from '../bench/report.ts';
import { adoptLegacyBenchModel, BENCH_MODEL_ID, chooseBenchModelId, LEGACY_BENCH_MODEL_FOLDER } from '../bench/model.ts';
import { missingModelFiles } from '../embedding/load.ts';
import { makeBenchModel, readTexts } from '../embedding/synthetic/bench-model.ts';
import { isSafeModelId, MODEL_ID_EXPECTED, type Settings } from '../config.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';

endQuietlyOnClosedPipe();

/** The same check as EMBEDDING_MODEL's: the cold-start child reads the id through the settings schema. */
function parseModelId(value: string): string {
  if (!isSafeModelId(value)) throw new InvalidArgumentError(MODEL_ID_EXPECTED);
  return value;
}

/**
 * `npm run bench -- [--json] [--quick] [--model <id>]`: measures start-up, ask latency by stage, index build,
 * memory and scale on this machine. The table (or one JSON object) goes to stdout, progress logs to stderr.
 * Read docs/PERFORMANCE.md for what each figure means.
 */
const program = new Command('bench')
  .description('Measure speed and memory of the whole pipeline on this machine')
  .option('--json', 'print the figures as one JSON object')
  .option('--quick', 'fewer questions and the 10k scale point only (about a minute)')
  .option('--render <file>', 'print the table of a saved --json report instead of measuring')
  .option('--model <id>', `model folder under MODEL_DIR, owner/name (default: EMBEDDING_MODEL if on disk, else ${BENCH_MODEL_ID})`, parseModelId)
  .parse();

const opts = program.opts<{ json?: boolean; quick?: boolean; model?: string; render?: string }>();

if (opts.render) {
  const saved = await readFile(opts.render, 'utf8');
  // Tolerates the banner `npm run` (without -s) prints on stdout before the JSON.
  process.stdout.write(`${renderReport(JSON.parse(saved.slice(saved.indexOf('{'))) as BenchReport)}\n`);
  process.exit(0);
}
const settings = bootstrapSettings();

/**
 * A fresh clone has no model on disk and cannot download one here, so the first run generates the stand-in with
 * e5-small's real architecture and random weights (int8, as the bot loads by default) into the git-ignored MODEL_DIR.
 */
async function ensureBenchModel(settings: Settings): Promise<void> {
  if (opts.model || settings.EMBEDDINGS === 'off') return;
  if (await adoptLegacyBenchModel(settings.MODEL_DIR)) {
    process.stderr.write(`Moved the stand-in model from ${join(settings.MODEL_DIR, LEGACY_BENCH_MODEL_FOLDER)}/ to ${join(settings.MODEL_DIR, BENCH_MODEL_ID)}/ (model ids are owner/name).\n`);
  }
  const chosen = chooseBenchModelId(settings, undefined);
  if (missingModelFiles(settings.MODEL_DIR, chosen, true).length === 0) return;
  const outDir = join(settings.MODEL_DIR, BENCH_MODEL_ID);
  process.stderr.write(`No model on disk: generating the e5-small-shaped stand-in (random weights) into ${outDir}/, once…\n`);
  const started = performance.now();
  await makeBenchModel({ shape: 'e5-small', outDir, texts: await readTexts(settings.CORPUS_DIR), precisions: ['int8'], seed: 1 });
  process.stderr.write(`Generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

try {
  await ensureBenchModel(settings);
  const report = await runBench({
    settings,
    quick: Boolean(opts.quick),
    modelId: opts.model,
  });
  process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${renderReport(report)}\n`);
} catch (error) {
  exitWithError(error);
}
