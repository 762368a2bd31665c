import { isRealIsoDate } from '../corpus/front-matter.ts';
import { LANGUAGES, type Lang } from '../domain.ts';
import { findDates } from '../timeline/dates.ts';

/**
 * Article metadata read from a page, each value with where it came from, most trusted source first:
 * JSON-LD (NewsArticle and kin), then OpenGraph/meta/link tags and `<html lang>`, then a dateline in the text.
 * Nothing is guessed: a field no source gives stays undefined, and the caller asks for it with a flag.
 */
export interface Sourced<T> {
  value: T;
  from: string;
}

export interface PageMetadata {
  title?: Sourced<string>;
  /** `<title>`: the last resort for the title, after a feed item's title, since it usually carries the site's name. */
  documentTitle?: Sourced<string>;
  outlet?: Sourced<string>;
  published?: Sourced<string>;
  /** The language the page declares (not checked yet: see language.ts). */
  declaredLang?: Sourced<string>;
  canonicalUrl?: Sourced<string>;
}

type Json = unknown;
/** Minimal DOM surface used here, so that linkedom's and the standard DOM's types both fit. */
interface Doc {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; textContent: string | null }>;
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
}

const ARTICLE_TYPES = ['NewsArticle', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'Article', 'BlogPosting', 'Report'];

function typesOf(node: Record<string, Json>): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

/** Every object in the JSON-LD scripts of a page, @graph and arrays flattened. Unparsable scripts are skipped. */
function jsonLdNodes(document: Doc): Record<string, Json>[] {
  const nodes: Record<string, Json>[] = [];
  const visit = (value: Json, depth: number) => {
    if (depth > 4 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((item) => visit(item, depth + 1));
    const node = value as Record<string, Json>;
    nodes.push(node);
    if (node['@graph'] !== undefined) visit(node['@graph'], depth + 1);
  };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0);
    } catch {
      // A broken JSON-LD block is common; the meta tags are read next.
    }
  }
  return nodes;
}

function text(value: Json): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === 'object') {
    const node = value as Record<string, Json>;
    return text(node.name) ?? text(node['@id']) ?? text(node.alternateName) ?? text(node.url);
  }
  return undefined;
}

/** The date a publisher wrote, YYYY-MM-DD: the date part of an ISO timestamp is the publisher's own local date. */
export function isoDateOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const iso = /^\s*(\d{4}-\d{2}-\d{2})/u.exec(value)?.[1];
  if (iso && isRealIsoDate(iso)) return iso;
  // RFC 822 dates of RSS (`Tue, 14 Jan 2025 07:00:00 +0700`): the day as written, not as converted to UTC.
  const rfc = /(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{4})/iu.exec(value);
  if (rfc) {
    const month = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(rfc[2]!.toLowerCase()) + 1;
    const date = `${rfc[3]}-${String(month).padStart(2, '0')}-${rfc[1]!.padStart(2, '0')}`;
    if (isRealIsoDate(date)) return date;
  }
  return undefined;
}

/** `vi-VN`, `en_US`, `in` (the old code for Indonesian) → a two-letter code, lower case. */
export function languageCodeOf(value: string | undefined): string | undefined {
  const code = value?.trim().toLowerCase().split(/[-_]/u)[0];
  if (!code || !/^[a-z]{2,3}$/u.test(code)) return undefined;
  return code === 'in' ? 'id' : code;
}

function first<T>(...candidates: Array<Sourced<T | undefined> | undefined>): Sourced<T> | undefined {
  for (const candidate of candidates) if (candidate && candidate.value !== undefined) return candidate as Sourced<T>;
  return undefined;
}

function meta(document: Doc, selector: string): string | undefined {
  return document.querySelector(selector)?.getAttribute('content')?.trim() || undefined;
}

/** Reads metadata from a parsed page; `pageUrl` resolves a relative canonical link. */
export function readPageMetadata(document: Doc, pageUrl?: string): PageMetadata {
  const article = jsonLdNodes(document).find((node) => typesOf(node).some((type) => ARTICLE_TYPES.includes(type)));
  const absolute = (href: string | undefined) => {
    if (!href) return undefined;
    try {
      const url = new URL(href, pageUrl);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  };
  const mainEntity = article ? text(article.mainEntityOfPage) : undefined;

  return {
    title: first(
      { value: article ? text(article.headline) : undefined, from: 'JSON-LD headline' },
      { value: meta(document, 'meta[property="og:title"]'), from: 'og:title' },
      { value: meta(document, 'meta[name="twitter:title"]'), from: 'twitter:title' },
    ),
    documentTitle: first({ value: document.querySelector('title')?.textContent?.replace(/\s+/gu, ' ').trim() || undefined, from: '<title>' }),
    outlet: first(
      { value: article ? text(article.publisher) : undefined, from: 'JSON-LD publisher' },
      { value: meta(document, 'meta[property="og:site_name"]'), from: 'og:site_name' },
      { value: meta(document, 'meta[name="application-name"]'), from: 'application-name' },
    ),
    published: first(
      { value: isoDateOf(article ? text(article.datePublished) : undefined), from: 'JSON-LD datePublished' },
      { value: isoDateOf(meta(document, 'meta[property="article:published_time"]')), from: 'article:published_time' },
      { value: isoDateOf(meta(document, 'meta[itemprop="datePublished"]')), from: 'itemprop datePublished' },
      { value: isoDateOf(meta(document, 'meta[name="pubdate"]') ?? meta(document, 'meta[name="publishdate"]') ?? meta(document, 'meta[name="date"]')), from: 'meta date' },
      { value: isoDateOf(meta(document, 'meta[name="dc.date"]') ?? meta(document, 'meta[name="DC.date.issued"]')), from: 'Dublin Core date' },
      { value: isoDateOf(document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined), from: '<time datetime>' },
    ),
    declaredLang: first(
      { value: languageCodeOf(article ? text(article.inLanguage) : undefined), from: 'JSON-LD inLanguage' },
      { value: languageCodeOf(document.querySelector('html')?.getAttribute('lang') ?? undefined), from: '<html lang>' },
      { value: languageCodeOf(meta(document, 'meta[property="og:locale"]')), from: 'og:locale' },
      { value: languageCodeOf(meta(document, 'meta[http-equiv="content-language"]')), from: 'Content-Language' },
    ),
    canonicalUrl: first(
      { value: absolute(article ? text(article.url) : undefined), from: 'JSON-LD url' },
      { value: absolute(mainEntity), from: 'JSON-LD mainEntityOfPage' },
      { value: absolute(document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined), from: 'link rel=canonical' },
      { value: absolute(meta(document, 'meta[property="og:url"]')), from: 'og:url' },
    ),
  };
}

/** Characters of the text's beginning searched for a dateline ("HÀ NỘI, 14/1/2025 —", "date 2025-01-14"). */
const DATELINE_WINDOW = 300;

/**
 * A dateline: the first full date (day, month and year written out) near the start of the text. Relative dates
 * ("on Tuesday") and years alone are not datelines.
 */
export function datelineOf(text: string, lang: Lang): string | undefined {
  const window = text.slice(0, DATELINE_WINDOW);
  // The reference date only resolves relative mentions, which are skipped anyway.
  const mention = findDates(window, { lang, published: '2000-01-01' }).find((m) => !m.relative && !m.anniversarySpan && m.value.precision === 'day' && m.value.end === null);
  return mention && isRealIsoDate(mention.value.date) ? mention.value.date : undefined;
}

export function isServedLanguage(code: string | undefined): code is Lang {
  return (LANGUAGES as readonly string[]).includes(code ?? '');
}
