import type { TimelineEvent, TimelineQuery } from '../engine-types.ts';
import { classifyEventKinds, EVENT_KIND_LABELS, EVENT_KINDS, keyNamesIn, type EventKind } from './lexicon.ts';

/** Discord shows at most 25 autocomplete choices. */
export const MAX_TOPIC_SUGGESTIONS = 25;

/** Lower case without diacritics, so "thăm cấp nhà nước" matches "tham cap nha nuoc" and "Phạm" matches "pham". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();
}

function kindsOf(event: TimelineEvent): EventKind[] {
  const known = new Set<string>(EVENT_KINDS);
  const stored = (event.kinds ?? []).filter((k): k is EventKind => known.has(k));
  return stored.length > 0 ? stored : classifyEventKinds(event.text);
}

/**
 * Kinds a topic asks about: by label ("state visit") or id ("state-visit") exactly, else by any language's wording
 * ("điện đàm"). A specific visit ("state visit") does not also ask for every visit.
 */
function topicKinds(topic: string): Set<EventKind> {
  const folded = foldText(topic);
  const exact = EVENT_KINDS.filter((kind) => foldText(EVENT_KIND_LABELS[kind]) === folded || kind === folded.replace(/\s+/g, '-'));
  if (exact.length > 0) return new Set(exact);
  const kinds = new Set<EventKind>(classifyEventKinds(topic));
  if (kinds.has('state-visit') || kinds.has('official-visit')) kinds.delete('visit');
  return kinds;
}

/**
 * Whether an event matches a topic: one of its kinds, a key name in its text, or words of its text. The topic is
 * folded and classified once, not once per event.
 */
function topicMatcher(topic: string): (event: TimelineEvent) => boolean {
  const folded = foldText(topic);
  if (!folded) return () => true;
  const wanted = topicKinds(topic);
  return (event) => {
    if (wanted.size > 0 && kindsOf(event).some((k) => wanted.has(k))) return true;
    // Names come from the event's own text: a source title names the article's subject, not this event's actors.
    const names = keyNamesIn(event.text);
    if (names.some((name) => foldText(name).includes(folded))) return true;
    return foldText(event.text).includes(folded);
  };
}

const startYear = (event: TimelineEvent) => Number(event.date.slice(0, 4));
const endYear = (event: TimelineEvent) => Number((event.end ?? event.date).slice(0, 4));

/** Events overlapping the years [from, to] (inclusive) and matching the topic, in date order. */
export function filterTimeline(events: TimelineEvent[], query: TimelineQuery = {}): TimelineEvent[] {
  const { from, to, topic } = query;
  const matchesTopic = topic === undefined ? () => true : topicMatcher(topic);
  return events.filter(
    (event) => (from === undefined || endYear(event) >= from) && (to === undefined || startYear(event) <= to) && matchesTopic(event),
  );
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
    for (const name of new Set(keyNamesIn(event.text))) bump(name);
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
