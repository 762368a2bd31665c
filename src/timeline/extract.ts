import { sourceOf, type CorpusDocument } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { dayBounds, findDates, type DateContext, type DateMention } from './dates.ts';
import { classifyEventKinds, FUTURE_MARKERS, isAboutRelationship, keyNamesIn, mayNameEventKind, mentionsRussia, mentionsVietnam } from './lexicon.ts';
import { daySpanOf, daySpansCompatible, mergeEvents, type EventCandidate } from './merge.ts';
import { MAX_TIMELINE_DATES_PER_ARTICLE, MAX_TIMELINE_SENTENCE_CHARS } from '../limits.ts';
import { childLogger } from '../logger.ts';
import { splitLongSpan } from '../passages/chunker.ts';
import { SentenceFacts, type DateReport } from './report.ts';
import { MAX_EVENT_TEXT_CHARS, SentenceText, sentencesOf, type Sentence } from './snippets.ts';

const log = childLogger('timeline');

/** Scheduled events announced shortly before they happen ("visits from 14 to 15 January") are still placed. */
export const FUTURE_GRACE_DAYS = 45;
/** Sentences naming both countries that make a whole article "about the relationship" (see isAboutRelationship). */
const MIN_RELATIONSHIP_SENTENCES = 2;

/**
 * A "sentence" longer than MAX_TIMELINE_SENTENCE_CHARS (a table or a list glued into one line) is cut at clause
 * boundaries first: each date value in a sentence is compared with every date in it, so one unbounded sentence made
 * extraction quadratic (a 200 KB run of years took 9 s).
 */
function boundedSentences(sentence: Sentence): Sentence[] {
  if (sentence.text.length <= MAX_TIMELINE_SENTENCE_CHARS) return [sentence];
  return splitLongSpan(sentence.text, { start: 0, end: sentence.text.length }, MAX_TIMELINE_SENTENCE_CHARS).map((piece) => ({
    text: sentence.text.slice(piece.start, piece.end),
    start: sentence.start + piece.start,
  }));
}

/** Extracts dated events about the relationship from every document and merges the same event across sources. */
export function extractTimeline(documents: CorpusDocument[]): TimelineEvent[] {
  return mergeEvents(documents.flatMap(extractCandidates));
}

