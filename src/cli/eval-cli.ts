import { Command } from 'commander';
import { loadSettings } from '../config.ts';
import { openEngine } from '../engine.ts';
import { loadEvalSet, DEFAULT_EVAL_SET_PATH } from '../eval/eval-set.ts';
import { buildInMemoryIndex } from '../eval/in-memory-index.ts';
import { buildReport, formatReport } from '../eval/report.ts';
import { evaluate, type Ask, type BestRelevance } from '../eval/run.ts';
import { DEFAULT_ABSTAIN_THRESHOLD } from '../retrieval/abstain.ts';
import { retrieve, scoreCandidates } from '../retrieval/retrieve.ts';
import { childLogger } from '../logger.ts';

const log = childLogger('eval');

const program = new Command()
  .name('eval')
  .description('Measures retrieval on the evaluation set: Hit@1, Hit@5, MRR@10, abstention; lists the worst misses.')
  .option('--json', 'print the report as one JSON object')
  .option('--set <path>', 'evaluation set', DEFAULT_EVAL_SET_PATH)
  .option('--engine', 'ask the real engine (on-disk index, embeddings per settings) instead of an in-memory lexical index')
  .option('--threshold <n>', 'abstain threshold (default: settings ABSTAIN_THRESHOLD, else the calibrated default)', Number)
  .option('--misses <n>', 'worst misses to list', Number, 10)
  .parse();

const options = program.opts<{ json?: boolean; set: string; engine?: boolean; threshold?: number; misses: number }>();

async function main(): Promise<void> {
  const settings = loadSettings();
  const threshold = options.threshold ?? settings.ABSTAIN_THRESHOLD ?? DEFAULT_ABSTAIN_THRESHOLD;
  const evalSet = await loadEvalSet(options.set);
  let ask: Ask;
  let bestRelevance: BestRelevance | undefined;
  let close = async () => {};
  if (options.engine === true) {
    const engine = await openEngine({ ...settings, ABSTAIN_THRESHOLD: threshold }, { whenStale: 'rebuild' });
    ask = (request) => engine.ask(request);
    close = () => engine.close();
  } else {
    const index = await buildInMemoryIndex(settings.CORPUS_DIR);
    log.info({ passages: index.passages.length }, 'in-memory lexical index built');
    const deps = { embedder: null, weights: { dense: 0, lexical: 1 }, abstainThreshold: threshold };
    ask = (request) => retrieve(index, request, deps);
    bestRelevance = async (question) => {
      const { scored } = await scoreCandidates(index, { question }, deps);
      return Math.max(0, ...scored.map((s) => s.relevance));
    };
  }
  try {
    const evaluated = await evaluate(evalSet.questions, ask, bestRelevance);
    const report = buildReport(evaluated, threshold, options.misses);
    process.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  log.error({ err: error }, 'evaluation failed');
  process.exitCode = 1;
});
