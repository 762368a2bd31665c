/**
 * The shared vocabulary of the pipeline: corpus → passages → index → retrieval → reply.
 * Each stage owns its own module; these are the shapes that cross stage boundaries.
 */

export const LANGUAGES = ['vi', 'id', 'en', 'ru'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** True when `value` is one of the supported language codes (for input from users, buttons and files). */
export function isLang(value: unknown): value is Lang {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** Front matter of one article in `corpus/`. Validated by the corpus loader. */
export interface DocumentMeta {
  id: string;
  title: string;
  outlet: string;
  url?: string | undefined;
  lang: Lang;
  /** ISO date, YYYY-MM-DD. */
  published: string;
  /** Set when the text is a translation of an article first written in another language. */
  translated_from?: Lang | undefined;
}

/** A paragraph-level block of article text that survived clutter removal. Offsets index into `CorpusDocument.body`. */
export interface TextBlock {
  text: string;
  start: number;
  end: number;
}

export interface CorpusDocument {
  meta: DocumentMeta;
  /** Path relative to the corpus folder. */
  path: string;
  /** The article body as written in the file, after the front matter. Offsets refer to this string. */
  body: string;
  /** Paragraph blocks of `body` that are article content (clutter removed), in order. */
  blocks: TextBlock[];
  /** sha256 (hex) of the whole file, used by the index manifest to detect a changed corpus. */
  contentHash: string;
  /** Where an article added by `npm run add` came from (front matter source_url, retrieved_at, extraction). */
  provenance?: Provenance;
}

export interface Provenance {
  sourceUrl?: string;
  retrievedAt?: string;
  extraction?: string;
}

export interface Passage {
  /** Stable id: `${docId}#${ordinal}`. */
  id: string;
  docId: string;
  text: string;
  /** Character offsets of the passage in its document's `body`. */
  start: number;
  end: number;
  /** sha256 (hex) of `text`, the key of the embedding cache. */
  textHash: string;
  meta: DocumentMeta;
}

/** Where a quote or an event came from, as shown to users and in the JSON contracts. */
export interface SourceRef {
  doc: string;
  title: string;
  outlet: string;
  url: string | null;
  lang: Lang;
  published: string;
}

export function sourceOf(meta: DocumentMeta): SourceRef {
  return {
    doc: meta.id,
    title: meta.title,
    outlet: meta.outlet,
    url: meta.url ?? null,
    lang: meta.lang,
    published: meta.published,
  };
}