/** Every dated, relevant, classifiable mention in one document, unmerged. */
export function extractCandidates(document: CorpusDocument): EventCandidate[] {
  const ctx: DateContext = { lang: document.meta.lang, published: document.meta.published };
  const source = sourceOf(document.meta);
  const candidates: EventCandidate[] = [];
  const sentences = document.blocks.flatMap((block) => sentencesOf(block.text, ctx.lang).flatMap(boundedSentences));
  const documentIsAboutRelationship =
    (mentionsRussia(document.meta.title) && mentionsVietnam(document.meta.title)) ||
    sentences.filter((s) => isAboutRelationship(s.text)).length >= MIN_RELATIONSHIP_SENTENCES;
  let datesRead = 0;
  for (const sentence of sentences) {
    // Relevance is judged on the whole sentence, so clutter ("Tin quốc tế ngày 8/5…", weather) never passes.
    if (!isAboutRelationship(sentence.text, documentIsAboutRelationship)) continue;
    const reader = new SentenceText(sentence.text);
    // Every text classified below is a piece of this sentence: when no piece can name an event kind, none of its
    // dates can become an event, so they are not even looked for (a table of bare years is the usual case).
    if (!mayNameEventKind(reader.cleaned())) continue;
    const mentions = datedMentions(sentence.text, ctx);
    if (mentions.length === 0) continue;
    // Classification, the blocked dates and the clauses are the same for every date that shares a text or a value:
    // each is computed once per sentence (issue 11).
    const kindsOf = memoised(classifyEventKinds);
    const informative = (text: string) => kindsOf(text).length > 0;
    const facts = new SentenceFacts(sentence.text);
    let anniversaries: AnniversaryPhrase[] | undefined;
    const spans = mentions.map((m) => daySpanOf(m.mention.value));
    const blockedByValue = new Map<string, DateMention[]>();
    const blockedFor = (index: number): DateMention[] => {
      const { value } = mentions[index]!.mention;
      const key = `${value.date}|${value.end ?? ''}|${value.precision}`;
      let blocked = blockedByValue.get(key);
      if (!blocked) {
        blocked = mentions.filter((_, other) => !daySpansCompatible(spans[other]!, spans[index]!)).map((other) => other.mention);
        blockedByValue.set(key, blocked);
      }
      return blocked;
    };
    for (const [index, dated] of mentions.entries()) {
      if (datesRead === MAX_TIMELINE_DATES_PER_ARTICLE) {
        log.warn(
          { doc: document.meta.id, limit: MAX_TIMELINE_DATES_PER_ARTICLE },
          'article has more dates than MAX_TIMELINE_DATES_PER_ARTICLE: the rest are left out of the timeline',
        );
        return candidates;
      }
      datesRead++;
      // Mentions are in reading order and never overlap, as SentenceFacts and snippet() require of the blocked ones.
      const blocked = blockedFor(index);
      // What the sentence reports at this date. A date that only dates a background fact ("the first visit
      // after his election in March 2024") is no event of the sentence: the visit it reports is not in March.
      const report = dated.direct ? facts.reportAt(dated.mention.start, blocked) : reportOfAnniversary(facts, (anniversaries ??= anniversaryNumbers(sentence.text)), dated.mention, blocked);
      if (report.passing) continue;
      const text = reader.snippet(dated.mention, blocked, informative, MAX_EVENT_TEXT_CHARS);
      // Kinds of the date's own fact come first; the rest of the snippet's kinds follow, so that related mentions
      // still meet when merging.
      const kinds = [...new Set([...report.kinds, ...kindsOf(text)])];
      if (kinds.length === 0) continue;
      // Names from the fact itself: the sentence's opening may name the actors of another fact ("Trong appreciated
      // Putin's visit, which coincided with the 30th anniversary of the Treaty (1994-2024)").
      candidates.push({ value: dated.mention.value, kinds, reported: report.kinds, names: keyNamesIn(report.fact), text, source, direct: dated.direct });
    }
  }
  return candidates;
}

/**
 * The report of a date that stands for the original event of an anniversary: the clause of the nearest anniversary
 * phrase before it (a span such as "(1994-2024)" follows the phrase it dates), else after it, tells that event.
 */
function reportOfAnniversary(facts: SentenceFacts, phrases: AnniversaryPhrase[], mention: DateMention, blocked: DateMention[]): DateReport {
  const before = phrases.filter((p) => p.at <= mention.start).at(-1);
  const phrase = before ?? phrases.find((p) => p.at > mention.start);
  if (!phrase) {
    const report = facts.reportAt(mention.start, blocked);
    return { ...report, kinds: report.kinds.filter((kind) => kind !== 'anniversary') };
  }
  return facts.anniversaryReport(phrase.at);
}

/** `f` with its results kept per argument (for one sentence: the memory goes with it). */
function memoised<T>(f: (text: string) => T): (text: string) => T {
  const results = new Map<string, T>();
  return (text) => {
    let result = results.get(text);
    if (result === undefined) {
      result = f(text);
      results.set(text, result);
    }
    return result;
  };
}

interface DatedMention {
  mention: DateMention;
  direct: boolean;
}

/**
 * "Nth anniversary" phrasing in the four languages. The number tells how far back the original event lies:
 * "peringatan 75 tahun … pada tahun 2025" and "75th anniversary … this year" both point to 1950.
 */
