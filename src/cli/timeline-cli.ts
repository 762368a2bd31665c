import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { LANGUAGES, type Lang } from '../domain.ts';
import { BotError } from '../errors.ts';
import { jsonLine } from '../reply/json.ts';
import { forTerminal } from '../reply/terminal.ts';
import { formatEventDate, renderTimelineChart } from '../timeline/chart.ts';
import { filterTimeline } from '../timeline/filter.ts';
import { timelineEventToJson } from '../timeline/json.ts';
import { TIMELINE_KINDS, type TimelineKind } from '../timeline/lexicon.ts';
import { loadTimeline } from '../timeline/source.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';

endQuietlyOnClosedPipe();

/**
 * `npm run timeline -- [--json] [--from YYYY] [--to YYYY] [--kind K] [--topic text] [--lang L] [--chart file.png]`
 * Events in date order on stdout (with --json one object per line); logs on stderr only.
 */
function parseYear(value: string): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value.trim()) || !Number.isInteger(year)) throw new InvalidArgumentError('expected a year such as 1950');
  return year;
}

function parseSize(value: string): { width: number; height: number } {
  const m = /^(\d{3,4})x(\d{3,4})$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected WIDTHxHEIGHT, e.g. 1200x800');
  return { width: Number(m[1]), height: Number(m[2]) };
}

const program = new Command('timeline')
  .description('List the dated events of the Vietnam–Russia relationship found in the corpus, with their sources')
  .option('--json', 'print one JSON object per event on stdout')
  .option('--from <year>', 'only events in or after this year', parseYear)
  .option('--to <year>', 'only events in or before this year', parseYear)
  .addOption(new Option('--kind <kind>', 'only events of this kind').choices(TIMELINE_KINDS))
  .option('--topic <text>', 'only events about this, in any language (e.g. "state visit", "Putin", "treaty")')
  .addOption(new Option('--lang <lang>', 'tell events in this language where a source in it exists (else English)').choices(LANGUAGES))
  .option('--chart <file>', 'also draw the events as a PNG chart into this file')
  .option('--size <WxH>', 'chart size in pixels', parseSize, { width: 1200, height: 800 })
  .parse();

const opts = program.opts<{
  json?: boolean;
  from?: number;
  to?: number;
  kind?: TimelineKind;
  topic?: string;
  lang?: Lang;
  chart?: string;
  size: { width: number; height: number };
}>();
if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) program.error('--from must not be after --to');

/** Checked before any work: a chart that cannot be written should cost nothing and say why. */
async function chartFolderProblem(file: string): Promise<string | null> {
  const folder = dirname(resolve(file));
  const info = await stat(folder).catch(() => null);
  if (info === null) return `--chart ${JSON.stringify(file)}: the folder ${JSON.stringify(folder)} does not exist. Create it first, or choose another file.`;
  if (!info.isDirectory()) return `--chart ${JSON.stringify(file)}: ${JSON.stringify(folder)} is not a folder.`;
  return null;
}

/** A write that still fails (no permission, a folder of that name, a full disk) is a clear error, not a stack. */
async function writeChart(file: string, png: Buffer): Promise<void> {
  try {
    await writeFile(file, png);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new BotError('OUTPUT_UNWRITABLE', `the chart cannot be written to ${JSON.stringify(file)} (${code})`, { cause: error });
  }
}

function renderLine(event: TimelineEvent): string {
  const langs = [...new Set(event.sources.map((s) => s.lang))].join(' ');
  const count = `${event.sources.length} ${event.sources.length === 1 ? 'source' : 'sources'}`;
  return forTerminal(`${formatEventDate(event).padEnd(16)} ${event.text}  [${event.kinds.join(', ')} · ${count}: ${langs}]`);
}

if (opts.chart !== undefined) {
  const problem = await chartFolderProblem(opts.chart);
  if (problem) program.error(forTerminal(`error: ${problem}`));
}

const settings = bootstrapSettings();
try {
  const { events } = await loadTimeline({ indexDir: settings.INDEX_DIR, corpusDir: settings.CORPUS_DIR });
  const selected = filterTimeline(events, { from: opts.from, to: opts.to, kind: opts.kind, topic: opts.topic, lang: opts.lang });
  for (const event of selected) {
    process.stdout.write(opts.json ? jsonLine(timelineEventToJson(event)) : `${renderLine(event)}\n`);
  }
  if (opts.chart) {
    const filters = [opts.kind, opts.topic].filter((f): f is string => f !== undefined);
    await writeChart(opts.chart, renderTimelineChart(selected, { ...opts.size, ...(filters.length > 0 ? { title: `Vietnam–Russia timeline: ${filters.join(', ')}` } : {}) }));
    process.stderr.write(forTerminal(`chart written to ${opts.chart}\n`));
  }
} catch (error) {
  exitWithError(error);
}
