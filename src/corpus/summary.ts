import { LANGUAGES, sourceOf, type DocumentMeta, type Lang, type SourceRef } from '../domain.ts';

/** What `/sources` shows: the corpus being served, counted. */
export interface SourcesSummary {
  articles: number;
  byLang: Record<Lang, number>;
  /** Most articles first, then by name. */
  byOutlet: Array<{ outlet: string; articles: number }>;
  /** Earliest and latest publication dates, YYYY-MM-DD; null for an empty corpus. */
  first: string | null;
  last: string | null;
  /** The newest articles, newest first. */
  newest: SourceRef[];
}

export const NEWEST_SHOWN = 5;

/** Counts articles (each once, however many passages it has) by language and outlet, with the date range. Pure. */
export function summariseSources(metas: Iterable<DocumentMeta>): SourcesSummary {
  const byId = new Map<string, DocumentMeta>();
  for (const meta of metas) if (!byId.has(meta.id)) byId.set(meta.id, meta);
  const articles = [...byId.values()];
  const byLang = Object.fromEntries(LANGUAGES.map((lang) => [lang, 0])) as Record<Lang, number>;
  const outlets = new Map<string, number>();
  for (const meta of articles) {
    byLang[meta.lang]++;
    outlets.set(meta.outlet, (outlets.get(meta.outlet) ?? 0) + 1);
  }
  const byDate = [...articles].sort((a, b) => (a.published < b.published ? 1 : a.published > b.published ? -1 : a.id < b.id ? -1 : 1));
  return {
    articles: articles.length,
    byLang,
    byOutlet: [...outlets.entries()].map(([outlet, count]) => ({ outlet, articles: count })).sort((a, b) => b.articles - a.articles || (a.outlet < b.outlet ? -1 : 1)),
    first: byDate.at(-1)?.published ?? null,
    last: byDate[0]?.published ?? null,
    newest: byDate.slice(0, NEWEST_SHOWN).map(sourceOf),
  };
}
