import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BotError } from '../errors.ts';
import { MAX_FEED_ITEMS } from '../limits.ts';
import { isoDateOf } from './metadata.ts';

export interface FeedItem {
  link: string;
  title?: string;
  published?: string;
  /**
   * The item's own text as the feed gives it (HTML): RSS content:encoded, else description; Atom content, else
   * summary. Used when the page itself cannot be read (see addFeedItem).
   */
  content?: string;
}

export interface Feed {
  title?: string;
  items: FeedItem[];
  /** Items past MAX_FEED_ITEMS that were left out. */
  leftOut: number;
}

/** True when the text's root element is an RSS, Atom or RDF feed (looked for after any prolog and comments). */
export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 2000).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/giu, '').trimStart();
  return /^<(?:rss|feed|rdf:RDF)[\s>]/u.test(head);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Entities declared in a DOCTYPE are not expanded: a feed has no use for them, and they are the billion-laughs hole.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
  textNodeName: '#text',
});

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (value && typeof value === 'object') return textOf((value as Record<string, unknown>)['#text']);
  return undefined;
}

/** An Atom entry's article link: rel="alternate" (or no rel), else the first with an href; an RSS link's text. */
function linkOf(value: unknown): string | undefined {
  const links = Array.isArray(value) ? value : [value];
  const withHref = links.filter((link): link is Record<string, unknown> => typeof link === 'object' && link !== null && typeof (link as Record<string, unknown>)['@_href'] === 'string');
  const alternate = withHref.find((link) => link['@_rel'] === undefined || link['@_rel'] === 'alternate') ?? withHref[0];
  if (alternate) return String(alternate['@_href']).trim();
  return textOf(links[0]);
}

/**
 * Reads an RSS 2.0, RSS 1.0 (RDF) or Atom feed: its title, and each item's link, title and date. A document that
 * is not well-formed XML, or well-formed but not a feed, is FEED_INVALID with the parser's reason.
 */
export function parseFeed(xml: string): Feed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new BotError('FEED_INVALID', `the feed is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new BotError('FEED_INVALID', `the feed cannot be read (${(error as Error).message})`, { cause: error });
  }
  const rss = tree.rss as Record<string, unknown> | undefined;
  const rdf = tree['rdf:RDF'] as Record<string, unknown> | undefined;
  const atom = tree.feed as Record<string, unknown> | undefined;
  let title: string | undefined;
  let rawItems: unknown[];
  if (rss && typeof rss === 'object') {
    const channel = (rss.channel ?? {}) as Record<string, unknown>;
    title = textOf(channel.title);
    rawItems = (channel.item as unknown[] | undefined) ?? [];
  } else if (rdf && typeof rdf === 'object') {
    title = textOf((rdf.channel as Record<string, unknown> | undefined)?.title);
    rawItems = (rdf.item as unknown[] | undefined) ?? [];
  } else if (atom && typeof atom === 'object') {
    title = textOf(atom.title);
    rawItems = (atom.entry as unknown[] | undefined) ?? [];
  } else {
    throw new BotError('FEED_INVALID', 'the document is XML but not an RSS or Atom feed (its root is not <rss>, <feed> or <rdf:RDF>)');
  }
  const items: FeedItem[] = [];
  for (const raw of rawItems) {
    if (!raw || typeof raw !== 'object') continue;
    const item = raw as Record<string, unknown>;
    const link = linkOf(item.link) ?? (item.guid && (item.guid as Record<string, unknown>)['@_isPermaLink'] !== 'false' ? textOf(item.guid) : undefined);
    if (!link) continue;
    const content = textOf(item['content:encoded']) ?? textOf(item.content) ?? textOf(item.description) ?? textOf(item.summary);
    items.push({
      link,
      title: textOf(item.title),
      published: isoDateOf(textOf(item.pubDate) ?? textOf(item.published) ?? textOf(item['dc:date']) ?? textOf(item.updated)),
      ...(content === undefined ? {} : { content }),
    });
  }
  if (items.length === 0) throw new BotError('FEED_INVALID', 'the feed has no items with a link');
  return { title, items: items.slice(0, MAX_FEED_ITEMS), leftOut: Math.max(0, items.length - MAX_FEED_ITEMS) };
}
