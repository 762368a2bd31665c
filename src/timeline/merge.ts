import type { Lang, SourceRef } from '../domain.ts';
import type { DatePrecision, EventText, TimelineEvent } from '../engine-types.ts';
import { dayBounds, type DateValue } from './dates.ts';
import { eventInLanguage } from './localize.ts';
import { EVENT_KINDS, GENERIC_KINDS, kindFamily, timelineKindsOf, type EventKind } from './lexicon.ts';

/** One dated mention of an event in one sentence of one article, before merging. */
export interface EventCandidate {
  value: DateValue;
  /** Every kind the mention's text names, its own fact's first: decides which mentions are the same event. */
  kinds: EventKind[];
  /** Kinds of the fact the sentence reports at this date (see reportAt): what the event is, for filters. */
  reported: EventKind[];
  /** Key names the sentence mentions (leaders, summits). */
  names: string[];
  text: string;
  source: SourceRef;
  /** Stated outright (not an anniversary span, not derived from "the 75th anniversary … this year"). */
  direct: boolean;
}

const PRECISION_RANK: Record<DatePrecision, number> = { day: 3, month: 2, year: 1 };
/**
 * Text preference when several articles report the event: English first because it is the one language every
 * asker of this bot is most likely to share, then Vietnamese (the relationship's own press), Indonesian, Russian.
 */
const LANG_PREFERENCE: Record<Lang, number> = { en: 0, vi: 1, id: 2, ru: 3 };

interface Cluster {
  value: DateValue;
  /** daySpanOf(value), kept: every later candidate is compared with it. */
  span: DaySpan;
  kinds: Set<EventKind>;
  names: Set<string>;
  members: EventCandidate[];
}

/**
 * Two date values may describe the same event when one lies inside the other: "January 1950" holds
 * "30 January 1950"; "June 2024" holds "June 19-20, 2024". Day-level values only need to overlap.
 */
export function datesCompatible(a: DateValue, b: DateValue): boolean {
  return daySpansCompatible(daySpanOf(a), daySpanOf(b));
}

/** The calendar days a date value covers, with its precision: what datesCompatible compares. */
export interface DaySpan {
  first: string;
  last: string;
  precision: DatePrecision;
}

export function daySpanOf(value: DateValue): DaySpan {
  return { ...dayBounds(value), precision: value.precision };
}

/** datesCompatible on spans computed once: a sentence compares each of its dates with every other. */
export function daySpansCompatible(x: DaySpan, y: DaySpan): boolean {
  if (x.last < y.first || y.last < x.first) return false;
  if (x.precision === 'day' && y.precision === 'day') return true;
  const inside = (p: DaySpan, q: DaySpan) => p.first >= q.first && p.last <= q.last;
  return inside(x, y) || inside(y, x);
}

/** Same kind of event: a shared specific kind (visits count as one family); generic kinds only match each other. */
export function kindsCompatible(a: Iterable<EventKind>, b: Iterable<EventKind>): boolean {
  const specific = (kinds: Iterable<EventKind>) => new Set([...kinds].filter((k) => !GENERIC_KINDS.has(k)).map(kindFamily));
  const sa = specific(a);
  const sb = specific(b);
  if (sa.size === 0 || sb.size === 0) {
    // Only generic words ("anniversary", "signed"): the same only if everything matches.
    const ga = new Set(a);
    const gb = new Set(b);
    return sa.size === 0 && sb.size === 0 && ga.size === gb.size && [...ga].every((k) => gb.has(k));
  }
  return [...sa].some((k) => sb.has(k));
}

/** Two leaders' different trips in the same month stay apart: named people, when both sides name some, must overlap. */
function namesCompatible(a: Set<string>, b: Iterable<string>): boolean {
  const other = [...b];
  return a.size === 0 || other.length === 0 || other.some((name) => a.has(name));
}

/**
 * Among the clusters this mention could join, the one that shares the mention's most telling kind (kinds are
 * ordered from most to least specific): "Putin visited after his inauguration (2024)" joins the June 2024 state
 * visit rather than the March 2024 election. Ties go to the better-attested cluster.
 */
function chooseCluster(clusters: Cluster[], candidate: EventCandidate): Cluster | undefined {
  const span = daySpanOf(candidate.value);
  const compatible = clusters.filter(
    (c) => daySpansCompatible(c.span, span) && kindsCompatible(c.kinds, candidate.kinds) && namesCompatible(c.names, candidate.names),
  );
  if (compatible.length <= 1) return compatible[0];
  const rank = (c: Cluster) => {
    const families = new Set([...c.kinds].map(kindFamily));
    const index = candidate.kinds.findIndex((k) => families.has(kindFamily(k)));
    return index < 0 ? Infinity : index;
  };
  return [...compatible].sort((a, b) => rank(a) - rank(b) || b.members.length - a.members.length)[0];
}

