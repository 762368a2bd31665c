import { describe, expect, it } from 'vitest';
import { articleId, renderArticle, slugOf } from '../../src/add/article-file.ts';
import { nonPublicRange, refusedRange } from '../../src/add/address-guard.ts';
import { normaliseUrl } from '../../src/add/corpus-view.ts';
import { textFileParagraphs, parsePage } from '../../src/add/extract.ts';
import { looksLikeFeed, parseFeed } from '../../src/add/feed.ts';
import { decideLanguage, detectLanguage } from '../../src/add/language.ts';
import { datelineOf, isoDateOf, languageCodeOf, readPageMetadata } from '../../src/add/metadata.ts';
import { parseArticle } from '../../src/corpus/loader.ts';
import { summariseSources } from '../../src/corpus/summary.ts';
import { isBotError } from '../../src/errors.ts';
import { newsPage, rssFeed, seed } from './support/pages.ts';

describe('address ranges (the SSRF guard)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['192.168.0.10', 'private'],
    ['172.16.5.4', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['100.64.0.1', 'carrierGradeNat'],
  ])('%s is refused as %s', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
    expect(refusedRange(address, false)).toBe(range);
  });
  it('public addresses pass', () => {
    expect(nonPublicRange('93.184.216.34')).toBeNull();
    expect(nonPublicRange('2606:4700::1111')).toBeNull();
  });
  it('the setting allows every address; a test policy allows only what it names', () => {
    expect(refusedRange('127.0.0.1', true)).toBeNull();
    const only = (address: string) => address === '127.0.0.1';
    expect(refusedRange('127.0.0.1', only)).toBeNull();
    expect(refusedRange('::1', only)).toBe('loopback');
    expect(refusedRange('10.0.0.1', only)).toBe('private');
  });
});

describe('page metadata, most trusted first', () => {
  const paragraphs = seed('2025-01-14-vns-mishustin-visit-en.md').paragraphs;
  it('JSON-LD wins over meta tags and <html lang>', () => {
    const html = newsPage({
      title: 'Page title',
      paragraphs,
      lang: 'vi',
      jsonLd: { headline: 'JSON-LD headline', datePublished: '2025-01-14T23:30:00+07:00', publisher: { name: 'VNS' }, inLanguage: 'en-US', url: 'https://vietnamnews.vn/a.html' },
      meta: { ogTitle: 'OG title', siteName: 'OG site', publishedTime: '2025-01-10T00:00:00Z', canonical: 'https://other.example/b' },
    });
    const meta = readPageMetadata(parsePage(html), 'https://vietnamnews.vn/x');
    expect(meta.title).toEqual({ value: 'JSON-LD headline', from: 'JSON-LD headline' });
    expect(meta.outlet).toEqual({ value: 'VNS', from: 'JSON-LD publisher' });
    // The publisher's own date, not converted to UTC (which would be the 14th at 16:30, but 23:30+07 must stay the 14th).
    expect(meta.published).toEqual({ value: '2025-01-14', from: 'JSON-LD datePublished' });
    expect(meta.declaredLang).toEqual({ value: 'en', from: 'JSON-LD inLanguage' });
    expect(meta.canonicalUrl).toEqual({ value: 'https://vietnamnews.vn/a.html', from: 'JSON-LD url' });
  });
  it('a page with meta tags only: OpenGraph, canonical link, <html lang>', () => {
    const html = newsPage({ title: 'T', paragraphs, lang: 'vi-VN', meta: { ogTitle: 'OG title', siteName: 'Báo Thời Đại', publishedTime: '2025-01-12T14:15:00+07:00', canonical: '/tin/123' } });
    const meta = readPageMetadata(parsePage(html), 'https://thoidai.com.vn/x?utm_source=a');
    expect(meta.title?.value).toBe('OG title');
    expect(meta.outlet).toEqual({ value: 'Báo Thời Đại', from: 'og:site_name' });
    expect(meta.published).toEqual({ value: '2025-01-12', from: 'article:published_time' });
    expect(meta.declaredLang).toEqual({ value: 'vi', from: '<html lang>' });
    expect(meta.canonicalUrl).toEqual({ value: 'https://thoidai.com.vn/tin/123', from: 'link rel=canonical' });
  });
  it('a broken JSON-LD block is skipped, not fatal', () => {
    const html = '<html lang="en"><head><script type="application/ld+json">{broken</script><meta property="og:title" content="Fine"></head><body></body></html>';
    expect(readPageMetadata(parsePage(html)).title?.value).toBe('Fine');
  });
  it('nothing known stays unknown', () => {
    const meta = readPageMetadata(parsePage('<html><body><p>text</p></body></html>'));
    expect(meta.outlet).toBeUndefined();
    expect(meta.published).toBeUndefined();
    expect(meta.declaredLang).toBeUndefined();
  });
  it('datelines: a full date near the start, not a relative day or a bare year', () => {
    expect(datelineOf('date 2025-01-14 HÀ NỘI — Prime Minister Phạm Minh Chính on Tuesday', 'en')).toBe('2025-01-14');
    expect(datelineOf('14:15 | 12/01/2025 GMT+7 Thủ tướng Nga thăm Việt Nam', 'vi')).toBe('2025-01-12');
    expect(datelineOf('On Tuesday the two sides met, as they did in 1950.', 'en')).toBeUndefined();
  });
  it('date and language forms', () => {
    expect(isoDateOf('Tue, 14 Jan 2025 23:00:00 +0700')).toBe('2025-01-14');
    expect(isoDateOf('2025-02-30')).toBeUndefined();
    expect(isoDateOf('yesterday')).toBeUndefined();
    expect(languageCodeOf('vi-VN')).toBe('vi');
    expect(languageCodeOf('en_US')).toBe('en');
    expect(languageCodeOf('in')).toBe('id');
    expect(languageCodeOf('')).toBeUndefined();
  });
});

