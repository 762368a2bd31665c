import type { SourceRef } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';
import type { TimelineKind } from './lexicon.ts';

/** The stable `--json` contract of `npm run timeline`: exactly these fields, in this order (add, never rename). */
export interface TimelineEventJson {
  date: string;
  end: string | null;
  precision: TimelineEvent['precision'];
  text: string;
  sources: SourceRef[];
  kinds: TimelineKind[];
}

export function timelineEventToJson(event: TimelineEvent): TimelineEventJson {
  return {
    date: event.date,
    end: event.end,
    precision: event.precision,
    text: event.text,
    sources: event.sources.map((s) => ({ doc: s.doc, title: s.title, outlet: s.outlet, url: s.url, lang: s.lang, published: s.published })),
    kinds: event.kinds,
  };
}
