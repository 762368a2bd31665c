import { randomUUID } from 'node:crypto';
import { rename, stat, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArticle } from '../corpus/loader.ts';
import type { ExtractionMethod } from '../corpus/front-matter.ts';
import type { Lang } from '../domain.ts';
import { BotError, errorCodeOf, isBotError, type ErrorCode } from '../errors.ts';
import { MAX_FETCH_BYTES, MIN_ARTICLE_TEXT_CHARS } from '../limits.ts';
import { childLogger } from '../logger.ts';
import { articleId, renderArticle, type NewArticle } from './article-file.ts';
import { CorpusView } from './corpus-view.ts';
import { extractParagraphs, feedContentParagraphs, parsePage, textFileParagraphs } from './extract.ts';
import { looksLikeFeed, parseFeed, type FeedItem } from './feed.ts';
import { decideLanguage, detectLanguage } from './language.ts';
import { datelineOf, readPageMetadata, type PageMetadata, type Sourced } from './metadata.ts';
import { fetchSafely, type FetchedResource, type FetchOptions } from './safe-fetch.ts';

const log = childLogger('add');

/** What the moderator said on the command line; used only for what the source itself does not say. */
export interface AddFlags {
  title?: string;
  outlet?: string;
  published?: string;
  lang?: Lang;
  url?: string;
}

export interface AddOptions {
  corpusDir: string;
  flags: AddFlags;
  dryRun: boolean;
  fetch: FetchOptions;
  /** The clock, for tests of the future-date rule. */
  now?: Date;
  /** Called as each source (or feed item) is decided, so a front end can print it at once. */
  onOutcome?: (outcome: SourceOutcome) => void;
}

export type SourceOutcome =
  | {
      status: 'added';
      source: string;
      file: string;
      id: string;
      title: string;
      outlet: string;
      lang: Lang;
      published: string;
      url: string | null;
      paragraphs: number;
      /** How each field was established, and any disagreement (the language detector overruling the page). */
      notes: string[];
      /** The file's text; set on a dry run, where nothing is written. */
      content?: string;
    }
  | { status: 'duplicate'; source: string; code: ErrorCode; reason: string; existing: string }
  | { status: 'refused'; source: string; code: ErrorCode; reason: string };

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/feed+json']);
const XML_TYPES = new Set(['application/xml', 'text/xml']);

/** Whole days ahead of UTC of the earliest time zone (UTC+14): a date later than today there is in the future everywhere. */
const EARLIEST_ZONE_MS = 14 * 60 * 60 * 1000;

class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly existing?: string,
  ) {
    super(message);
  }
}

/** Feed-level facts that fill what an item's page does not say (after the page's own metadata). */
interface Hints {
  title?: Sourced<string>;
  published?: Sourced<string>;
  outlet?: Sourced<string>;
}

interface Extracted {
  paragraphs: string[];
  meta: PageMetadata;
  sourceUrl?: string;
  extraction: ExtractionMethod;
  hints?: Hints;
  /** Said in the article's provenance notes (e.g. why the text came from the feed). */
  note?: string;
}

/**
 * `npm run add`: adds each source to the corpus (or says why not), one outcome per article. Sources are handled
 * one after another, and each added article is checked against those added before it in the same run.
 */
export async function addSources(sources: readonly string[], options: AddOptions): Promise<SourceOutcome[]> {
  const corpus = await CorpusView.load(options.corpusDir);
  const outcomes: SourceOutcome[] = [];
  const emit = (outcome: SourceOutcome) => {
    outcomes.push(outcome);
    options.onOutcome?.(outcome);
  };
  for (const source of sources) {
    try {
      await addSource(source, corpus, options, emit);
    } catch (error) {
      emit(outcomeOfError(source, error));
    }
  }
  return outcomes;
}

function outcomeOfError(source: string, error: unknown): SourceOutcome {
  if (error instanceof Refusal) {
    return error.existing !== undefined
      ? { status: 'duplicate', source, code: error.code, reason: error.message, existing: error.existing }
      : { status: 'refused', source, code: error.code, reason: error.message };
  }
  if (isBotError(error)) return { status: 'refused', source, code: error.code, reason: error.message };
  // Unexpected: logged with its stack for a maintainer, one line for the moderator.
  log.error({ err: error, source }, 'adding a source failed unexpectedly');
  return { status: 'refused', source, code: errorCodeOf(error), reason: 'an unexpected error (logged); nothing was written' };
}

const isHttpUrl = (source: string) => /^https?:\/\//iu.test(source);

