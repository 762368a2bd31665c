import { sourceOf, type CorpusDocument } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { dayBounds, findDates, type DateContext, type DateMention } from './dates.ts';
import { classifyEventKinds, FUTURE_MARKERS, isAboutRelationship, keyNamesIn, mentionsRussia, mentionsVietnam } from './lexicon.ts';
import { datesCompatible, mergeEvents, type EventCandidate } from './merge.ts';
import { MAX_TIMELINE_SENTENCE_CHARS } from '../limits.ts';
import { splitLongSpan } from '../passages/chunker.ts';
import { anniversaryReport, factClauses, reportAt, type DateReport, type FactClause } from './report.ts';
import { eventSnippet, sentencesOf, type Sentence } from './snippets.ts';

const hasEventKind = (text: string) => classifyEventKinds(text).length > 0;

/** Scheduled events announced shortly before they happen ("visits from 14 to 15 January") are still placed. */
export const FUTURE_GRACE_DAYS = 45;
/** Sentences naming both countries that make a whole article "about the relationship" (see isAboutRelationship). */
const MIN_RELATIONSHIP_SENTENCES = 2;

/**
 * A "sentence" longer than MAX_TIMELINE_SENTENCE_CHARS (a table or a list glued into one line) is cut at clause
 * boundaries first: every date in a sentence is compared with every other and the sentence is scanned once per
 * date, so one unbounded sentence made extraction quadratic (a 200 KB run of years took 9 s).
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
  for (const sentence of sentences) {
    // Relevance is judged on the whole sentence, so clutter ("Tin quốc tế ngày 8/5…", weather) never passes.
    if (!isAboutRelationship(sentence.text, documentIsAboutRelationship)) continue;
    const mentions = datedMentions(sentence.text, ctx);
    // Cut once per sentence; every date of it is read against the same clauses.
    const clauses = mentions.length > 0 ? factClauses(sentence.text) : [];
    for (const dated of mentions) {
      const blocked = mentions.filter((other) => !datesCompatible(other.mention.value, dated.mention.value)).map((other) => other.mention);
      // What the sentence reports at this date. A date that only dates a background fact ("the first visit
      // after his election in March 2024") is no event of the sentence: the visit it reports is not in March.
      const report = dated.direct
        ? reportAt(sentence.text, dated.mention.start, blocked, clauses)
        : reportOfAnniversary(sentence.text, dated.mention, blocked, clauses);
      if (report.passing) continue;
      const text = eventSnippet(sentence.text, dated.mention, { blocked, informative: hasEventKind });
      // Kinds of the date's own fact come first; the rest of the snippet's kinds follow, so that related mentions
      // still meet when merging.
      const kinds = [...new Set([...report.kinds, ...classifyEventKinds(text)])];
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
function reportOfAnniversary(sentence: string, mention: DateMention, blocked: DateMention[], clauses: FactClause[]): DateReport {
  const phrases = anniversaryNumbers(sentence);
  const before = phrases.filter((p) => p.at <= mention.start).at(-1);
  const phrase = before ?? phrases.find((p) => p.at > mention.start);
  if (!phrase) {
    const report = reportAt(sentence, mention.start, blocked, clauses);
    return { ...report, kinds: report.kinds.filter((kind) => kind !== 'anniversary') };
  }
  return anniversaryReport(sentence, phrase.at, clauses);
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

function anniversaryNumbers(sentence: string): Array<{ years: number; at: number }> {
  const found: Array<{ years: number; at: number }> = [];
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
  const out: DatedMention[] = [];
  for (const mention of mentions) {
    const isCurrentYear = mention.value.precision === 'year' && !mention.anniversarySpan && startYear(mention) >= publishedYear - 1;
    if (isCurrentYear && anniversaries.length > 0) {
      const nearest = [...anniversaries].sort((a, b) => Math.abs(a.at - mention.start) - Math.abs(b.at - mention.start))[0]!;
      const originalYear = startYear(mention) - nearest.years;
      if (mentions.some((other) => other !== mention && startYear(other) === originalYear)) continue;
      out.push({ mention: { ...mention, value: { date: String(originalYear), end: null, precision: 'year' } }, direct: false });
      continue;
    }
    if (!isPlaceable(mention, sentence, ctx)) continue;
    out.push({ mention, direct: !mention.anniversarySpan });
  }
  return out;
}

function isPlaceable(mention: DateMention, sentence: string, ctx: DateContext): boolean {
  const limit = new Date(`${ctx.published}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + FUTURE_GRACE_DAYS);
  const horizon = limit.toISOString().slice(0, 10);
  const { first, last } = dayBounds(mention.value);
  if (first > horizon || last > horizon) return false;
  const publishedYear = Number(ctx.published.slice(0, 4));
  if (mention.value.precision === 'year') {
    // "this year", "năm nay": too vague to be an event of its own.
    if (mention.relative) return false;
    // "In 2025 the two sides will…": a plan, not a fact.
    if (startYear(mention) >= publishedYear && FUTURE_MARKERS.test(sentence)) return false;
  }
  return true;
}
