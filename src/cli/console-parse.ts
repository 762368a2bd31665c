import type { TimelineQuery } from '../engine-types.ts';
import { MAX_ASK_RESULTS } from '../limits.ts';
import { isTimelineKind } from '../timeline/lexicon.ts';

/** What was wrong with a line; the console says it in the asker's language (see terminal-i18n.ts). */
export type ConsoleProblem =
  | { type: 'ask-usage' }
  | { type: 'unknown-option'; option: string; known: string[] }
  | { type: 'missing-value'; option: string }
  | { type: 'bad-k'; value: string }
  | { type: 'not-a-year'; value: string }
  | { type: 'from-after-to'; from: number; to: number }
  | { type: 'unknown-kind'; value: string };

/** One line typed in the local console, parsed the way Discord would present the slash command's options. */
export type ConsoleCommand =
  | { kind: 'ask'; question: string; k?: number }
  | { kind: 'timeline'; query: TimelineQuery }
  | { kind: 'sources' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'unknown'; name: string }
  | { kind: 'invalid'; problem: ConsoleProblem };

/**
 * Class: the one-word lines a person types to get help or to leave, with or without a slash, in the four
 * languages. Nobody asks the corpus a one-word question "help" or "exit".
 */
const HELP_WORDS = new Set(['help', '?', 'trợ giúp', 'bantuan', 'помощь', 'справка']);
const QUIT_WORDS = new Set(['quit', 'exit', 'q', 'thoát', 'keluar', 'выход', 'выйти']);

const YEAR = /^\d{3,4}$/;
export const ASK_OPTIONS = ['--k'];
export const TIMELINE_OPTIONS = ['from:', 'to:', 'kind:', 'topic:'];

/** A result count as `--k` takes it: a whole number from 1 to MAX_ASK_RESULTS, else null. */
export function parseResultCount(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const k = Number(trimmed);
  return k >= 1 && k <= MAX_ASK_RESULTS ? k : null;
}

export function parseConsoleLine(line: string): ConsoleCommand {
  const trimmed = line.trim();
  if (!trimmed) return { kind: 'empty' };
  const word = trimmed.toLowerCase().replace(/^\//u, '');
  if (HELP_WORDS.has(word)) return { kind: 'help' };
  if (QUIT_WORDS.has(word)) return { kind: 'quit' };
  // Typing a bare question is what people do first; treat it as /ask.
  if (!trimmed.startsWith('/')) return parseAskArgs(trimmed.split(/\s+/u));

  const [rawName = '', ...rest] = trimmed.slice(1).split(/\s+/u);
  const name = rawName.toLowerCase();
  switch (name) {
    case 'ask':
      return parseAskArgs(rest);
    case 'timeline':
      return parseTimelineArgs(rest);
    case 'sources':
      return { kind: 'sources' };
    default:
      return { kind: 'unknown', name };
  }
}

/** `--k N` (or `--k=N`) before the question, as `npm run ask` takes it; any other leading `--option` is named. */
function parseAskArgs(words: string[]): ConsoleCommand {
  let k: number | undefined;
  let i = 0;
  for (; i < words.length && /^--\p{L}/u.test(words[i]!); i++) {
    const [flag = '', inline] = words[i]!.split('=', 2);
    if (flag.toLowerCase() !== '--k') return { kind: 'invalid', problem: { type: 'unknown-option', option: flag, known: ASK_OPTIONS } };
    const value = inline ?? words[++i];
    if (value === undefined || value === '') return { kind: 'invalid', problem: { type: 'missing-value', option: '--k' } };
    const count = parseResultCount(value);
    if (count === null) return { kind: 'invalid', problem: { type: 'bad-k', value } };
    k = count;
  }
  const question = words.slice(i).join(' ').trim();
  if (!question) return { kind: 'invalid', problem: { type: 'ask-usage' } };
  return k === undefined ? { kind: 'ask', question } : { kind: 'ask', question, k };
}

/**
 * Accepts `from:1990 to:2025 kind:visit topic:Putin` (Discord style), `--from 1990` (command-line style) and the
 * shorter `1990 2025 Putin`. An option that does not exist is named, never read as topic words.
 */
function parseTimelineArgs(words: string[]): ConsoleCommand {
  const query: TimelineQuery = {};
  const topicWords: string[] = [];
  const invalid = (problem: ConsoleProblem): ConsoleCommand => ({ kind: 'invalid', problem });
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const dashed = /^--(\p{L}+)(?:=(.*))?$/u.exec(word);
    const keyed = dashed ? null : /^(\p{L}+):(.*)$/u.exec(word);
    if (!dashed && !keyed) {
      // Bare words: up to two leading years, then the topic.
      if (YEAR.test(word) && topicWords.length === 0 && query.to === undefined) {
        query[query.from === undefined ? 'from' : 'to'] = Number(word);
      } else {
        topicWords.push(word);
      }
      continue;
    }
    const key = (dashed ?? keyed)![1]!.toLowerCase();
    if (!['from', 'to', 'kind', 'topic'].includes(key)) {
      return invalid({ type: 'unknown-option', option: dashed ? `--${key}` : `${key}:`, known: TIMELINE_OPTIONS });
    }
    // "topic: Putin" and "--from 1990": the value is the next word.
    let value = (dashed ? dashed[2] : keyed![2]) ?? '';
    if (value === '') value = words[++i] ?? '';
    if (value === '') return invalid({ type: 'missing-value', option: `${key}:` });
    if (key === 'from' || key === 'to') {
      if (!YEAR.test(value)) return invalid({ type: 'not-a-year', value });
      query[key] = Number(value);
    } else if (key === 'kind') {
      const kind = value.toLowerCase();
      if (!isTimelineKind(kind)) return invalid({ type: 'unknown-kind', value });
      query.kind = kind;
    } else {
      topicWords.push(value);
    }
  }
  if (topicWords.length) query.topic = topicWords.join(' ');
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    return invalid({ type: 'from-after-to', from: query.from, to: query.to });
  }
  return { kind: 'timeline', query };
}
