import type { TimelineQuery } from '../engine-types.ts';

/** One line typed in the local console, parsed the way Discord would present the slash command's options. */
export type ConsoleCommand =
  | { kind: 'ask'; question: string }
  | { kind: 'timeline'; query: TimelineQuery }
  | { kind: 'sources' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'unknown'; name: string }
  | { kind: 'invalid'; message: string };

const YEAR = /^\d{3,4}$/;

export function parseConsoleLine(line: string): ConsoleCommand {
  const trimmed = line.trim();
  if (!trimmed) return { kind: 'empty' };
  // Typing a bare question is what people do first; treat it as /ask.
  if (!trimmed.startsWith('/')) return { kind: 'ask', question: trimmed };

  const [rawName = '', ...rest] = trimmed.slice(1).split(/\s+/);
  const name = rawName.toLowerCase();
  const args = rest.join(' ');
  switch (name) {
    case 'ask':
      return args ? { kind: 'ask', question: args } : { kind: 'invalid', message: 'Usage: /ask <question>' };
    case 'timeline':
      return parseTimelineArgs(rest);
    case 'sources':
      return { kind: 'sources' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'quit':
    case 'exit':
    case 'q':
      return { kind: 'quit' };
    default:
      return { kind: 'unknown', name };
  }
}

/** Accepts `from:1990 to:2025 topic:visit` (Discord style) and the shorter `1990 2025 visit`. */
function parseTimelineArgs(words: string[]): ConsoleCommand {
  const query: TimelineQuery = {};
  const topicWords: string[] = [];
  for (const word of words) {
    const match = /^(from|to|topic):(.*)$/i.exec(word);
    const key = match?.[1]?.toLowerCase();
    const value = match?.[2] ?? word;
    if (key === 'from' || key === 'to' || (!key && YEAR.test(value) && topicWords.length === 0)) {
      if (!YEAR.test(value)) return { kind: 'invalid', message: `"${value}" is not a year. Usage: /timeline [from:YYYY] [to:YYYY] [topic:text]` };
      const slot: 'from' | 'to' = key === 'from' || key === 'to' ? key : query.from === undefined ? 'from' : 'to';
      query[slot] = Number(value);
    } else {
      topicWords.push(value);
    }
  }
  if (topicWords.length) query.topic = topicWords.join(' ');
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    return { kind: 'invalid', message: `"from" (${query.from}) is after "to" (${query.to}).` };
  }
  return { kind: 'timeline', query };
}
