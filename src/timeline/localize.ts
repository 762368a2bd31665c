import type { Lang } from '../domain.ts';
import type { EventText, TimelineEvent } from '../engine-types.ts';

/**
 * The telling an asker of `lang` should see. A timeline entry is a date with its evidence, so a text that states
 * the entry's date comes first, whatever its language: "(1950-2025)" in English does not show that relations began
 * on 30 January 1950, "Pada tanggal 30 Januari 1950" does, and dates read alike in every language. Among texts
 * equally good at that: the asker's language, else English, else the first (texts are in LANG_PREFERENCE order).
 * Texts that do not record `statesDate` (timelines written before it was) count as stating it.
 */
export function textFor(texts: readonly EventText[], lang: Lang): EventText | undefined {
  const states = texts.filter((t) => t.statesDate !== false);
  const pool = states.length > 0 ? states : texts;
  return pool.find((t) => t.lang === lang) ?? pool.find((t) => t.lang === 'en') ?? pool[0];
}

/**
 * The event as an asker of `lang` should see it (see textFor). The article quoted comes first among the sources;
 * the others follow as they were. Corpus text is chosen, never translated.
 */
export function eventInLanguage(event: TimelineEvent, lang: Lang): TimelineEvent {
  const chosen = textFor(event.texts ?? [], lang);
  if (!chosen) return event;
  const quoted = event.sources.filter((s) => s.doc === chosen.doc);
  return { ...event, text: chosen.text, sources: [...quoted, ...event.sources.filter((s) => s.doc !== chosen.doc)] };
}
