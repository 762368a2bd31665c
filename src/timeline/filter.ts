import type { TimelineEvent, TimelineQuery } from '../engine-types.ts';
import { classifyEventKinds, EVENT_KIND_LABELS, EVENT_KINDS, keyNamesIn, type EventKind } from './lexicon.ts';
import { eventInLanguage } from './localize.ts';

/** Discord shows at most 25 autocomplete choices. */
export const MAX_TOPIC_SUGGESTIONS = 25;

/** Lower case without diacritics, so "thăm cấp nhà nước" matches "tham cap nha nuoc" and "Phạm" matches "pham". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The finer kinds of an event (stored at build time; an event without them is classified from its text). */
function kindsOf(event: TimelineEvent): EventKind[] {
  const known = new Set<string>(EVENT_KINDS);
  const stored = (event.subkinds ?? []).filter((k): k is EventKind => known.has(k));
  return stored.length > 0 ? stored : classifyEventKinds(event.text);
}

/** The event's text in every language it is told in: a topic in any language may match any of them. */
function textsOf(event: TimelineEvent): string[] {
  return event.texts && event.texts.length > 0 ? event.texts.map((t) => t.text) : [event.text];
}

/** Kinds a topic names exactly, by label ("state visit") or id ("state-visit"). */
function exactTopicKinds(topic: string): EventKind[] {
  const folded = foldText(topic);
  return EVENT_KINDS.filter((kind) => foldText(EVENT_KIND_LABELS[kind]) === folded || kind === folded.replace(/\s+/g, '-'));
}

/** Kinds a topic's words ask about in any language ("điện đàm"). A specific visit ("state visit") does not also ask for every visit. */
function topicKinds(topic: string): Set<EventKind> {
  const kinds = new Set<EventKind>(classifyEventKinds(topic));
  if (kinds.has('state-visit') || kinds.has('official-visit')) kinds.delete('visit');
  return kinds;
}

/**
 * Whether an event matches a topic. A topic that names a kind exactly ("visit", "state visit", as autocomplete
 * offers them) asks for events of that kind only: the word "visit" in a text about a treaty does not make it a
 * visit. Any other topic matches one of the kinds its words name, a key name in the event's texts, or words of them.
 * The topic is folded and classified once, not once per event.
 */
function topicMatcher(topic: string): (event: TimelineEvent) => boolean {
  const folded = foldText(topic);
  if (!folded) return () => true;
  const exact = new Set(exactTopicKinds(topic));
  if (exact.size > 0) return (event) => kindsOf(event).some((k) => exact.has(k));
  const wanted = topicKinds(topic);
  return (event) => {
    if (wanted.size > 0 && kindsOf(event).some((k) => wanted.has(k))) return true;
    // Names come from the event's own texts: a source title names the article's subject, not this event's actors.
    const texts = textsOf(event);
    if (texts.some((text) => keyNamesIn(text).some((name) => foldText(name).includes(folded)))) return true;
    return texts.some((text) => foldText(text).includes(folded));
  };
}

const startYear = (event: TimelineEvent) => Number(event.date.slice(0, 4));
const endYear = (event: TimelineEvent) => Number((event.end ?? event.date).slice(0, 4));

/**
 * Events overlapping the years [from, to] (inclusive), of the kind asked for and matching the topic, in date order;
 * with `lang`, each told in that language where a source in it reports the event (see eventInLanguage).
 */
export function filterTimeline(events: TimelineEvent[], query: TimelineQuery = {}): TimelineEvent[] {
  const { from, to, topic, kind, lang } = query;
  const matchesTopic = topic === undefined ? () => true : topicMatcher(topic);
  const selected = events.filter(
    (event) =>
      (from === undefined || endYear(event) >= from) &&
      (to === undefined || startYear(event) <= to) &&
      (kind === undefined || event.kinds.includes(kind)) &&
      matchesTopic(event),
  );
  return lang === undefined ? selected : selected.map((event) => eventInLanguage(event, lang));
}

/**
 * Topics for autocomplete: the event kinds present (in asker-friendly words) and the key names mentioned,
 * most frequent first, filtered by a diacritic-insensitive prefix of any of their words.
 */
export function timelineTopics(events: TimelineEvent[], prefix: string): string[] {
  const counts = new Map<string, number>();
  const bump = (topic: string) => counts.set(topic, (counts.get(topic) ?? 0) + 1);
  for (const event of events) {
    for (const kind of new Set(kindsOf(event))) bump(EVENT_KIND_LABELS[kind]);
    for (const name of new Set(textsOf(event).flatMap(keyNamesIn))) bump(name);
  }
  const wanted = foldText(prefix);
  const matches = (topic: string) => {
    const folded = foldText(topic);
    return !wanted || folded.startsWith(wanted) || folded.split(/[\s(),-]+/).some((word) => word.startsWith(wanted));
  };
  return [...counts.entries()]
    .filter(([topic]) => matches(topic))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_TOPIC_SUGGESTIONS)
    .map(([topic]) => topic);
}