async function addSource(source: string, corpus: CorpusView, options: AddOptions, emit: (outcome: SourceOutcome) => void): Promise<void> {
  if (isHttpUrl(source)) {
    const existing = corpus.fileWithUrl([source]);
    if (existing) throw new Refusal('DUPLICATE_URL', `already in the corpus as ${existing} (same address)`, existing);
    const resource = await fetchSafely(source, options.fetch);
    const kind = kindOfResponse(resource);
    const text = decode(resource.body, resource.charset);
    if (kind === 'feed') return addFeed(text, source, corpus, options, emit);
    emit(await finish(source, fromHtml(text, resource.url, resource.url), corpus, options));
    return;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(source) || /^(?:file|data|javascript|ftp):/iu.test(source)) {
    throw new BotError('SOURCE_INVALID', 'only http:// and https:// addresses, or files on this machine, can be added');
  }
  const { kind, text } = await readSourceFile(source);
  if (kind === 'feed') return addFeed(text, source, corpus, options, emit);
  if (kind === 'html') {
    emit(await finish(source, fromHtml(text, options.flags.url, undefined), corpus, options));
    return;
  }
  emit(await finish(source, { paragraphs: textFileParagraphs(text), meta: {}, extraction: 'text-file' }, corpus, options));
}

function kindOfResponse(resource: FetchedResource): 'html' | 'feed' {
  const head = resource.body.subarray(0, 2000).toString('latin1');
  if (FEED_TYPES.has(resource.contentType) || ((XML_TYPES.has(resource.contentType) || resource.contentType === '') && looksLikeFeed(head))) return 'feed';
  if (HTML_TYPES.has(resource.contentType)) return looksLikeFeed(head) ? 'feed' : 'html';
  const shown = resource.contentType || 'a response without a Content-Type';
  throw new BotError('NOT_AN_ARTICLE', `${resource.url} is ${shown}, not an HTML page or an RSS/Atom feed`);
}

async function readSourceFile(file: string): Promise<{ kind: 'html' | 'feed' | 'text'; text: string }> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new BotError('SOURCE_INVALID', `${JSON.stringify(file)} is not a file`);
    size = info.size;
  } catch (error) {
    if (isBotError(error)) throw error;
    throw new BotError('SOURCE_INVALID', `${JSON.stringify(file)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): give an http(s) URL or a saved .html, feed, .txt or .md file`);
  }
  if (size > MAX_FETCH_BYTES) {
    throw new BotError('FETCH_TOO_LARGE', `${JSON.stringify(file)} is over the size cap (${size.toLocaleString('en-US')} bytes; the limit is MAX_FETCH_BYTES = ${MAX_FETCH_BYTES.toLocaleString('en-US')} bytes)`);
  }
  const bytes = await readFile(file);
  if (bytes.includes(0)) throw new BotError('NOT_AN_ARTICLE', `${JSON.stringify(file)} is a binary file, not an HTML page, a feed or text`);
  const text = decode(bytes, null);
  const extension = path.extname(file).toLowerCase();
  if (looksLikeFeed(text) || ['.rss', '.atom', '.xml'].includes(extension)) return { kind: 'feed', text };
  if (['.html', '.htm', '.xhtml'].includes(extension)) return { kind: 'html', text };
  if (['.txt', '.md', '.markdown', '.text'].includes(extension)) return { kind: 'text', text };
  throw new BotError('NOT_AN_ARTICLE', `${JSON.stringify(file)} is not a saved .html page, a feed (.xml, .rss, .atom), or a .txt or .md file`);
}

/** Bytes as text in the charset the response or the page names (<meta charset>), UTF-8 otherwise. */
function decode(bytes: Buffer, declared: string | null): string {
  const sniffed = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(bytes.subarray(0, 4096).toString('latin1'))?.[1] ?? null;
  for (const label of [declared, sniffed, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // An unknown charset label: try the next.
    }
  }
  return bytes.toString('utf8');
}

function fromHtml(html: string, pageUrl: string | undefined, sourceUrl: string | undefined, hints?: Hints): Extracted {
  const document = parsePage(html);
  // Read before Readability, which rearranges the document.
  const meta = readPageMetadata(document, pageUrl);
  const paragraphs = extractParagraphs(document);
  return { paragraphs, meta, ...(sourceUrl ? { sourceUrl } : {}), extraction: 'readability', ...(hints ? { hints } : {}) };
}

async function addFeed(xml: string, source: string, corpus: CorpusView, options: AddOptions, emit: (outcome: SourceOutcome) => void): Promise<void> {
  const feed = parseFeed(xml);
  if (feed.leftOut > 0) log.warn({ source, leftOut: feed.leftOut }, `the feed has more items than MAX_FEED_ITEMS; ${feed.leftOut} left out`);
  for (const item of feed.items) {
    try {
      emit(await addFeedItem(item, feed.title, corpus, options));
    } catch (error) {
      emit(outcomeOfError(item.link, error));
    }
  }
}

