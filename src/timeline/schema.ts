import { z } from 'zod';
import { LANGUAGES } from '../domain.ts';
import { TIMELINE_KINDS } from './lexicon.ts';

/** The on-disk form of the timeline (`timeline.json` in an index generation). Owned here, read by the index too. */
export const sourceRefSchema = z.looseObject({
  doc: z.string(),
  title: z.string(),
  outlet: z.string(),
  url: z.string().nullable(),
  lang: z.enum(LANGUAGES),
  published: z.string(),
});

export const timelineFileSchema = z.array(
  z.looseObject({
    date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/),
    end: z.string().nullable(),
    precision: z.enum(['year', 'month', 'day']),
    text: z.string(),
    sources: z.array(sourceRefSchema),
    kinds: z.array(z.enum(TIMELINE_KINDS)).min(1),
    subkinds: z.array(z.string()).optional(),
    texts: z.array(z.looseObject({ lang: z.enum(LANGUAGES), doc: z.string(), text: z.string(), statesDate: z.boolean().optional() })).optional(),
  }),
);