function byPrecisionThenDate(a: EventCandidate, b: EventCandidate): number {
  return (
    PRECISION_RANK[b.value.precision] - PRECISION_RANK[a.value.precision] ||
    Number(b.direct) - Number(a.direct) ||
    a.value.date.localeCompare(b.value.date)
  );
}

/**
 * Merges mentions of the same event — across sentences, articles and languages — into one timeline entry that
 * lists every source. Sameness is compatible dates + the same kind of event (+ compatible names), never equal
 * text, so "30 Januari 1950" (id), "30/1/1950" (vi) and "(1950-2025)" (en) become one entry. The most precise
 * mentions are placed first so that vaguer ones ("January 1950", "2001") join them instead of standing alone.
 */
export function mergeEvents(candidates: EventCandidate[]): TimelineEvent[] {
  const clusters: Cluster[] = [];
  for (const candidate of [...candidates].sort(byPrecisionThenDate)) {
    const home = chooseCluster(clusters, candidate);
    if (home) {
      home.members.push(candidate);
      for (const kind of candidate.kinds) home.kinds.add(kind);
      for (const name of candidate.names) home.names.add(name);
    } else {
      clusters.push({
        value: candidate.value,
        span: daySpanOf(candidate.value),
        kinds: new Set(candidate.kinds),
        names: new Set(candidate.names),
        members: [candidate],
      });
    }
  }
  return clusters.map(toEvent).sort(compareEvents);
}

/** Chronological; at equal start the vaguer entry ("1950") comes before the precise one ("1950-01-30"). */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  return a.date.localeCompare(b.date) || (a.end ?? '').localeCompare(b.end ?? '') || a.text.localeCompare(b.text);
}

/** The member's text states the cluster's own date (and end) as the entry gives it, not a vaguer or other date. */
function statesClusterDate(cluster: Cluster, member: EventCandidate): boolean {
  return member.value.date === cluster.value.date && member.value.end === cluster.value.end;
}

/**
 * The member whose text best tells the event: it states the event's own date, as precisely as possible, outright,
 * with the year written (an anniversary mention dated back to 1950 may only say "this year"), and briefly.
 */
function compareTexts(cluster: Cluster): (a: EventCandidate, b: EventCandidate) => number {
  const exact = (c: EventCandidate) => Number(statesClusterDate(cluster, c));
  const year = cluster.value.date.slice(0, 4);
  const showsYear = (c: EventCandidate) => Number(c.text.includes(year));
  return (a, b) =>
    exact(b) - exact(a) ||
    PRECISION_RANK[b.value.precision] - PRECISION_RANK[a.value.precision] ||
    Number(b.direct) - Number(a.direct) ||
    showsYear(b) - showsYear(a) ||
    a.text.length - b.text.length;
}

/**
 * One text per language that reports the event, best first within each language (see compareTexts); languages in
 * LANG_PREFERENCE order. Each records whether it states the entry's date, which decides what an asker is shown.
 */
function eventTexts(cluster: Cluster): EventText[] {
  const ranked = [...cluster.members].sort(compareTexts(cluster));
  const byLang = new Map<Lang, EventText>();
  for (const member of ranked) {
    const { lang, doc } = member.source;
    if (!byLang.has(lang)) byLang.set(lang, { lang, doc, text: member.text, statesDate: statesClusterDate(cluster, member) });
  }
  return [...byLang.values()].sort((a, b) => LANG_PREFERENCE[a.lang] - LANG_PREFERENCE[b.lang]);
}

function toEvent(cluster: Cluster): TimelineEvent {
  const texts = eventTexts(cluster);
  const sources = new Map<string, SourceRef>();
  for (const member of cluster.members) if (!sources.has(member.source.doc)) sources.set(member.source.doc, member.source);
  const reported = new Set(cluster.members.flatMap((member) => member.reported));
  const event: TimelineEvent = {
    date: cluster.value.date,
    end: cluster.value.end,
    precision: cluster.value.precision,
    text: texts[0]!.text,
    sources: [...sources.values()].sort(
      (a, b) => LANG_PREFERENCE[a.lang] - LANG_PREFERENCE[b.lang] || a.published.localeCompare(b.published) || a.doc.localeCompare(b.doc),
    ),
    kinds: timelineKindsOf(reported),
    subkinds: EVENT_KINDS.filter((kind) => reported.has(kind)),
    texts,
  };
  // The default telling is what an English reader would be shown, its article first among the sources.
  return eventInLanguage(event, 'en');
}