async function addFeedItem(item: FeedItem, feedTitle: string | undefined, corpus: CorpusView, options: AddOptions): Promise<SourceOutcome> {
  if (!isHttpUrl(item.link)) throw new BotError('SOURCE_INVALID', `the feed item's link ${JSON.stringify(item.link.slice(0, 200))} is not an http(s) address`);
  // Checked before fetching: an item already added costs no request.
  const existing = corpus.fileWithUrl([item.link]);
  if (existing) throw new Refusal('DUPLICATE_URL', `already in the corpus as ${existing} (same address)`, existing);
  const hints: Hints = {};
  if (item.title) hints.title = { value: item.title, from: 'feed item title' };
  if (item.published) hints.published = { value: item.published, from: 'feed item date' };
  if (feedTitle) hints.outlet = { value: feedTitle, from: 'feed title' };
  let page: Extracted;
  try {
    const resource = await fetchSafely(item.link, options.fetch);
    if (kindOfResponse(resource) !== 'html') throw new BotError('NOT_AN_ARTICLE', `the feed item ${resource.url} is a feed, not an article page`);
    page = fromHtml(decode(resource.body, resource.charset), resource.url, resource.url, hints);
  } catch (error) {
    // A page that cannot be fetched (gone, blocked, too slow) is added from the feed's own text when that is a whole
    // article; an address the guard refuses is never a reason to fall back.
    const fromFeed = isBotError(error) && PAGE_UNREADABLE.has(error.code) ? fromFeedItem(item, hints, `the page could not be read: ${error.message}`) : undefined;
    if (fromFeed === undefined) throw error;
    return finish(item.link, fromFeed, corpus, options);
  }
  // A page that is read but holds too little text (a paywall, a script-rendered page) likewise.
  if (textLength(page) < MIN_ARTICLE_TEXT_CHARS) {
    const fromFeed = fromFeedItem(item, hints, 'the page holds too little article text');
    if (fromFeed !== undefined) return finish(item.link, fromFeed, corpus, options);
  }
  return finish(item.link, page, corpus, options);
}

/** Errors of a feed item's page after which the feed's own text may stand in for it. */
const PAGE_UNREADABLE: ReadonlySet<string> = new Set(['FETCH_FAILED', 'FETCH_TIMEOUT', 'FETCH_TOO_LARGE', 'NOT_AN_ARTICLE']);

const textLength = (extracted: Extracted) => extracted.paragraphs.join('\n').length;

/** A feed item's own content as the article, when it is long enough to be one (else undefined). */
function fromFeedItem(item: FeedItem, hints: Hints, why: string): Extracted | undefined {
  if (item.content === undefined) return undefined;
  const extracted: Extracted = { paragraphs: feedContentParagraphs(item.content), meta: {}, sourceUrl: item.link, extraction: 'feed-item', hints, note: `text from the feed item (${why})` };
  if (textLength(extracted) < MIN_ARTICLE_TEXT_CHARS) return undefined;
  log.info({ source: item.link, why }, 'feed item added from the feed\'s own text');
  return extracted;
}

function flag(value: string | undefined, name: string): Sourced<string> | undefined {
  return value === undefined ? undefined : { value, from: name };
}

function pick<T>(...candidates: Array<Sourced<T> | undefined>): Sourced<T> | undefined {
  return candidates.find((candidate) => candidate !== undefined);
}

/** Today's date in the earliest time zone: no publisher anywhere can have dated an article later than this. */
function latestPossibleDate(now: Date): string {
  return new Date(now.getTime() + EARLIEST_ZONE_MS).toISOString().slice(0, 10);
}

