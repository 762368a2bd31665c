import { consoleInput } from './console-input.ts';
import { parseConsoleLine, type ConsoleProblem } from './console-parse.ts';
import { forTerminal, renderAnswerForTerminal, renderTimelineForTerminal, searchModeText } from '../reply/terminal.ts';
import { terminalStrings, type TerminalStrings } from '../reply/terminal-i18n.ts';
import { strings, uiLangFromLocale, type UiLang } from '../reply/i18n.ts';
import { renderSourcesForTerminal } from '../reply/sources.ts';
import { MAX_ASK_RESULTS, MAX_CONSOLE_LINE_LENGTH, MAX_QUESTION_LENGTH, RESULTS_PER_PAGE } from '../limits.ts';
import { errorCodeOf } from '../errors.ts';
import { childLogger } from '../logger.ts';
import { detectLanguage, type Lexicon } from '../text/language.ts';
import { glossaryWordLanguages, loadGlossary } from '../retrieval/glossary.ts';
import { TIMELINE_KINDS } from '../timeline/lexicon.ts';
import type { QaEngine, TimelineQuery } from '../engine-types.ts';

const log = childLogger('console');

/** Where the chart hint tells `npm run timeline -- --chart` to write the PNG. */
export const CHART_HINT_FILE = 'timeline.png';

/**
 * The terminal's language (LC_ALL, LC_MESSAGES, LANG: "vi_VN.UTF-8" → vi), for the console's words before the
 * first question; English for any other language. After a question, the console speaks the question's language.
 */
export function uiLangFromEnvironment(env: NodeJS.ProcessEnv = process.env): UiLang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return uiLangFromLocale(/^[a-z]{2}/iu.exec(locale)?.[0]);
}

function describeProblem(problem: ConsoleProblem, t: TerminalStrings): string {
  switch (problem.type) {
    case 'ask-usage':
      return t.askUsage;
    case 'unknown-option':
      return t.unknownOption(problem.option, problem.known.join(' '));
    case 'missing-value':
      return t.missingValue(problem.option);
    case 'bad-k':
      return t.badK(problem.value, MAX_ASK_RESULTS);
    case 'not-a-year':
      return t.notAYear(problem.value);
    case 'from-after-to':
      return t.fromAfterTo(problem.from, problem.to);
    case 'unknown-kind':
      return t.unknownKind(problem.value, TIMELINE_KINDS.join(', '));
  }
}

/** A shell word: quoted when it holds anything a shell would read. */
const shellWord = (word: string) => (/^[\p{L}\p{N}_.,:/-]+$/u.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The `npm run timeline` command that draws the events of this query. */
export function chartCommand(query: TimelineQuery, file = CHART_HINT_FILE): string {
  const args = [
    ...(query.from !== undefined ? ['--from', String(query.from)] : []),
    ...(query.to !== undefined ? ['--to', String(query.to)] : []),
    ...(query.kind !== undefined ? ['--kind', query.kind] : []),
    ...(query.topic !== undefined ? ['--topic', shellWord(query.topic)] : []),
    ...(query.lang !== undefined ? ['--lang', query.lang] : []),
    '--chart',
    shellWord(file),
  ];
  return `npm run timeline -- ${args.join(' ')}`;
}

/** The local console that `npm start` opens when no Discord token is configured. */
export async function runConsole(engine: QaEngine, input = process.stdin, output = process.stdout): Promise<void> {
  const stats = engine.stats();
  // The language of the bot's own words: the terminal's at first, then that of the last question.
  let ui = uiLangFromEnvironment();
  const t = () => terminalStrings(ui);
  // The glossary's words tell a keyword question's language (see detectLanguage). The engine has already loaded it
  // (cached); one that cannot be read only costs this refinement.
  let lexicon: Lexicon = new Map();
  try {
    lexicon = glossaryWordLanguages(loadGlossary());
  } catch {
    // detectLanguage without the glossary
  }
  // Everything shown goes through forTerminal: replies quote articles, and error notices echo what was typed.
  const write = (text: string) => output.write(forTerminal(text));
  write(`${t().welcome(stats.documents, stats.passages, searchModeText(stats, ui))}\n${t().help}\n`);
  const session = consoleInput(input, output, MAX_CONSOLE_LINE_LENGTH);
  session.prompt();
  for await (const line of session.lines) {
    if (line.length > MAX_CONSOLE_LINE_LENGTH) {
      // Only the start of the line was kept: it cannot be a command that fits, whatever the rest says.
      ui = detectLanguage(line.text, lexicon);
      write(`${t().questionTooLong(MAX_QUESTION_LENGTH)}\n`);
      session.prompt();
      continue;
    }
    const command = parseConsoleLine(line.text);
    try {
      switch (command.kind) {
        case 'quit':
          session.close();
          return;
        case 'empty':
          break;
        case 'help':
          write(`${t().help}\n`);
          break;
        case 'unknown':
          write(`${t().unknownCommand(command.name)}\n`);
          break;
        case 'invalid':
          write(`${describeProblem(command.problem, t())}\n`);
          break;
        case 'ask': {
          ui = detectLanguage(command.question, lexicon);
          if (command.question.length > MAX_QUESTION_LENGTH) {
            write(`${t().questionTooLong(MAX_QUESTION_LENGTH)}\n`);
            break;
          }
          const k = command.k ?? RESULTS_PER_PAGE;
          const answer = await engine.ask({ question: command.question, k });
          // Stats read at each question: the engine switches to new index generations while the console runs.
          write(`${renderAnswerForTerminal(answer, engine.stats(), { ui, moreHow: `/ask --k ${Math.min(MAX_ASK_RESULTS, Math.max(10, 2 * k))} …` })}\n`);
          break;
        }
        case 'sources': {
          write(`${renderSourcesForTerminal(engine.sources(), strings(ui))}\n`);
          break;
        }
        case 'timeline': {
          const query: TimelineQuery = { ...command.query, lang: ui };
          const events = engine.timeline(query);
          write(`${renderTimelineForTerminal(events, ui)}\n`);
          if (events.length > 0) write(`${t().chartHint(chartCommand(query), CHART_HINT_FILE)}\n`);
          break;
        }
      }
    } catch (error) {
      log.error({ err: error, code: errorCodeOf(error) }, 'console command failed');
      write(`${t().failed}\n`);
    }
    session.prompt();
  }
}
