import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { bootstrapSettings, exitWithError, printStaleNotice } from './bootstrap.ts';
import { stderrProgress } from './progress.ts';
import { openEngine, type ServingEngine } from '../engine.ts';
import { answerToJson, jsonLine } from '../reply/json.ts';
import { renderAnswerForTerminal } from '../reply/terminal.ts';
import { MAX_ASK_RESULTS, MAX_QUESTION_LENGTH } from '../limits.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';
import { parseResultCount } from './console-parse.ts';

endQuietlyOnClosedPipe();

/**
 * `npm run ask -- [--json] [--k N] "question"`. With no question and stdin not a terminal, answers one question
 * per line of stdin, loading the model and the index once.
 */
function parseK(value: string): number {
  const k = parseResultCount(value);
  if (k === null) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_ASK_RESULTS}`);
  return k;
}

const EMPTY_LINE_NOTICE = '(empty line: no question asked)';

/** The `--json` line for a blank input line: the usual fields, plus `error`, which only such lines carry. */
function emptyQuestionJson(line: string): Record<string, unknown> {
  return { question: line, abstained: true, results: [], error: 'empty question' };
}

const TOO_LONG_LINE_NOTICE = '(question over the length limit: not asked, see stderr)';

/** The `--json` line for a stdin line over MAX_QUESTION_LENGTH: not echoed back in full, only its length. */
function refusedLineJson(line: string): Record<string, unknown> {
  return { question: line.slice(0, 80), abstained: true, results: [], error: `question too long (${line.length} characters)` };
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
let engine: ServingEngine | undefined;
try {
  engine = await openEngine(settings, { whenStale: 'rebuild', onProgress: progress.onProgress });
  progress.stop();
  // A failed rebuild with a previous index to fall back on: answer from it, and say once that it is out of date.
  printStaleNotice(engine);

  const answerOne = async (text: string) => {
    const answer = await engine!.ask({ question: text, k: opts.k });
    process.stdout.write(
      opts.json ? jsonLine(answerToJson(answer)) : `${renderAnswerForTerminal(answer, engine!.stats())}\n\n`,
    );
  };

  if (question) {
    await answerOne(question);
  } else {
    // One output per input line, blank and refused ones included, so that a script can pair answers with questions
    // by line. A line over the limit is also refused on stderr, naming its line number; the other lines are still
    // answered, and the exit status says that some input was refused, as for a bad argument.
    let lineNumber = 0;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      lineNumber++;
      if (!line.trim()) {
        process.stdout.write(opts.json ? jsonLine(emptyQuestionJson(line)) : `${EMPTY_LINE_NOTICE}\n\n`);
        continue;
      }
      const problem = tooLongMessage(line);
      if (problem) {
        process.stderr.write(`error: stdin line ${lineNumber}: ${problem}\n`);
        process.stdout.write(opts.json ? jsonLine(refusedLineJson(line)) : `${TOO_LONG_LINE_NOTICE}\n\n`);
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
