import { parseArticle } from '../corpus/loader.ts';
import { MAX_ARTICLE_BYTES, MAX_QUESTION_LENGTH } from '../limits.ts';
import { splitIntoPassages } from '../passages/chunker.ts';
import { collapseDuplicates } from '../passages/dedupe.ts';
import { splitSentences } from '../passages/sentences.ts';
import { extractTimeline } from '../timeline/extract.ts';
import { sentencesOf } from '../timeline/snippets.ts';
import { median } from './stats.ts';

/**
 * The inputs that used to make one article or one question cost super-linear time (issue 11, class 4), each at
 * the size the limits allow, so that a regression to quadratic work shows up as a figure that jumps. Timed here,
 * never in tests: durations depend on the machine.
 */
export interface WorstInputCase {
  name: string;
  run: () => unknown;
}

export interface WorstInputResult {
  name: string;
  /** Median of `runs` runs, milliseconds. */
  medianMs: number;
  runs: number;
}

/** A title naming both countries, so that the timeline extractor judges every sentence (its slowest path). */
const FRONT_MATTER = '---\nid: worst-input\ntitle: Vietnam and Russia worst input\noutlet: Bench\nlang: en\npublished: 2025-01-14\n---\n';

/** A real paragraph first, so that the file is a valid article whatever the filler after it turns out to be. */
const LEAD = 'Vietnam and Russia signed an agreement on energy cooperation in Hanoi on 14 January 2025.\n\n';

/**
 * An article file of at most `bytes` bytes (exactly, for ASCII units): the front matter, then `unit` repeated, cut
 * at a character boundary so that the file stays valid UTF-8.
 */
export function articleOf(unit: string, bytes = MAX_ARTICLE_BYTES): Buffer {
  const whole = Buffer.from(FRONT_MATTER + LEAD + unit.repeat(Math.ceil(bytes / Math.max(1, Buffer.byteLength(unit)))), 'utf8');
  let end = Math.min(bytes, whole.length);
  while (end > 0 && end < whole.length && (whole[end]! & 0xc0) === 0x80) end--; // never cut inside a character
  return whole.subarray(0, end);
}

/** Everything a build does with one article file: parse, clean, chunk, dedupe, extract dated events, merge them. */
export function processArticle(bytes: Buffer): number {
  const parsed = parseArticle('worst-input.md', bytes);
  // A refused file would time nothing: the figures must come from the full path.
  if (!parsed.ok) throw new Error(`worst input refused: ${parsed.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  const passages = collapseDuplicates(splitIntoPassages(parsed.document)).kept;
  return passages.length + extractTimeline([parsed.document]).length;
}

/** "Putin visited Vietnam on <d/m/y>, " for `count` consecutive days from 1 January 1950: every date a new event. */
export function datedVisits(count: number, separator: string): string {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.UTC(1950, 0, 1 + i));
    return `Putin visited Vietnam on ${day.getUTCDate()}/${day.getUTCMonth() + 1}/${day.getUTCFullYear()}${separator}`;
  }).join('');
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** `realBody` is a real article's body (repeated to the limit) for the "normal text at the limit" figure. */
export function worstInputCases(options: { realBody: string; ask?: (question: string) => Promise<unknown> | unknown }): WorstInputCase[] {
  const limit = kb(MAX_ARTICLE_BYTES);
  const initials = 'A. '.repeat(33_000);
  const abbreviations = 'Dr. '.repeat(25_000);
  // Lower-case lines of more than a headline's 20 words and no final stop: each is joined onto the block before.
  // (One copy per line: a line made of two equal halves would be removed as a doubled teaser headline.)
  const years = Array.from({ length: 190 }, (_, i) => String(1800 + i));
  const continuation = 'and in the long run the delegations of both countries discussed cooperation in energy trade education culture and science for the coming years\n';
  const cases: WorstInputCase[] = [
    { name: `sentence split ${kb(initials.length)} 'A. '`, run: () => splitSentences(initials, 'en') },
    { name: `timeline sentences ${kb(abbreviations.length)} 'Dr. '`, run: () => sentencesOf(abbreviations, 'en') },
    { name: `article ${limit} without spaces`, run: () => processArticle(articleOf('x')) },
    { name: `article ${limit} of digits and dots`, run: () => processArticle(articleOf('1.2.3.4.5.6.7.8.9.0.')) },
    { name: `article ${limit} of '1. 2. 3. '`, run: () => processArticle(articleOf('1. 2. 3. ')) },
    { name: `article ${limit} of '  \\n'`, run: () => processArticle(articleOf(`Vietnam and Russia.${'  \n'.repeat(10_000)}`)) },
    { name: `article ${limit} of '<!--'`, run: () => processArticle(articleOf(`Vietnam and Russia.\n${'<!--'.repeat(20_000)}\n`)) },
    { name: `article ${limit} of continuation lines`, run: () => processArticle(articleOf(continuation)) },
    { name: `article ${limit}, one sentence of years`, run: () => processArticle(articleOf('Vietnam Russia 1950 - 1955 ')) },
    // Two hundred dates in every 1,000-character piece of one sentence; the first names no event, the second does
    // (each date then needs its own snippet), the third makes every date an event of its own for the merge.
    { name: `article ${limit}, one sentence of one year`, run: () => processArticle(articleOf(`Vietnam Russia ${'1950 '.repeat(190)}`)) },
    { name: `article ${limit}, one sentence of visit years`, run: () => processArticle(articleOf(`Putin visited Vietnam ${years.join(' ')} `)) },
    { name: `article ${limit} of dated visits`, run: () => processArticle(articleOf(datedVisits(20_000, '. '))) },
    { name: `article at MAX_ARTICLE_BYTES (real text)`, run: () => processArticle(articleOf(`${options.realBody}\n\n`)) },
  ];
  if (options.ask) {
    const ask = options.ask;
    const question = 'When did Putin visit Hanoi and what did he sign with Vietnam? '.repeat(20).slice(0, MAX_QUESTION_LENGTH);
    cases.push({ name: `question at MAX_QUESTION_LENGTH (${MAX_QUESTION_LENGTH} chars)`, run: () => ask(question) });
  }
  return cases;
}

export async function measureWorstInputs(cases: WorstInputCase[], runs = 3): Promise<WorstInputResult[]> {
  const results: WorstInputResult[] = [];
  for (const testCase of cases) {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await testCase.run();
      samples.push(performance.now() - started);
    }
    results.push({ name: testCase.name, medianMs: median(samples), runs });
  }
  return results;
}
