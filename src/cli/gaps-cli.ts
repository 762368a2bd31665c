import { Command, InvalidArgumentError } from 'commander';
import { groupGaps, parseDuration, type GapGroup } from '../feedback/gaps.ts';
import { jsonLine } from '../reply/json.ts';
import { forTerminal } from '../reply/terminal.ts';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';
import { openFeedbackForReport } from './feedback-db.ts';

endQuietlyOnClosedPipe();

/**
 * `npm run gaps -- [--since 30d] [--json] [--limit N] [--guild ID]`: the most asked questions the bot refused,
 * grouped by their content words, with counts and example wordings. Text for people; with --json one object per
 * group per line (rank, count, terms, examples, langs, first, last).
 */
const MAX_LIMIT = 1000;

function parseSince(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new InvalidArgumentError('expected a number of hours, days or weeks, such as 12h, 30d or 8w');
  return ms;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

function parseGuild(value: string): string {
  if (!/^\d{17,20}$/u.test(value.trim())) throw new InvalidArgumentError('expected a Discord server id (17–20 digits)');
  return value.trim();
}

const program = new Command('gaps')
  .description('List the most asked questions the bot could not answer (knowledge gaps), grouped by their content words')
  .option('--since <duration>', 'only refusals in the last 12h, 30d, 8w, …', parseSince)
  .option('--json', 'print one JSON object per group on stdout')
  .option('--limit <n>', 'groups to list', parseLimit, 20)
  .option('--guild <id>', 'only this Discord server', parseGuild)
  .parse();

const opts = program.opts<{ since?: number; json?: boolean; limit: number; guild?: string }>();

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function groupText(group: GapGroup, rank: number): string {
  const langs = Object.entries(group.langs)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([lang, n]) => `${lang} ${n}`)
    .join(', ');
  // The grouping terms are index stems ("popul" for population): --json carries them; people read the wordings.
  const head = `${String(rank).padStart(3)}. ${String(group.count).padStart(4)}×  ${langs}  last ${day(group.lastAt)}`;
  const examples = group.examples.map((e) => `          “${e.question}”${e.count > 1 ? ` ×${e.count}` : ''}`);
  return [head, ...examples].join('\n');
}

const settings = bootstrapSettings();
try {
  const store = openFeedbackForReport(settings);
  if (store) {
    const now = Date.now();
    const refusals = store.refusals({ since: opts.since === undefined ? undefined : now - opts.since, guildId: opts.guild });
    store.close();
    const groups = groupGaps(refusals);
    const shown = groups.slice(0, opts.limit);
    if (opts.json) {
      shown.forEach((group, i) =>
        process.stdout.write(
          jsonLine({ rank: i + 1, count: group.count, terms: group.terms, examples: group.examples, langs: group.langs, first: new Date(group.firstAt).toISOString(), last: new Date(group.lastAt).toISOString() }),
        ),
      );
    } else {
      const period = opts.since === undefined ? 'all stored' : `since ${day(now - opts.since)}`;
      const where = opts.guild === undefined ? 'every server' : `server ${opts.guild}`;
      const lines = [`Unanswered questions (${period}, ${where}): ${refusals.length} refusals in ${groups.length} groups${groups.length > shown.length ? `, the ${shown.length} most asked below` : ''}.`];
      for (const [i, group] of shown.entries()) lines.push('', groupText(group, i + 1));
      // Questions are typed by users: forTerminal keeps any control characters in them from acting on the terminal.
      process.stdout.write(`${forTerminal(lines.join('\n'))}\n`);
    }
  }
} catch (error) {
  exitWithError(error);
}
