import { Command, InvalidArgumentError } from 'commander';
import { bootstrapSettings, exitWithError, printStaleNotice } from './bootstrap.ts';
import { boundedLines } from './bounded-lines.ts';
import { stderrProgress } from './progress.ts';
import { openEngine, type ServingEngine } from '../engine.ts';
import { answerToJson, jsonLine } from '../reply/json.ts';
import { renderAnswerForTerminal } from '../reply/terminal.ts';
import { MAX_ASK_RESULTS, MAX_QUESTION_LENGTH } from '../limits.ts';
import { questionTooLongError } from '../errors.ts';
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
function refusedLineJson(line: string, length: number): Record<string, unknown> {
  return { question: line.slice(0, 80), abstained: true, results: [], error: `question too long (${length} characters)` };
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

// The same limit as Discord, the console and the engine, checked before the engine is opened: a refused question
// should cost nothing (a 1,000,000-character question took 106 s before it was enforced here).
if (question.length > MAX_QUESTION_LENGTH) program.error(questionTooLongError(question.length).message);

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
    // A line is read only up to the limit: the rest of a longer one is counted, never held.
    let lineNumber = 0;
    for await (const { text: line, length, blank } of boundedLines(process.stdin, MAX_QUESTION_LENGTH)) {
      lineNumber++;
      if (blank) {
        process.stdout.write(opts.json ? jsonLine(emptyQuestionJson(line)) : `${EMPTY_LINE_NOTICE}\n\n`);
        continue;
      }
      if (length > MAX_QUESTION_LENGTH) {
        process.stderr.write(`error: stdin line ${lineNumber}: ${questionTooLongError(length).message}\n`);
        process.stdout.write(opts.json ? jsonLine(refusedLineJson(line, length)) : `${TOO_LONG_LINE_NOTICE}\n\n`);
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
