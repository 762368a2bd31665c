import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { REAL_CORPUS } from '../../reliability/support/bot-harness.ts';

/** A seed article's body paragraphs and front matter, read from the real corpus (never downloaded). */
export function seed(file: string): { paragraphs: string[]; data: Record<string, unknown> } {
  const parsed = matter(readFileSync(join(REAL_CORPUS, file), 'utf8'));
  const paragraphs = parsed.content
    .split(/\n\s*\n/u)
    .map((block) => block.trim())
    .filter(Boolean);
  return { paragraphs, data: parsed.data as Record<string, unknown> };
}

const escape = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

export interface PageOptions {
  title: string;
  paragraphs: string[];
  lang?: string;
  /** JSON-LD NewsArticle fields; omitted = a page with meta tags only. */
  jsonLd?: Record<string, unknown>;
  meta?: { ogTitle?: string; siteName?: string; publishedTime?: string; canonical?: string };
}

/** A news-site page around an article: navigation, a cookie banner, share buttons, a related-articles list, a footer. */
export function newsPage(options: PageOptions): string {
  const head = [
    `<meta charset="utf-8">`,
    `<title>${escape(options.title)} | News site</title>`,
    options.meta?.ogTitle ? `<meta property="og:title" content="${escape(options.meta.ogTitle)}">` : '',
    options.meta?.siteName ? `<meta property="og:site_name" content="${escape(options.meta.siteName)}">` : '',
    options.meta?.publishedTime ? `<meta property="article:published_time" content="${escape(options.meta.publishedTime)}">` : '',
    options.meta?.canonical ? `<link rel="canonical" href="${escape(options.meta.canonical)}">` : '',
    options.jsonLd ? `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', ...options.jsonLd })}</script>` : '',
  ].join('\n');
  const nav = ['Home', 'World', 'Politics', 'Business', 'Sports', 'Culture', 'Travel', 'Video'].map((item) => `<li><a href="/${item.toLowerCase()}">${item}</a></li>`).join('');
  const related = ['Vietnam, Laos boost cooperation in education', 'Weather: heavy rain expected in the north', 'Five things to do in Hà Nội this weekend']
    .map((item, i) => `<li><a href="/related-${i}">${escape(item)}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
${head}
</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button> <button>Settings</button></div>
<header><nav><ul>${nav}</ul></nav><form><input placeholder="Search"></form></header>
<main>
<article>
<h1>${escape(options.title)}</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
${options.paragraphs.map((paragraph) => `<p>${escape(paragraph)}</p>`).join('\n')}
</article>
<aside class="related"><h3>Related articles</h3><ul>${related}</ul></aside>
</main>
<footer><p>© 2025 News site. All rights reserved.</p><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></footer>
</body>
</html>`;
}

/** A section front: headlines and navigation, no article. */
export function navigationOnlyPage(): string {
  const links = Array.from({ length: 12 }, (_, i) => `<li><a href="/story-${i}">Headline number ${i + 1} about the region</a></li>`).join('');
  return `<!doctype html><html lang="en"><head><title>World | News site</title><meta property="og:site_name" content="News site"></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><h1>World</h1><ul>${links}</ul></main><footer>© 2025 News site</footer></body></html>`;
}

export interface FeedEntry {
  link: string;
  title: string;
  pubDate: string;
  /** HTML given as the item's content:encoded. */
  content?: string;
}

export function rssFeed(title: string, entries: FeedEntry[]): string {
  const items = entries
    .map((entry) => `<item><title>${escape(entry.title)}</title><link>${escape(entry.link)}</link><guid>${escape(entry.link)}</guid><pubDate>${entry.pubDate}</pubDate><description>Summary.</description>${entry.content === undefined ? '' : `<content:encoded><![CDATA[${entry.content}]]></content:encoded>`}</item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${escape(title)}</title><link>http://example.invalid/</link><description>Latest news</description>
${items}
</channel></rss>`;
}
