import { z } from 'zod';
import { LANGUAGES, type DocumentMeta, type Provenance } from '../domain.ts';
import { MAX_NOTES_LENGTH, MAX_OUTLET_LENGTH, MAX_TITLE_LENGTH, MAX_URL_LENGTH } from '../limits.ts';

/** Ids end up in passage ids (`${id}#${n}`), URLs of the index and Discord buttons, so they stay plain ASCII. */
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 120;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a calendar date that exists (rejects 2025-02-30, which `new Date` would silently roll over). */
export function isRealIsoDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** How the text of an article added by `npm run add` was obtained (front matter `extraction`). */
// 'feed-item': the text of a feed item's own content, taken when its page could not be read.
export const EXTRACTION_METHODS = ['readability', 'text-file', 'feed-item'] as const;
export type ExtractionMethod = (typeof EXTRACTION_METHODS)[number];

const tooLong = (limit: number, name: string) => `is too long (the limit is ${name} = ${limit} characters)`;

/** A required one-line text field: trimmed, not empty, and at most `limit` characters (see src/limits.ts). */
function boundedText(limit: number, name: string) {
  return z
    .string({ error: 'is required' })
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(limit, { message: tooLong(limit, name) });
}

// The length is checked before the URL is parsed, so a huge value is refused without being parsed.
const httpUrl = z
  .string({ error: 'must be an http(s) URL' })
  .max(MAX_URL_LENGTH, { message: tooLong(MAX_URL_LENGTH, 'MAX_URL_LENGTH') })
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));

const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .refine(isRealIsoDate, { message: 'must be a real calendar date written YYYY-MM-DD' });

/**
 * Front matter of one corpus article. Strict, so that a misspelt key (`translated-from`) is reported instead of
 * silently ignored. `notes` is free text for provenance (how title, outlet or date were established); it is not
 * part of DocumentMeta and never shown to users.
 */
export const frontMatterSchema = z
  .strictObject({
    id: z
      .string({ error: 'is required (a slug such as 2025-01-14-vns-mishustin-visit-en)' })
      .max(MAX_ID_LENGTH)
      .regex(SLUG_PATTERN, { message: 'must be a slug: lower-case letters, digits and single hyphens' }),
    title: boundedText(MAX_TITLE_LENGTH, 'MAX_TITLE_LENGTH'),
    outlet: boundedText(MAX_OUTLET_LENGTH, 'MAX_OUTLET_LENGTH'),
    url: httpUrl.optional(),
    lang: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` }),
    published: isoDate,
    translated_from: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` }).optional(),
    notes: z.string().max(MAX_NOTES_LENGTH, { message: tooLong(MAX_NOTES_LENGTH, 'MAX_NOTES_LENGTH') }).optional(),
    // Provenance written by `npm run add`: where the text was fetched, when, and how it was extracted.
    source_url: httpUrl.optional(),
    retrieved_at: z.iso.datetime({ offset: true, error: 'must be an ISO date and time such as 2026-12-07T03:20:59Z' }).optional(),
    extraction: z.enum(EXTRACTION_METHODS, { error: `must be one of ${EXTRACTION_METHODS.join(', ')}` }).optional(),
  })
  .refine((meta) => meta.translated_from === undefined || meta.translated_from !== meta.lang, {
    path: ['translated_from'],
    message: 'must differ from lang',
  });

export interface FieldProblem {
  field: string;
  message: string;
}

export type FrontMatterResult = { ok: true; meta: DocumentMeta; provenance?: Provenance } | { ok: false; problems: FieldProblem[] };

/**
 * YAML turns an unquoted `published: 2025-01-14` into a Date (and rolls 2025-02-30 over to March), so dates are
 * re-read from the raw front matter text where the author wrote them. Keys are compared as strings, never turned
 * into patterns: a key is author input, and `"("` or `" *(x+x+)+y"` must neither crash nor hang the loader. A quoted
 * key (`"published": 2025-02-30`) is found the same way, so the calendar check cannot be bypassed.
 */
const TOP_LEVEL_LINE = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s:#'"][^:\n]*?))[ \t]*:[ \t]*(.*)$/;

function rawValuesByKey(rawMatter: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of rawMatter.split('\n')) {
    const match = TOP_LEVEL_LINE.exec(line);
    if (match === null) continue;
    const key = match[1] ?? match[2] ?? match[3]!;
    if (!values.has(key)) values.set(key, rawScalar(match[4]!));
  }
  return values;
}

/** The written scalar: a trailing comment and surrounding quotes removed. */
function rawScalar(text: string): string {
  let value = text.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) return value.slice(1, value.indexOf(quote, 1));
  const comment = value.indexOf(' #');
  if (comment >= 0) value = value.slice(0, comment);
  return value.trim();
}

function withRawDates(data: Record<string, unknown>, rawMatter: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  let raw: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(data)) {
    if (!(value instanceof Date)) continue;
    raw ??= rawValuesByKey(rawMatter);
    out[key] = raw.get(key) ?? value.toISOString().slice(0, 10);
  }
  return out;
}

/** Validates parsed front matter; returns every problem rather than the first. */
export function validateFrontMatter(data: Record<string, unknown>, rawMatter: string): FrontMatterResult {
  const parsed = frontMatterSchema.safeParse(withRawDates(data, rawMatter));
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        field: issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? 'front matter' : '(root)',
        message: issue.message,
      })),
    };
  }
  // Notes and provenance are for people and for `npm run add`'s duplicate check; they never reach the index.
  const { notes: _notes, source_url, retrieved_at, extraction, ...meta } = parsed.data;
  const provenance: Provenance = {};
  if (source_url !== undefined) provenance.sourceUrl = source_url;
  if (retrieved_at !== undefined) provenance.retrievedAt = retrieved_at;
  if (extraction !== undefined) provenance.extraction = extraction;
  return Object.keys(provenance).length > 0 ? { ok: true, meta, provenance } : { ok: true, meta };
}
