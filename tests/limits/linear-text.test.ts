import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseClutter, HTML_DEBRIS_PATTERN, isHtmlDebris } from '../../src/corpus/clutter.ts';
import type { CorpusDocument } from '../../src/domain.ts';
import { datedVisits } from '../../src/bench/worst-inputs.ts';
import { MAX_TIMELINE_DATES_PER_ARTICLE, MAX_TIMELINE_SENTENCE_CHARS } from '../../src/limits.ts';
import { setLogSink } from '../../src/logger.ts';
import { splitIntoPassages } from '../../src/passages/chunker.ts';
import { SEGMENT_WINDOW_CHARS, splitSentences } from '../../src/passages/sentences.ts';
import { findDates } from '../../src/timeline/dates.ts';
import { extractCandidates, extractTimeline } from '../../src/timeline/extract.ts';
import { mergeEvents } from '../../src/timeline/merge.ts';
import { sentencesOf } from '../../src/timeline/snippets.ts';

/**
 * The functions that used to be quadratic (or overflow the stack) on one long input, checked on what they return
 * for inputs of the size that broke them. No timings: the old code fails these by crashing, by a different result,
 * or by not finishing within the test timeout, never by a duration assertion.
 */

const meta = { id: 'long', title: 'Vietnam and Russia', outlet: 'Test', lang: 'en', published: '2025-01-14' } as const;

function documentOf(body: string): CorpusDocument {
  return { meta, path: 'long.md', body, blocks: analyseClutter(body).blocks, contentHash: 'x' };
}

const texts = (spans: Array<{ text: string }>) => spans.map((span) => span.text);

/** Runs `f` with the log captured (and kept off the test output). */
function withLogs<T>(f: () => T): { result: T; logs: string[] } {
  const logs: string[] = [];
  const previous = setLogSink((line) => logs.push(line));
  try {
    return { result: f(), logs };
  } finally {
    setLogSink(previous);
  }
}

const quietly = <T>(f: () => T): T => withLogs(f).result;