/** Decides the metadata, checks the article against every rule, and writes it (unless a dry run). */
async function finish(source: string, extracted: Extracted, corpus: CorpusView, options: AddOptions): Promise<SourceOutcome> {
  const { flags } = options;
  const now = options.now ?? new Date();
  const text = extracted.paragraphs.join('\n');
  const notes: string[] = extracted.note === undefined ? [] : [extracted.note];
  const missing: string[] = [];
  // First: a page of navigation only says nothing about its language or date worth reporting.
  if (text.length < MIN_ARTICLE_TEXT_CHARS) throw tooLittleText(text.length);

  const title = pick(extracted.meta.title, extracted.hints?.title, extracted.meta.documentTitle, flag(flags.title, '--title'));
  if (!title) missing.push('the title (--title)');
  const outlet = pick(extracted.meta.outlet, extracted.hints?.outlet, flag(flags.outlet, '--outlet'));
  if (!outlet) missing.push('the outlet (--outlet)');

  const language = decideLanguage(pick(extracted.meta.declaredLang, flag(flags.lang, '--lang')), text.trim() ? detectLanguage(text) : null);
  if (!language.ok && language.code === 'LANGUAGE_UNSUPPORTED') throw new BotError('LANGUAGE_UNSUPPORTED', language.reason);
  if (!language.ok) missing.push('the language (--lang)');
  if (language.ok && language.note) notes.push(language.note);

  const dateline = language.ok ? datelineOf(text, language.lang) : undefined;
  const published = pick(extracted.meta.published, extracted.hints?.published, flag(dateline, 'dateline in the text'), flag(flags.published, '--published'));
  if (!published) missing.push('the publication date (--published YYYY-MM-DD)');

  if (missing.length > 0 || !language.ok) throw new BotError('METADATA_MISSING', `the source does not say ${missing.join(', ')}: pass ${missing.length > 1 ? 'them' : 'it'} as a flag`);
  if (published!.value > latestPossibleDate(now)) {
    throw new BotError('DATE_IN_FUTURE', `the publication date ${published!.value} (${published!.from}) is in the future`);
  }

  const url = pick(extracted.meta.canonicalUrl, flag(extracted.sourceUrl, 'the fetched address'), flag(flags.url, '--url'));
  const sourceUrl = extracted.sourceUrl ?? flags.url;
  const existing = corpus.fileWithUrl([url?.value, sourceUrl]);
  if (existing) throw new Refusal('DUPLICATE_URL', `already in the corpus as ${existing} (same canonical address ${url?.value ?? sourceUrl})`, existing);

  const lang = (language as { lang: Lang }).lang;
  const id = articleId(published!.value, title!.value, lang, corpus.ids);
  const file = `${id}.md`;
  const provenance = [
    `Added by npm run add from ${source}.`,
    `Title from ${title!.from}; outlet from ${outlet!.from}; date from ${published!.from}; language from ${language.ok ? language.from : ''}${url ? `; url from ${url.from}` : ''}.`,
    ...notes.map((note) => `Note: ${note}.`),
  ].join(' ');
  const article: NewArticle = {
    id,
    title: title!.value,
    outlet: outlet!.value,
    ...(url ? { url: url.value } : {}),
    lang,
    published: published!.value,
    ...(sourceUrl ? { sourceUrl } : {}),
    retrievedAt: now.toISOString(),
    extraction: extracted.extraction,
    notes: provenance,
    paragraphs: extracted.paragraphs,
  };
  const content = renderArticle(article);
  // The loader is the judge: what it would refuse is never written.
  const parsed = parseArticle(file, Buffer.from(content, 'utf8'));
  if (!parsed.ok) {
    if (parsed.problems.some((problem) => problem.field === 'body')) throw tooLittleText(0);
    throw new BotError('SOURCE_INVALID', `the article would not load: ${parsed.problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')}`);
  }
  const kept = parsed.document.blocks.reduce((sum, block) => sum + block.text.length, 0);
  if (kept < MIN_ARTICLE_TEXT_CHARS) throw tooLittleText(kept);
  const duplicate = corpus.nearDuplicateOf(parsed.document);
  if (duplicate) {
    throw new Refusal('DUPLICATE_TEXT', `the text near-duplicates ${duplicate.file} (${Math.round(duplicate.share * 100)}% of its passages are copies)`, duplicate.file);
  }

  if (!options.dryRun) await writeNew(path.join(options.corpusDir, file), content);
  corpus.register(parsed.document);
  return {
    status: 'added',
    source,
    file,
    id,
    title: article.title,
    outlet: article.outlet,
    lang,
    published: article.published,
    url: article.url ?? null,
    paragraphs: parsed.document.blocks.length,
    notes,
    ...(options.dryRun ? { content } : {}),
  };
}

function tooLittleText(chars: number): BotError {
  return new BotError(
    'TOO_LITTLE_TEXT',
    `too little article text (${chars.toLocaleString('en-US')} characters after clutter removal; at least MIN_ARTICLE_TEXT_CHARS = ${MIN_ARTICLE_TEXT_CHARS}): an index page, a paywall or a video page?`,
  );
}

/**
 * Written under a hidden name (the loader and the freshness check skip hidden files), then renamed: a build or a
 * bot reading the corpus meanwhile never sees half an article. Never replaces an existing file.
 */
async function writeNew(target: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(target), `.add-${randomUUID()}.tmp`);
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await stat(target).then(
      () => {
        throw new BotError('SOURCE_INVALID', `${path.basename(target)} already exists in the corpus`);
      },
      () => undefined,
    );
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