describe('language: the detector wins on disagreement', () => {
  it('detects the seeds, including English full of Vietnamese names and Indonesian (eld calls it Malay)', () => {
    expect(detectLanguage(seed('2025-01-14-vns-mishustin-visit-en.md').paragraphs.join('\n'))).toBe('en');
    expect(detectLanguage(seed('2025-01-12-thoidai-mishustin-visit-vi.md').paragraphs.join('\n'))).toBe('vi');
    expect(detectLanguage(seed('2024-06-18-thanhnien-strengthening-relations-id.md').paragraphs.join('\n'))).toBe('id');
    expect(detectLanguage('Президент России Владимир Путин прибыл во Вьетнам с государственным визитом, сообщает пресс-служба Кремля.')).toBe('ru');
  });
  it('decisions', () => {
    expect(decideLanguage({ value: 'vi', from: '<html lang>' }, 'en')).toEqual({ ok: true, lang: 'en', from: 'detector', note: '<html lang> says vi but the text reads as en: en is used' });
    expect(decideLanguage({ value: 'en', from: '--lang' }, 'en')).toMatchObject({ ok: true, lang: 'en' });
    expect(decideLanguage(undefined, 'fr')).toMatchObject({ ok: false, code: 'LANGUAGE_UNSUPPORTED', reason: expect.stringContaining('vi, id, en, ru') });
    expect(decideLanguage({ value: 'en', from: '<html lang>' }, 'fr')).toMatchObject({ ok: false, code: 'LANGUAGE_UNSUPPORTED' });
    expect(decideLanguage({ value: 'vi', from: '<html lang>' }, null)).toMatchObject({ ok: true, lang: 'vi' });
    expect(decideLanguage({ value: 'de', from: '<html lang>' }, null)).toMatchObject({ ok: false, code: 'LANGUAGE_UNSUPPORTED' });
    expect(decideLanguage(undefined, null)).toMatchObject({ ok: false, code: 'METADATA_MISSING', reason: expect.stringContaining('--lang') });
  });
});

describe('the article file', () => {
  it('slugs are ASCII, folded and bounded; ids never collide', () => {
    expect(slugOf('Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1')).toBe('thu-tuong-nga-tham-viet-nam-tu-ngay-14-den-15-1');
    expect(slugOf('Путин во Вьетнаме')).toBe('article');
    expect(slugOf('word '.repeat(40)).length).toBeLessThanOrEqual(60);
    expect(articleId('2025-01-14', 'A title', 'en', new Set())).toBe('2025-01-14-a-title-en');
    expect(articleId('2025-01-14', 'A title', 'en', new Set(['2025-01-14-a-title-en']))).toBe('2025-01-14-a-title-en-2');
  });
  it('hostile titles and outlets round-trip through the loader as the same strings', () => {
    const title = 'Putin: "visit" #1 --- \'quoted\'\nsecond: line';
    const content = renderArticle({
      id: '2025-01-14-x-en',
      title,
      outlet: '- outlet: [list] {map} &anchor *alias !!js/function',
      url: 'https://example.com/a?b=1#c',
      lang: 'en',
      published: '2025-01-14',
      sourceUrl: 'https://example.com/a',
      retrievedAt: '2026-12-07T03:20:59.000Z',
      extraction: 'readability',
      notes: 'n',
      paragraphs: seed('2025-01-14-vns-mishustin-visit-en.md').paragraphs,
    });
    const parsed = parseArticle('2025-01-14-x-en.md', Buffer.from(content));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.document.meta.title).toBe(title.trim());
    expect(parsed.document.meta.outlet).toBe('- outlet: [list] {map} &anchor *alias !!js/function');
    expect(parsed.document.provenance).toEqual({ sourceUrl: 'https://example.com/a', retrievedAt: '2026-12-07T03:20:59.000Z', extraction: 'readability' });
  });
  it('the schema refuses a bad provenance field', () => {
    const bad = '---\nid: a-b\ntitle: T\noutlet: O\nlang: en\npublished: 2025-01-14\nsource_url: "file:///etc/passwd"\nextraction: guess\n---\nSome text about Hanoi and Moscow that is long enough.\n';
    const parsed = parseArticle('a-b.md', Buffer.from(bad));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((problem) => problem.field).sort()).toEqual(['extraction', 'source_url']);
  });
  it('text files: blank-line paragraphs, hard-wrapped lines joined', () => {
    expect(textFileParagraphs('\uFEFFFirst line\nwrapped.\n\n\nSecond.\r\n\r\nThird.')).toEqual(['First line wrapped.', 'Second.', 'Third.']);
  });
});