describe('one long input', () => {
  it('chunks a 5 MB body with no sentence end into passages without overflowing the stack', () => {
    // An odd count: a line made of two equal halves is a doubled teaser headline and removed.
    const body = 'Vietnam and Russia signed agreements on energy and trade '.repeat(90_001);
    expect(body.length).toBeGreaterThan(5_000_000);
    const passages = splitIntoPassages(documentOf(body));
    expect(passages.length).toBeGreaterThan(5_000);
    for (const passage of passages) expect(passage.text.length).toBeLessThanOrEqual(700);
    // Nothing is lost: the passages cover the body end to end.
    expect(passages.at(-1)!.end).toBe(body.trimEnd().length);
  });

  it('joins 99 KB of "A. " (every piece an initial) into one sentence, as for a short run', () => {
    const short = splitSentences('A. '.repeat(5), 'en');
    expect(short).toHaveLength(1);
    const text = 'A. '.repeat(33_000);
    const long = splitSentences(text, 'en');
    expect(long).toHaveLength(1);
    expect(long[0]!.start).toBe(0);
    expect(long[0]!.end).toBe(text.trim().length);
  });

  it('segments text longer than one window as ICU segments each of its paragraphs', () => {
    const paragraph = 'Putin visited Hanoi on 19 June 2024. Dr. Smith met Mr. Lee in the U.S. capital! Was it No. 34? ';
    const text = paragraph.repeat(Math.ceil((3 * SEGMENT_WINDOW_CHARS) / paragraph.length));
    const sentences = splitSentences(text, 'en').map((s) => s.text);
    const once = splitSentences(paragraph, 'en').map((s) => s.text);
    expect(once.length).toBeGreaterThanOrEqual(3);
    expect(sentences).toEqual(Array.from({ length: sentences.length / once.length }, () => once).flat());
    expect(sentences.length).toBe((text.length / paragraph.length) * once.length);
  });

  it('keeps "Dr. Dr. Dr. …" (100 KB) in one timeline sentence, as for a short run', () => {
    expect(sentencesOf('Dr. Dr. Dr. ', 'en')).toHaveLength(1);
    expect(sentencesOf('Dr. '.repeat(25_000), 'en')).toHaveLength(1);
  });

  it('joins 10,000 hard-wrapped continuation lines into one block', () => {
    // More than a headline's 20 words, lower-case start, no final stop: each line continues the one before.
    const line = (i: number) =>
      `and in round ${i} the delegations of both countries discussed cooperation in energy trade education culture and science for the coming years\n`;
    const body = `Vietnam and Russia met in Hanoi\n${Array.from({ length: 10_000 }, (_, i) => line(i)).join('')}`;
    const { blocks } = analyseClutter(body);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.text === body.replace(/\s+/gu, ' ').trim()).toBe(true);
  });

  it('finds every year in 200 KB of years, each once, without overlaps', () => {
    const text = '1950 1951 '.repeat(20_000);
    const dates = findDates(text, { lang: 'en', published: '2025-01-14' });
    expect(dates).toHaveLength(40_000);
    for (let i = 1; i < dates.length; i++) expect(dates[i]!.start).toBeGreaterThanOrEqual(dates[i - 1]!.stop);
  });

  it('extracts events from a run-on "sentence" of 200 KB in pieces no longer than the limit', () => {
    // An odd count: a line made of two equal halves is a doubled teaser headline and removed.
    const body = 'Vietnam and Russia signed a treaty in 1950, '.repeat(5_001);
    const events = quietly(() => extractCandidates(documentOf(body)));
    // Every date read is an event, up to the per-article limit.
    expect(events).toHaveLength(MAX_TIMELINE_DATES_PER_ARTICLE);
    for (const event of events) {
      expect(event.text.length).toBeLessThanOrEqual(MAX_TIMELINE_SENTENCE_CHARS);
      expect(event.value).toEqual({ date: '1950', end: null, precision: 'year' });
      expect(event.kinds).toEqual(expect.arrayContaining(['treaty', 'agreement']));
    }
  });

  it('finds no event in 1 MB of one sentence of years naming no event, as in a short one', () => {
    // Two hundred dates in every 1,000-character piece: each date used to cost a pass over its piece (280 s).
    const unit = `Vietnam Russia ${'1950 '.repeat(190)}`;
    expect(extractCandidates(documentOf(unit))).toEqual([]);
    const body = unit.repeat(1_101);
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(extractCandidates(documentOf(body))).toEqual([]);
  });

  it('reads a 200 KB sentence of visit years as each of its pieces alone, up to the per-article limit', () => {
    const years = Array.from({ length: 190 }, (_, i) => String(1800 + i));
    const unit = `Putin visited Vietnam ${years.join(' ')} `;
    const alone = extractCandidates(documentOf(unit));
    expect(alone.map((c) => c.value.date)).toEqual(years);
    const { result: long, logs } = withLogs(() => extractCandidates(documentOf(unit.repeat(201))));
    expect(long).toHaveLength(MAX_TIMELINE_DATES_PER_ARTICLE);
    // The pieces that name the visit give their years in order, each a visit by Putin; the first is the short one
    // (but for the last year's snippet, which now runs on into the next piece).
    expect(long.slice(0, alone.length - 1)).toEqual(alone.slice(0, -1));
    for (const candidate of long) {
      expect(years).toContain(candidate.value.date);
      expect(candidate.kinds).toEqual(['visit']);
    }
    // Merged, each year is one event.
    expect(mergeEvents(long).map((event) => event.date)).toEqual(years);
    expect(logs.filter((line) => line.includes('MAX_TIMELINE_DATES_PER_ARTICLE'))).toHaveLength(1);
  });

  it('merges 20,000 dated visits (700 KB) into one event per day, up to the per-article limit, and says so once', () => {
    const { result: events, logs } = withLogs(() => extractTimeline([documentOf(datedVisits(20_000, '. '))]));
    // Before the limit, merging compared every one of 20,000 events with every other.
    expect(events).toHaveLength(MAX_TIMELINE_DATES_PER_ARTICLE);
    expect(events[0]).toMatchObject({ date: '1950-01-01', precision: 'day', text: 'Putin visited Vietnam on 1/1/1950.' });
    expect(events.at(-1)!.date).toBe(new Date(Date.UTC(1950, 0, MAX_TIMELINE_DATES_PER_ARTICLE)).toISOString().slice(0, 10));
    const warnings = logs.filter((line) => line.includes('MAX_TIMELINE_DATES_PER_ARTICLE'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40, doc: 'long', limit: MAX_TIMELINE_DATES_PER_ARTICLE });
  });

  it('reads every date of an article under the per-article limit, without a warning', () => {
    const { result: events, logs } = withLogs(() => extractTimeline([documentOf(datedVisits(MAX_TIMELINE_DATES_PER_ARTICLE - 1, '. '))]));
    expect(events).toHaveLength(MAX_TIMELINE_DATES_PER_ARTICLE - 1);
    expect(logs).toEqual([]);
  });

  it('splits 1 MB of "1. 2. 3. " into one sentence per number, as a short run', () => {
    expect(texts(splitSentences('1. 2. 3. ', 'en'))).toEqual(['1.', '2.', '3.']);
    const text = '1. 2. 3. '.repeat(116_509);
    expect(text.length).toBeGreaterThan(1_048_576);
    const sentences = splitSentences(text, 'en');
    expect(sentences).toHaveLength(3 * 116_509);
    // One assertion, not 350,000.
    const wrong = sentences.findIndex((sentence, i) => sentence.text !== `${(i % 3) + 1}.` || sentence.start !== 3 * i);
    expect(wrong).toBe(-1);
  });

  it('keeps a sentence longer than a small window whole in a long text, as in its paragraph alone', () => {
    // 2,000 characters without a break: more than the first, small window looks at.
    const long = `Vietnam and Russia ${'discussed energy and trade and education '.repeat(50)}in Hanoi.`;
    const paragraph = `${long} Dr. Smith met Mr. Lee. ${long} Was it No. 34? `;
    const once = texts(splitSentences(paragraph, 'en'));
    expect(once).toEqual([long, 'Dr. Smith met Mr. Lee.', long, 'Was it No. 34?']);
    const text = paragraph.repeat(Math.ceil((3 * SEGMENT_WINDOW_CHARS) / paragraph.length));
    expect(texts(splitSentences(text, 'en'))).toEqual(Array.from({ length: text.length / paragraph.length }, () => once).flat());
  });

  it('recognises 1 MB of "<!--" as HTML debris', () => {
    expect(isHtmlDebris('<!--'.repeat(250_000))).toBe(true);
    expect(isHtmlDebris(`${'<!--'.repeat(250_000)} text`)).toBe(false);
  });
});

