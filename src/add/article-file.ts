import type { Lang } from '../domain.ts';
import type { ExtractionMethod } from '../corpus/front-matter.ts';
import { normaliseForDedupe } from '../passages/dedupe.ts';
import { MAX_SLUG_LENGTH } from '../limits.ts';

export interface NewArticle {
  id: string;
  title: string;
  outlet: string;
  url?: string;
  lang: Lang;
  published: string;
  sourceUrl?: string;
  retrievedAt: string;
  extraction: ExtractionMethod;
  /** How each field was established, for maintainers (front matter `notes`). */
  notes: string;
  paragraphs: string[];
}

/**
 * An ASCII slug of a title: diacritics folded (đ → d), letters and digits kept, at most MAX_SLUG_LENGTH characters
 * cut at a word. Titles in Cyrillic have no ASCII letters; they get the fallback.
 */
export function slugOf(title: string, fallback = 'article'): string {
  const words = normaliseForDedupe(title)
    .split(' ')
    .map((word) => word.replace(/[^a-z0-9]/gu, ''))
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  return slug || fallback;
}

/** `<published>-<slug>-<lang>`, the corpus convention; `taken` ids get -2, -3, … */
export function articleId(published: string, title: string, lang: Lang, taken: ReadonlySet<string>): string {
  const base = `${published}-${slugOf(title)}-${lang}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * A YAML scalar for any string: JSON's double-quoted strings are valid YAML, so whatever the page holds (`: `, `#`,
 * quotes, a leading `---`, newlines) is read back as the same string and never as another type or a second key.
 */
const scalar = (value: string) => JSON.stringify(value);

/** The article file: YAML front matter the loader's schema accepts, then one paragraph per block, blank-line separated. */
export function renderArticle(article: NewArticle): string {
  const lines = ['---', `id: ${article.id}`, `title: ${scalar(article.title)}`, `outlet: ${scalar(article.outlet)}`];
  if (article.url) lines.push(`url: ${scalar(article.url)}`);
  lines.push(`lang: ${article.lang}`, `published: ${article.published}`);
  if (article.sourceUrl) lines.push(`source_url: ${scalar(article.sourceUrl)}`);
  lines.push(`retrieved_at: ${scalar(article.retrievedAt)}`, `extraction: ${article.extraction}`, `notes: ${scalar(article.notes)}`, '---');
  return `${lines.join('\n')}\n${article.paragraphs.join('\n\n')}\n`;
}
