import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { stderrProgress } from './progress.ts';
import { openEngine } from '../engine.ts';
import { answerToJson } from '../reply/json.ts';
import { renderAnswerForTerminal } from '../reply/terminal.ts';
import type { QaEngine } from '../engine-types.ts';
import { MAX_QUESTION_LENGTH } from '../limits.ts';

/**
 * `npm run ask -- [--json] [--k N] "question"`. With no question and stdin not a terminal, answers one question
 * per line of stdin, loading the model and the index once.
 */
const MAX_K = 20;

function parseK(value: string): number {
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_K}`);
  return k;
}

const program = new Command('ask')
  .description('Answer a question from the corpus with quoted, sourced passages')
  .argument('[question...]', 'the question (omit to read one question per line from stdin)')
  .option('--json', 'print one JSON object per question on stdout')
  .option('--k <n>', 'number of results', parseK, 3)
  .parse();

const opts = program.opts<{ json?: boolean; k: number }>();
const question = program.args.join(' ').trim();

// A question given but blank ("" or spaces) is a mistake to point out, not a request to read stdin.
if (!question && (process.stdin.isTTY || program.args.length > 0)) {
  program.error('Give a question, e.g. npm run ask -- "When did Vietnam and the Soviet Union establish diplomatic relations?"');
}

/** The same limit as Discord and the console; a 1,000,000-character question took 106 s before it was enforced here. */
function tooLongMessage(text: string): string | null {
  if (text.length <= MAX_QUESTION_LENGTH) return null;
  return `This question is ${text.length.toLocaleString('en-US')} characters long; please keep questions to ${MAX_QUESTION_LENGTH} characters (MAX_QUESTION_LENGTH).`;
}

// Checked before the engine is opened: a refused question should cost nothing.
const argumentProblem = tooLongMessage(question);
if (argumentProblem) program.error(argumentProblem);

const settings = bootstrapSettings();
const progress = stderrProgress();
let engine: QaEngine | undefined;
try {
  engine = await openEngine(settings, { whenStale: 'rebuild', onProgress: progress.onProgress });
  progress.stop();

  const answerOne = async (text: string) => {
    const answer = await engine!.ask({ question: text, k: opts.k });
    process.stdout.write(
      opts.json ? `${JSON.stringify(answerToJson(answer))}\n` : `${renderAnswerForTerminal(answer, engine!.stats())}\n\n`,
    );
  };

  if (question) {
    await answerOne(question);
  } else {
    // A line over the limit is refused on stderr, naming its line number; the other lines are still answered, and
    // the exit status says that some input was refused, as for a bad argument.
    let lineNumber = 0;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      lineNumber++;
      if (!line.trim()) continue;
      const problem = tooLongMessage(line);
      if (problem) {
        process.stderr.write(`error: stdin line ${lineNumber}: ${problem}\n`);
        process.exitCode = 1;
        continue;
      }
      await answerOne(line);
    }
  }
  await engine.close();
} catch (error) {
  progress.stop();
  await engine?.close();
  exitWithError(error);
}
