import type { CorpusDocument } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';

// STUB (signature only) — being implemented by the timeline helper.
/** Extracts dated events about the relationship from every document and merges the same event across sources. */
export function extractTimeline(documents: CorpusDocument[]): TimelineEvent[] {
  return documents.length < 0 ? [] : [];
}
