import type { Answer, IndexStats, TimelineEvent } from '../engine-types.ts';
import type { SourceRef } from '../domain.ts';
import { scrubSecrets } from '../logger.ts';
import { stripTerminalControls } from '../text/terminal-controls.ts';

/** Plain-text rendering of what the Discord bot shows, for the local console and `npm run ask`. */

/**
 * Makes text safe to print on a terminal: article titles, outlets and text, file names and user input can hold
 * escape sequences that recolour, rewrite or retitle the reader's terminal. Every terminal printer goes through
 * this; `--json` output does not need it (see jsonLine). Secrets are scrubbed too.
 */
export function forTerminal(text: string): string {
  return scrubSecrets(stripTerminalControls(text));
}

const RULE = '─'.repeat(60);

function sourceLine(source: SourceRef): string {
  const link = source.url ? ` <${source.url}>` : '';
  return `${source.outlet} · ${source.published} · ${source.lang} · ${source.title}${link}`;
}

/** `moreHint` tells the reader how to see the next results from where they are (CLI flag or console command). */
export function renderAnswerForTerminal(answer: Answer, stats?: IndexStats, moreHint = '(more results: ask again with a larger --k)'): string {
  const lines: string[] = [];
  if (answer.abstained) {
    lines.push(
      answer.abstainReason === 'empty-question'
        ? 'Please ask a question in words, for example: When did Vietnam and the Soviet Union establish diplomatic relations?'
        : 'I could not find an answer to that in the articles I have. I cover Vietnam–Russia relations: visits, treaties, ' +
            'partnerships, trade, energy, education and anniversaries.',
    );
  } else {
    for (const hit of answer.results) {
      lines.push(`${hit.rank}. “${hit.quote}”`);
      lines.push(`   — ${sourceLine(hit.source)}`);
      lines.push('');
    }
    if (answer.hasMore) lines.push(moreHint);
  }
  if (stats) lines.push(footer(stats));
  return forTerminal(lines.join('\n').trimEnd());
}

export function renderTimelineForTerminal(events: TimelineEvent[]): string {
  if (events.length === 0) return 'No dated events match that filter.';
  return forTerminal(timelineLines(events));
}

function timelineLines(events: TimelineEvent[]): string {
  const lines = events.map((event) => {
    const when = event.end ? `${event.date} → ${event.end}` : event.date;
    const sources = event.sources.map((s) => `${s.outlet} (${s.lang})`).join(', ');
    return `${when.padEnd(24)} ${event.text}\n${' '.repeat(25)}sources: ${sources}`;
  });
  return lines.join('\n');
}

function footer(stats: IndexStats): string {
  const mode = stats.mode === 'hybrid' ? `semantic + keyword search (${stats.modelId})` : 'keyword search only';
  return `${RULE}\n${stats.documents} articles · index built ${stats.builtAt.slice(0, 10)} · ${mode}`;
}
