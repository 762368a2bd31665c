import { Command } from 'commander';
import { loadSettings, type Settings } from '../config.ts';
import { openEngine } from '../engine.ts';
import { loadEvalSet, DEFAULT_EVAL_SET_PATH } from '../eval/eval-set.ts';
import { readdir, writeFile } from 'node:fs/promises';
import { fitConfidence, formatFitReport, modelSource } from '../eval/fit-confidence.ts';
import { basename, dirname, join } from 'node:path';
import { buildInMemoryIndex } from '../eval/in-memory-index.ts';
import { buildReport, formatReport, formatSummary, isBlindSet, type SetReport } from '../eval/report.ts';
import { evaluate, type Ask, type BestRelevance } from '../eval/run.ts';
import { FITTED_CONFIDENCE_MODEL } from '../retrieval/confidence-model.ts';
import { retrieve, scoreCandidates } from '../retrieval/retrieve.ts';
import { childLogger } from '../logger.ts';
import { jsonDocument, jsonLine } from '../reply/json.ts';
import { forTerminal } from '../reply/terminal.ts';
import { votesToEvalSet } from '../feedback/eval-export.ts';
import type { StoredVote } from '../feedback/store.ts';
import { openFeedbackForReport } from './feedback-db.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';

endQuietlyOnClosedPipe();

const log = childLogger('eval');

const program = new Command()
  .name('eval')
  .description('Measures retrieval on the evaluation set: Hit@1, Hit@5, MRR@10, abstention; lists the worst misses.')
  .option('--json', 'print the report as one JSON object')
  .option('--set <path>', 'one evaluation set, with its worst misses (default: every eval/*.json, one row each)')
  .option('--engine', 'ask the real engine (on-disk index, embeddings per settings) instead of an in-memory lexical index')
  .option('--threshold <n>', 'refusal threshold on the confidence, 0–1 (default: settings ABSTAIN_THRESHOLD, else the fitted model\'s; 0 never refuses)', Number)
  .option('--misses <n>', 'worst misses to list', Number, 10)
  .option('--fit-confidence', 'fit the refusal confidence on the tuning sets (cross-validated) and report every set')
  .option('--write', 'with --fit-confidence: write the fitted model to src/retrieval/confidence-model.ts')
  .option('--from-feedback', 'instead of evaluating, print the questions users voted on as an evaluation set (JSON) on stdout')
  .parse();

const options = program.opts<{ json?: boolean; set?: string; engine?: boolean; threshold?: number; misses: number; fitConfidence?: boolean; write?: boolean; fromFeedback?: boolean }>();

/** Every set beside the default one (eval/*.json), tuning sets first, blind sets last. */
async function allEvalSets(): Promise<string[]> {
  const dir = dirname(DEFAULT_EVAL_SET_PATH);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  return files.map((f) => join(dir, f)).sort((a, b) => Number(isBlindSet(a)) - Number(isBlindSet(b)) || (a < b ? -1 : 1));
}

async function fit(): Promise<void> {
  const settings = loadSettings();
  const index = await buildInMemoryIndex(settings.CORPUS_DIR);
  const files = await allEvalSets();
  const sets = await Promise.all(files.map(async (file) => ({ file: basename(file), blind: isBlindSet(file), questions: (await loadEvalSet(file)).questions })));
  const report = await fitConfidence(index, sets, { embedder: null, weights: { dense: 0, lexical: 1 } });
  process.stdout.write(options.json === true ? jsonLine(report) : `${forTerminal(formatFitReport(report))}\n`);
  if (options.write === true) {
    const tuning = sets.filter((s) => !s.blind).map((s) => s.file);
    await writeFile(MODEL_FILE, modelSource(report, tuning, new Date().toISOString().slice(0, 10)));
    process.stderr.write(`wrote ${MODEL_FILE}\n`);
  }
}

const MODEL_FILE = 'src/retrieval/confidence-model.ts';

/**
 * `--from-feedback`: 👍-settled questions in the evaluation-set format, ready to save as eval/<name>.json (which
 * `npm run eval` then reads like every other set). What could not be exported, and why, goes to stderr.
 */
async function exportFeedback(settings: Settings): Promise<void> {
  let votes: StoredVote[] = [];
  try {
    const store = openFeedbackForReport(settings);
    if (!store) return;
    votes = store.votes();
    store.close();
  } catch (error) {
    // A damaged or unreadable database is one line naming the file and the fix, not a logged stack. Imported here
    // only: bootstrap.ts also loads .env, which the evaluation has never read.
    const { exitWithError } = await import('./bootstrap.ts');
    exitWithError(error);
  }
  const { set, skipped } = votesToEvalSet(votes);
  const exported = set?.questions.length ?? 0;
  if (set) process.stdout.write(jsonDocument(set));
  const reasons = { 'thumbs-down': 0, 'votes-disagree': 0, 'quote-too-short': 0 };
  for (const s of skipped) reasons[s.reason]++;
  process.stderr.write(
    `${exported} question(s) exported from ${votes.length} vote(s)` +
      (skipped.length > 0
        ? `; ${skipped.length} left for a person: ${reasons['thumbs-down']} with 👎 (a 👎 says the answer was wrong, not which passage is right), ${reasons['votes-disagree']} whose votes disagree, ${reasons['quote-too-short']} whose quote is too short to match on.`
        : '.') +
      '\n',
  );
}

async function main(): Promise<void> {
  if (options.fitConfidence === true) return fit();
  const settings = loadSettings();
  if (options.fromFeedback === true) return exportFeedback(settings);
  const threshold = options.threshold ?? settings.ABSTAIN_THRESHOLD ?? FITTED_CONFIDENCE_MODEL.threshold;
  const files = options.set !== undefined ? [options.set] : await allEvalSets();
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
      const { pool } = await scoreCandidates(index, { question }, deps);
      return Math.max(0, ...pool.map((s) => s.relevance));
    };
  }
  try {
    const sets: SetReport[] = [];
    for (const file of files) {
      const evaluated = await evaluate((await loadEvalSet(file)).questions, ask, bestRelevance);
      sets.push({ file: basename(file), blind: isBlindSet(file), report: buildReport(evaluated, threshold, options.misses) });
    }
    if (options.set !== undefined) {
      const report = sets[0]!.report;
      process.stdout.write(options.json === true ? jsonLine(report) : `${forTerminal(formatReport(report))}\n`);
    } else {
      process.stdout.write(options.json === true ? jsonLine({ sets }) : `${forTerminal(formatSummary(sets))}\n`);
    }
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  log.error({ err: error }, 'evaluation failed');
  process.exitCode = 1;
});
