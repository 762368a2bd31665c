import type { Answer, IndexStats, TimelineEvent } from '../engine-types.ts';
import type { SourceRef } from '../domain.ts';
import { scrubSecrets } from '../logger.ts';
import { stripTerminalControls } from '../text/terminal-controls.ts';
import type { UiLang } from './i18n.ts';
import { KIND_NAMES } from './kind-names.ts';
import { terminalStrings } from './terminal-i18n.ts';
import { languageNotice } from './language-notice.ts';

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
/** Indent of a source line under its quote or event. */
const SOURCE_INDENT = '   ';

/** One source as `/ask` shows it: outlet, date, language, title and link, on a line of its own. */
function sourceLine(source: SourceRef): string {
  const link = source.url ? ` <${source.url}>` : '';
  return `${source.outlet} · ${source.published} · ${source.lang} · ${source.title}${link}`;
}

export interface TerminalAnswerOptions {
  /** The language of the bot's own words; default: the question's language. */
  ui?: UiLang;
  /** The command that shows more results from where the reader is (a CLI flag or a console command). */
  moreHow?: string;
}

export function renderAnswerForTerminal(answer: Answer, stats?: IndexStats, options: TerminalAnswerOptions = {}): string {
  const ui = options.ui ?? answer.queryLang;
  const t = terminalStrings(ui);
  const lines: string[] = [];
  if (answer.abstained) {
    lines.push(answer.abstainReason === 'empty-question' ? t.askInWords : t.noAnswer);
  } else {
    const notice = languageNotice(answer, ui);
    if (notice !== null) lines.push(notice, '');
    for (const hit of answer.results) {
      lines.push(`${hit.rank}. “${hit.quote}”`);
      lines.push(`${SOURCE_INDENT}— ${sourceLine(hit.source)}`);
      lines.push('');
    }
    if (answer.hasMore) lines.push(t.moreResults(options.moreHow ?? 'npm run ask -- --k 10 "…"'));
  }
  if (stats) lines.push(footer(stats, ui));
  return forTerminal(lines.join('\n').trimEnd());
}

/**
 * Events as the console lists them: the date and the event's kinds, its text, then each source on a line of its
 * own with title, date and link, as `/ask` shows them (outlet names can hold commas, so a list on one line was
 * hard to read).
 */
export function renderTimelineForTerminal(events: TimelineEvent[], ui: UiLang = 'en'): string {
  if (events.length === 0) return terminalStrings(ui).timelineEmpty;
  const lines = events.map((event) => {
    const when = event.end ? `${event.date} → ${event.end}` : event.date;
    const kinds = event.kinds.map((kind) => KIND_NAMES[ui][kind]).join(', ');
    const sources = event.sources.map((s) => `${SOURCE_INDENT}— ${sourceLine(s)}`);
    return [`${when}  [${kinds}]  ${event.text}`, ...sources].join('\n');
  });
  return forTerminal(lines.join('\n\n'));
}

function footer(stats: IndexStats, ui: UiLang): string {
  return `${RULE}\n${terminalStrings(ui).footer(stats.documents, stats.builtAt.slice(0, 10), searchModeText(stats, ui))}`;
}

/** The search mode in words, for the console's greeting. */
export function searchModeText(stats: IndexStats, ui: UiLang): string {
  const t = terminalStrings(ui);
  return stats.mode === 'hybrid' ? t.searchHybrid(stats.modelId ?? '') : t.searchKeyword;
}