const ANNIVERSARY_NUMBER =
  /(\d{1,3})(?:st|nd|rd|th)\s+anniversary|kỷ niệm\s+(\d{1,3})\s+năm|(\d{1,3})\s+năm\s+(?:thiết lập|quan hệ|ngày|ký|hữu nghị|kể từ)|peringatan\s+(\d{1,3})\s+tahun|menandai\s+(\d{1,3})\s+tahun|(\d{1,3})\s+tahun\s+(?:sejak|terjalin|hubungan|penandatanganan)|(\d{1,3})-?(?:летие|-?й\s+годовщин|\s+лет\s+(?:со дня|с момента|с))|(\d{1,3})\s+years\s+(?:since|of diplomatic)/giu;

interface AnniversaryPhrase {
  years: number;
  at: number;
}

function anniversaryNumbers(sentence: string): AnniversaryPhrase[] {
  const found: AnniversaryPhrase[] = [];
  ANNIVERSARY_NUMBER.lastIndex = 0;
  for (let m = ANNIVERSARY_NUMBER.exec(sentence); m !== null; m = ANNIVERSARY_NUMBER.exec(sentence)) {
    const years = Number(m.slice(1).find((g) => g !== undefined));
    if (years > 0) found.push({ years, at: m.index });
  }
  return found;
}

const startYear = (m: DateMention) => Number(m.value.date.slice(0, 4));

/**
 * The dates of a sentence that name an event we can place. A current year next to "the Nth anniversary" is the
 * celebration, not the event: it is dropped when the original year is also written, and otherwise re-pointed to it.
 */
function datedMentions(sentence: string, ctx: DateContext): DatedMention[] {
  const mentions = findDates(sentence, ctx);
  const anniversaries = anniversaryNumbers(sentence);
  const publishedYear = Number(ctx.published.slice(0, 4));
  const yearsWritten = new Set(mentions.map(startYear));
  const horizon = placeableHorizon(ctx);
  let speaksOfPlans: boolean | undefined;
  const out: DatedMention[] = [];
  for (const mention of mentions) {
    const isCurrentYear = mention.value.precision === 'year' && !mention.anniversarySpan && startYear(mention) >= publishedYear - 1;
    if (isCurrentYear && anniversaries.length > 0) {
      const originalYear = startYear(mention) - nearestAnniversary(anniversaries, mention.start).years;
      // The original year differs from the mention's own (the number is positive), so any mention of it is another.
      if (yearsWritten.has(originalYear)) continue;
      out.push({ mention: { ...mention, value: { date: String(originalYear), end: null, precision: 'year' } }, direct: false });
      continue;
    }
    const { first, last } = dayBounds(mention.value);
    if (first > horizon || last > horizon) continue;
    if (mention.value.precision === 'year') {
      // "this year", "năm nay": too vague to be an event of its own.
      if (mention.relative) continue;
      // "In 2025 the two sides will…": a plan, not a fact. (The sentence is read once, not once per year in it.)
      if (startYear(mention) >= publishedYear && (speaksOfPlans ??= FUTURE_MARKERS.test(sentence))) continue;
    }
    out.push({ mention, direct: !mention.anniversarySpan });
  }
  return out;
}

/** The last day an event may lie on: publication plus FUTURE_GRACE_DAYS. */
function placeableHorizon(ctx: DateContext): string {
  const limit = new Date(`${ctx.published}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + FUTURE_GRACE_DAYS);
  return limit.toISOString().slice(0, 10);
}

/**
 * The anniversary phrase nearest to `at` (the earlier one on a tie), found by binary search: `anniversaries` are in
 * reading order. Sorting them all for every year of a long sentence was quadratic.
 */
function nearestAnniversary(anniversaries: AnniversaryPhrase[], at: number): AnniversaryPhrase {
  let lo = 0;
  let hi = anniversaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (anniversaries[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  const before = anniversaries[lo - 1];
  const after = anniversaries[lo];
  if (!after) return before!;
  if (!before) return after;
  return at - before.at <= after.at - at ? before : after;
}
