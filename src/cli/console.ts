import { createInterface } from 'node:readline';
import { parseConsoleLine } from './console-parse.ts';
import { forTerminal, renderAnswerForTerminal, renderTimelineForTerminal } from '../reply/terminal.ts';
import { MAX_QUESTION_LENGTH } from '../limits.ts';
import { renderSourcesForTerminal } from '../reply/sources.ts';
import { strings } from '../reply/i18n.ts';
import { errorCodeOf } from '../errors.ts';
import { childLogger } from '../logger.ts';
import type { QaEngine } from '../engine-types.ts';

const log = childLogger('console');

const HELP = [
  'Commands (the same as the Discord bot):',
  '  /ask <question>                              quoted, sourced passages that answer it',
  '  /timeline [from:YYYY] [to:YYYY] [topic:text]  dated facts with their sources',
  '  /sources                                     the articles answered from: languages, outlets, dates, newest',
  '  /help   /quit',
  'A line without a slash is treated as /ask.',
].join('\n');

/** The local console that `npm start` opens when no Discord token is configured. */
export async function runConsole(engine: QaEngine, input = process.stdin, output = process.stdout): Promise<void> {
  const stats = engine.stats();
  // Everything shown goes through forTerminal: replies quote articles, and error notices echo what was typed.
  const write = (text: string) => output.write(forTerminal(text));
  write(
    `Vietnam–Russia relations bot: local console (no DISCORD_TOKEN set).\n` +
      `${stats.documents} articles, ${stats.passages} passages, ${stats.mode === 'hybrid' ? 'semantic + keyword' : 'keyword-only'} search.\n` +
      `${HELP}\n`,
  );
  const rl = createInterface({ input, output, prompt: '> ', terminal: Boolean((input as NodeJS.ReadStream).isTTY) });
  rl.prompt();
  for await (const line of rl) {
    const command = parseConsoleLine(line);
    try {
      switch (command.kind) {
        case 'quit':
          rl.close();
          return;
        case 'empty':
          break;
        case 'help':
          write(`${HELP}\n`);
          break;
        case 'unknown':
          write(`Unknown command /${command.name}. Type /help.\n`);
          break;
        case 'invalid':
          write(`${command.message}\n`);
          break;
        case 'ask':
          if (command.question.length > MAX_QUESTION_LENGTH) {
            write(`Please keep questions under ${MAX_QUESTION_LENGTH} characters.\n`);
            break;
          }
          // Stats read at each question: the engine switches to new index generations while the console runs.
          write(`${renderAnswerForTerminal(await engine.ask({ question: command.question, k: 3 }), engine.stats(), '(more results exist: ask more precisely, or run: npm run ask -- --k 10 "your question")')}\n`);
          break;
        case 'sources':
          write(`${renderSourcesForTerminal(engine.sources(), strings('en'))}\n`);
          break;
        case 'timeline':
          write(`${renderTimelineForTerminal(engine.timeline(command.query))}\n`);
          break;
      }
    } catch (error) {
      log.error({ err: error, code: errorCodeOf(error) }, 'console command failed');
      write('Sorry, something went wrong answering that. It has been logged.\n');
    }
    rl.prompt();
  }
}
