import type { Lang } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';

/**
 * The event as an asker of `lang` should see it: told by a source in their language where one reports it, else in
 * English, else in the first language that does (the event's texts are in that order). The article quoted comes
 * first among the sources; the others follow as they were. Corpus text is chosen, never translated.
 */
export function eventInLanguage(event: TimelineEvent, lang: Lang): TimelineEvent {
  const texts = event.texts ?? [];
  const chosen = texts.find((t) => t.lang === lang) ?? texts.find((t) => t.lang === 'en') ?? texts[0];
  if (!chosen) return event;
  const quoted = event.sources.filter((s) => s.doc === chosen.doc);
  return { ...event, text: chosen.text, sources: [...quoted, ...event.sources.filter((s) => s.doc !== chosen.doc)] };
}
