import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { bootstrapSettings, exitWithError } from './bootstrap.ts';
import { jsonLine } from '../reply/json.ts';
import { forTerminal } from '../reply/terminal.ts';
import { formatEventDate, renderTimelineChart } from '../timeline/chart.ts';
import { filterTimeline } from '../timeline/filter.ts';
import { timelineEventToJson } from '../timeline/json.ts';
import { loadTimeline } from '../timeline/source.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { endQuietlyOnClosedPipe } from './closed-pipe.ts';

endQuietlyOnClosedPipe();

/**
 * `npm run timeline -- [--json] [--from YYYY] [--to YYYY] [--topic text] [--chart file.png]`
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
  .option('--topic <text>', 'only events of this kind or mentioning this (e.g. "state visit", "Putin", "treaty")')
  .option('--chart <file>', 'also draw the events as a PNG chart into this file')
  .option('--size <WxH>', 'chart size in pixels', parseSize, { width: 1200, height: 800 })
  .parse();

const opts = program.opts<{ json?: boolean; from?: number; to?: number; topic?: string; chart?: string; size: { width: number; height: number } }>();
if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) program.error('--from must not be after --to');

function renderLine(event: TimelineEvent): string {
  const langs = [...new Set(event.sources.map((s) => s.lang))].join(' ');
  const count = `${event.sources.length} ${event.sources.length === 1 ? 'source' : 'sources'}`;
  return forTerminal(`${formatEventDate(event).padEnd(16)} ${event.text}  [${count}: ${langs}]`);
}

const settings = bootstrapSettings();
try {
  const { events } = await loadTimeline({ indexDir: settings.INDEX_DIR, corpusDir: settings.CORPUS_DIR });
  const selected = filterTimeline(events, { from: opts.from, to: opts.to, topic: opts.topic });
  for (const event of selected) {
    process.stdout.write(opts.json ? jsonLine(timelineEventToJson(event)) : `${renderLine(event)}\n`);
  }
  if (opts.chart) {
    await writeFile(opts.chart, renderTimelineChart(selected, { ...opts.size, ...(opts.topic ? { title: `Vietnam–Russia timeline: ${opts.topic}` } : {}) }));
    process.stderr.write(forTerminal(`chart written to ${opts.chart}\n`));
  }
} catch (error) {
  exitWithError(error);
}