describe('addresses of one article', () => {
  it('scheme, case of the host, fragment, tracking parameters and trailing slash do not matter', () => {
    expect(normaliseUrl('https://VietnamNews.vn/a/b/?utm_source=x&id=2#top')).toBe(normaliseUrl('http://vietnamnews.vn/a/b?id=2'));
    expect(normaliseUrl('https://a.vn/x?id=1')).not.toBe(normaliseUrl('https://a.vn/x?id=2'));
    expect(normaliseUrl('not a url')).toBeNull();
  });
});

describe('feeds', () => {
  it('RSS 2.0: title, links, dates as written', () => {
    const feed = parseFeed(rssFeed('VNS — Politics', [
      { link: 'https://vietnamnews.vn/a', title: 'A', pubDate: 'Tue, 14 Jan 2025 23:00:00 +0700' },
      { link: 'https://vietnamnews.vn/b', title: 'B', pubDate: 'Sun, 12 Jan 2025 08:00:00 +0700' },
    ]));
    expect(feed.title).toBe('VNS — Politics');
    expect(feed.items).toEqual([
      { link: 'https://vietnamnews.vn/a', title: 'A', published: '2025-01-14', content: 'Summary.' },
      { link: 'https://vietnamnews.vn/b', title: 'B', published: '2025-01-12', content: 'Summary.' },
    ]);
  });
  it("an item's own text: content:encoded before the description, Atom content before the summary", () => {
    const rss = parseFeed(rssFeed('X', [{ link: 'https://x.vn/a', title: 'A', pubDate: 'Tue, 14 Jan 2025 23:00:00 +0700', content: '<p>Whole text.</p>' }]));
    expect(rss.items[0]!.content).toBe('<p>Whole text.</p>');
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Outlet</title>
<entry><title>One</title><link href="https://x.vn/one"/><summary>Short.</summary><content type="html">&lt;p&gt;Long.&lt;/p&gt;</content></entry>
<entry><title>Two</title><link href="https://x.vn/two"/><summary>Only a summary.</summary></entry></feed>`;
    expect(parseFeed(atom).items.map((item) => item.content)).toEqual(['<p>Long.</p>', 'Only a summary.']);
  });
  it('Atom: the alternate link', () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Outlet</title>
<entry><title>One</title><link rel="self" href="https://x.vn/self"/><link rel="alternate" href="https://x.vn/one"/><published>2025-01-14T10:00:00+07:00</published></entry></feed>`;
    expect(parseFeed(atom).items).toEqual([{ link: 'https://x.vn/one', title: 'One', published: '2025-01-14' }]);
    expect(looksLikeFeed(atom)).toBe(true);
  });
  it.each([
    ['truncated XML', '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><item><link>https://a/</link>'],
    ['XML that is not a feed', '<?xml version="1.0"?><catalog><book/></catalog>'],
    ['a feed without items', '<rss version="2.0"><channel><title>X</title></channel></rss>'],
  ])('%s is FEED_INVALID', (_name, xml) => {
    let error: unknown;
    try {
      parseFeed(xml);
    } catch (caught) {
      error = caught;
    }
    expect(isBotError(error, 'FEED_INVALID')).toBe(true);
  });
  it('an HTML page is not taken for a feed', () => {
    expect(looksLikeFeed('<!doctype html><html><body>rss</body></html>')).toBe(false);
  });
});

describe('/sources summary', () => {
  it('counts each article once, by language and outlet, with the range and the newest first', () => {
    const meta = (id: string, lang: 'vi' | 'id' | 'en', outlet: string, published: string) => ({ id, title: id.toUpperCase(), outlet, lang, published, url: `https://x.vn/${id}` });
    const summary = summariseSources([
      meta('a', 'en', 'VNS', '2025-01-14'),
      meta('a', 'en', 'VNS', '2025-01-14'),
      meta('b', 'vi', 'Thời Đại', '2025-01-12'),
      meta('c', 'id', 'Thanh Niên', '2024-06-18'),
      meta('d', 'en', 'VNS', '2024-06-20'),
    ]);
    expect(summary).toMatchObject({ articles: 4, byLang: { vi: 1, id: 1, en: 2, ru: 0 }, first: '2024-06-18', last: '2025-01-14' });
    expect(summary.byOutlet).toEqual([{ outlet: 'VNS', articles: 2 }, { outlet: 'Thanh Niên', articles: 1 }, { outlet: 'Thời Đại', articles: 1 }]);
    expect(summary.newest.map((source) => source.doc)).toEqual(['a', 'b', 'd', 'c']);
    expect(summariseSources([])).toMatchObject({ articles: 0, first: null, last: null, newest: [] });
  });
});