describe('isHtmlDebris', () => {
  const samples = ['<!-- a -->', '<!--', '-->', '<b>', '</div >', '&nbsp;', '&amp; <br/>', '<!-- x --> y -->', 'text', '<1>', '&;', '<!--\r-->', 'ſ', '<ſ>', '&K;'];
  it('agrees with the pattern on typical debris and text', () => {
    for (const sample of samples) expect(isHtmlDebris(sample), sample).toBe(HTML_DEBRIS_PATTERN.test(sample));
  });

  it('agrees with the pattern on random strings of its alphabet', () => {
    const alphabet = fc.constantFrom('<', '!', '-', '>', '/', '&', ';', 'a', 'B', 'ſ', 'K', ' ', '\t', '\r', '\u2028', 'x', '1');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }), (chars) => {
        const text = chars.join('');
        expect(isHtmlDebris(text)).toBe(HTML_DEBRIS_PATTERN.test(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with the pattern on random sequences of its tokens', () => {
    const token = fc.constantFrom('<!--', '-->', '<!-- c -->', '<p>', '</p>', '<a href="x">', '&nbsp;', ' ', 'word', '\r', '<', '&', '>');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        const text = tokens.join('');
        expect(isHtmlDebris(text)).toBe(HTML_DEBRIS_PATTERN.test(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
