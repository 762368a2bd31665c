import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addSources, type AddOptions, type SourceOutcome } from '../../src/add/add.ts';
import { loadCorpus } from '../../src/corpus/loader.ts';
import { setLogSink } from '../../src/logger.ts';
import { REAL_CORPUS } from '../reliability/support/bot-harness.ts';
import { snapshotTree } from '../reliability/support/index-dir.ts';
import { navigationOnlyPage, newsPage, rssFeed, seed } from './support/pages.ts';
import { LocalSite } from './support/site.ts';

/**
 * addSources end to end, in process: real fetches from a local site, real files in a temporary corpus that holds
 * the seeds minus the ones being added. Every refusal leaves the corpus byte-for-byte as it was.
 */
const VNS = '2025-01-14-vns-mishustin-visit-en.md';
const THOIDAI = '2025-01-12-thoidai-mishustin-visit-vi.md';
const TRONG = '2024-06-20-trong-putin-talks-en.md';
const THANHNIEN = '2024-06-18-thanhnien-strengthening-relations-id.md';
const NOW = new Date('2026-12-07T03:00:00Z');

let site: LocalSite;
let root: string;
let corpusDir: string;

beforeAll(async () => {
  setLogSink(() => undefined);
  site = await LocalSite.start();
  root = await mkdtemp(join(tmpdir(), 'vrb-add-'));
});
afterAll(async () => {
  await site.close();
  await rm(root, { recursive: true, force: true });
  setLogSink((line) => process.stderr.write(line));
});

let counter = 0;
beforeEach(async () => {
  corpusDir = join(root, `corpus-${counter++}`);
  await cp(REAL_CORPUS, corpusDir, { recursive: true });
  for (const file of [VNS, THOIDAI, TRONG]) await rm(join(corpusDir, file));
});

const options = (extra: Partial<AddOptions> = {}): AddOptions => ({
  corpusDir,
  flags: {},
  dryRun: false,
  now: NOW,
  fetch: { allowPrivateAddresses: (address) => address === '127.0.0.1', timeoutMs: 5_000 },
  ...extra,
});

function vnsPage(extra: { jsonLd?: Record<string, unknown>; lang?: string; paragraphs?: string[] } = {}): string {
  return newsPage({
    title: 'PM Chính welcomes Mishustin | VNS',
    paragraphs: extra.paragraphs ?? seed(VNS).paragraphs,
    lang: extra.lang ?? 'en',
    jsonLd: { headline: 'PM Chính welcomes Russian counterpart Mishustin', datePublished: '2025-01-14T10:00:00+07:00', publisher: { '@type': 'Organization', name: 'Việt Nam News' }, ...extra.jsonLd },
  });
}

async function expectRefused(outcomes: SourceOutcome[], status: 'refused' | 'duplicate', code: string, reason: RegExp, before: Map<string, string>) {
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0]).toMatchObject({ status, code });
  expect((outcomes[0] as { reason: string }).reason).toMatch(reason);
  expect(await snapshotTree(corpusDir)).toEqual(before);
}

describe('adding from a URL', () => {
  it('writes a file the loader accepts, with provenance; the same URL again is a duplicate', async () => {
    const url = site.page('/vns/mishustin', vnsPage());
    const [added] = await addSources([url], options());
    expect(added).toMatchObject({ status: 'added', file: '2025-01-14-pm-chinh-welcomes-russian-counterpart-mishustin-en.md', lang: 'en', outlet: 'Việt Nam News', published: '2025-01-14', url });
    const documents = await loadCorpus(corpusDir);
    const document = documents.find((doc) => doc.meta.id === (added as { id: string }).id)!;
    expect(document.provenance).toEqual({ sourceUrl: url, retrievedAt: NOW.toISOString(), extraction: 'readability' });
    // The article text is there verbatim; the page furniture is not.
    expect(document.body).toContain(seed(VNS).paragraphs[2]);
    expect(document.body).not.toMatch(/cookies|Share on Facebook|Five things to do|All rights reserved/u);

    const before = await snapshotTree(corpusDir);
    await expectRefused(await addSources([url], options()), 'duplicate', 'DUPLICATE_URL', /already in the corpus as 2025-01-14-pm-chinh/u, before);
  });

  it('the same canonical address under another URL is a duplicate', async () => {
    const before = await snapshotTree(corpusDir);
    const url = site.page('/amp/thanhnien', newsPage({ title: 'x', paragraphs: seed(THANHNIEN).paragraphs, lang: 'id', meta: { siteName: 'Thanh Niên', publishedTime: '2024-06-18', canonical: 'https://thanhnien.vn/tang-cuong-quan-he-viet-nam-nga-185240618224456845.htm?utm_source=rss' } }));
    await expectRefused(await addSources([url], options()), 'duplicate', 'DUPLICATE_URL', /2024-06-18-thanhnien-strengthening-relations-id\.md/u, before);
  });

  it('a body near-duplicating an article in the corpus, at a new address, is refused by the passage dedupe rule', async () => {
    const before = await snapshotTree(corpusDir);
    const url = site.page('/copy/thanhnien', newsPage({ title: 'Memperkuat hubungan', paragraphs: seed(THANHNIEN).paragraphs, lang: 'id', jsonLd: { headline: 'Memperkuat', datePublished: '2024-06-19', publisher: 'Copy site' } }));
    await expectRefused(await addSources([url], options()), 'duplicate', 'DUPLICATE_TEXT', /near-duplicates 2024-06-18-thanhnien-strengthening-relations-id\.md \(\d+% of its passages/u, before);
  });

  it('a page of navigation only is too little text', async () => {
    const before = await snapshotTree(corpusDir);
    await expectRefused(await addSources([site.page('/world', navigationOnlyPage())], options()), 'refused', 'TOO_LITTLE_TEXT', /MIN_ARTICLE_TEXT_CHARS/u, before);
  });

  it('a response that is not HTML or a feed', async () => {
    const before = await snapshotTree(corpusDir);
    await expectRefused(await addSources([site.page('/report.pdf', '%PDF-1.7 …', 'application/pdf')], options()), 'refused', 'NOT_AN_ARTICLE', /application\/pdf, not an HTML page or an RSS\/Atom feed/u, before);
  });

  it('a language outside vi/id/en/ru, even when the page declares English', async () => {
    const before = await snapshotTree(corpusDir);
    const french = Array.from({ length: 12 }, (_, i) => `Le Premier ministre vietnamien a accueilli son homologue russe à Hanoï pour une visite officielle, la ${i + 1}e rencontre entre les deux gouvernements depuis la signature du partenariat stratégique. Les deux parties ont souligné l'importance de la coopération économique.`);
    const url = site.page('/fr', vnsPage({ paragraphs: french, jsonLd: { inLanguage: 'en' } }));
    await expectRefused(await addSources([url], options()), 'refused', 'LANGUAGE_UNSUPPORTED', /in fr \(detected; JSON-LD inLanguage says en\); the languages served are vi, id, en, ru/u, before);
  });

  it('a publication date in the future', async () => {
    const before = await snapshotTree(corpusDir);
    const url = site.page('/future', vnsPage({ jsonLd: { datePublished: '2027-03-01T08:00:00+07:00' } }));
    await expectRefused(await addSources([url], options()), 'refused', 'DATE_IN_FUTURE', /2027-03-01 \(JSON-LD datePublished\) is in the future/u, before);
  });

  it('the page declares the wrong language: the detector wins and the outcome says so', async () => {
    const [added] = await addSources([site.page('/vns/wrong-lang', vnsPage({ lang: 'vi' }))], options());
    expect(added).toMatchObject({ status: 'added', lang: 'en', notes: ['<html lang> says vi but the text reads as en: en is used'] });
  });

  it('an unknown outlet is asked for with a flag, never guessed; the flag fills it', async () => {
    const page = newsPage({ title: 'Historic Summit', paragraphs: seed(TRONG).paragraphs, meta: { ogTitle: 'Historic Summit: Trọng and Putin', publishedTime: '2024-06-20T09:00:00Z' } });
    const url = site.page('/summit', page);
    const before = await snapshotTree(corpusDir);
    await expectRefused(await addSources([url], options()), 'refused', 'METADATA_MISSING', /does not say the outlet \(--outlet\)/u, before);
    const [added] = await addSources([url], options({ flags: { outlet: 'Summit News' } }));
    expect(added).toMatchObject({ status: 'added', title: 'Historic Summit: Trọng and Putin', outlet: 'Summit News', published: '2024-06-20' });
  });

  it('a 404 and a loopback URL without the setting: refused, nothing written', async () => {
    const before = await snapshotTree(corpusDir);
    await expectRefused(await addSources([`${site.base}/gone`], options()), 'refused', 'FETCH_FAILED', /HTTP 404/u, before);
    await expectRefused(await addSources([site.page('/vns/blocked', vnsPage())], options({ fetch: { allowPrivateAddresses: false } })), 'refused', 'FETCH_BLOCKED', /loopback/u, before);
  });

  it('--dry-run prints the file and writes nothing', async () => {
    const before = await snapshotTree(corpusDir);
    const [outcome] = await addSources([site.page('/vns/dry', vnsPage())], options({ dryRun: true }));
    expect(outcome).toMatchObject({ status: 'added', content: expect.stringMatching(/^---\nid: 2025-01-14-pm-chinh-welcomes-russian-counterpart-mishustin-en\n/u) });
    expect(await snapshotTree(corpusDir)).toEqual(before);
  });
});

describe('adding from files', () => {
  it('a saved .html page with --url; a .txt file with every flag; a dateline gives the date', async () => {
    const saved = join(root, 'saved-thoidai.html');
    await writeFile(saved, newsPage({ title: 'Thủ tướng Nga thăm Việt Nam', paragraphs: seed(THOIDAI).paragraphs, lang: 'vi', meta: { siteName: 'Thời Đại' } }));
    const [fromHtml] = await addSources([saved], options({ flags: { url: 'https://thoidai.com.vn/thu-tuong-nga-tham-viet-nam.html' } }));
    // No date in the meta tags: the dateline "14:15 | 12/01/2025 GMT+7" at the top of the text gives it.
    expect(fromHtml).toMatchObject({ status: 'added', lang: 'vi', outlet: 'Thời Đại', published: '2025-01-12', url: 'https://thoidai.com.vn/thu-tuong-nga-tham-viet-nam.html' });

    const text = join(root, 'summit.txt');
    await writeFile(text, seed(TRONG).paragraphs.join('\n\n'));
    const before = await snapshotTree(corpusDir);
    await expectRefused(await addSources([text], options()), 'refused', 'METADATA_MISSING', /the title \(--title\), the outlet \(--outlet\)/u, before);
    const [fromText] = await addSources([text], options({ flags: { title: 'Historic Summit', outlet: 'Summit News', published: '2024-06-20', lang: 'en' } }));
    expect(fromText).toMatchObject({ status: 'added', title: 'Historic Summit', lang: 'en', published: '2024-06-20' });
    const ids = (await loadCorpus(corpusDir)).map((doc) => doc.meta.id);
    expect(ids).toContain('2024-06-20-historic-summit-en');
  });

  it('a missing file, an unknown file type and a file over the cap', async () => {
    const before = await snapshotTree(corpusDir);
    await expectRefused(await addSources([join(root, 'nope.html')], options()), 'refused', 'SOURCE_INVALID', /cannot be read \(ENOENT\)/u, before);
    const pdf = join(root, 'x.pdf');
    await writeFile(pdf, 'hello');
    await expectRefused(await addSources([pdf], options()), 'refused', 'NOT_AN_ARTICLE', /not a saved \.html page/u, before);
    const big = join(root, 'big.html');
    await writeFile(big, Buffer.alloc(6 * 1024 * 1024, 'a'));
    await expectRefused(await addSources([big], options()), 'refused', 'FETCH_TOO_LARGE', /MAX_FETCH_BYTES/u, before);
  });
});

describe('feeds', () => {
  it('a feed of three items adds exactly its new ones; read again, it adds nothing', async () => {
    const vns = site.page('/feed-items/vns', vnsPage());
    const thoidai = site.page('/feed-items/thoidai', newsPage({ title: 'Thủ tướng Nga thăm Việt Nam', paragraphs: seed(THOIDAI).paragraphs, lang: 'vi' }));
    // Already in the corpus by its address: not even fetched.
    const known = 'https://thanhnien.vn/tang-cuong-quan-he-viet-nam-nga-185240618224456845.htm';
    const feed = site.page(
      '/feed.xml',
      rssFeed('Vietnam–Russia news', [
        { link: vns, title: 'PM Chính welcomes Mishustin', pubDate: 'Tue, 14 Jan 2025 10:00:00 +0700' },
        { link: thoidai, title: 'Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1', pubDate: 'Sun, 12 Jan 2025 14:15:00 +0700' },
        { link: known, title: 'Memperkuat hubungan Vietnam-Rusia', pubDate: 'Tue, 18 Jun 2024 22:00:00 +0700' },
      ]),
      'application/rss+xml',
    );
    const first = await addSources([feed], options());
    expect(first.map((outcome) => [outcome.status, outcome.source])).toEqual([
      ['added', vns],
      ['added', thoidai],
      ['duplicate', known],
    ]);
    // The Thời Đại page has no metadata of its own: the feed gives its title, date and outlet.
    expect(first[1]).toMatchObject({ title: 'Thủ tướng Nga thăm Việt Nam từ ngày 14 đến 15/1', published: '2025-01-12', outlet: 'Vietnam–Russia news', lang: 'vi' });
    const before = await snapshotTree(corpusDir);
    const second = await addSources([feed], options());
    expect(second.map((outcome) => outcome.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await snapshotTree(corpusDir)).toEqual(before);
  });

  it('an item whose page cannot be read is added from the feed\'s own text when that is a whole article, else refused as before', async () => {
    const paragraphs = seed(THOIDAI).paragraphs;
    const gone = `${site.base}/feed-items/gone`; // no such page: HTTP 404
    const thin = site.page('/feed-items/thin', navigationOnlyPage());
    const alsoGone = `${site.base}/feed-items/also-gone`;
    // An address the guard refuses is refused, feed text or not.
    const blocked = 'http://[::1]:9/feed-items/blocked';
    const feed = site.page(
      '/content-feed.xml',
      rssFeed('Thời Đại', [
        { link: gone, title: 'Thủ tướng Nga thăm Việt Nam', pubDate: 'Sun, 12 Jan 2025 14:15:00 +0700', content: `${paragraphs.map((p) => `<p>${p}</p>`).join('')}<script>alert('x')</script>` },
        { link: alsoGone, title: 'Only a summary', pubDate: 'Sun, 12 Jan 2025 14:15:00 +0700' },
        { link: blocked, title: 'Blocked', pubDate: 'Sun, 12 Jan 2025 14:15:00 +0700', content: paragraphs.map((p) => `<p>${p}</p>`).join('') },
      ]),
      'application/rss+xml',
    );
    const outcomes = await addSources([feed], options());
    expect(outcomes.map((outcome) => [outcome.status, outcome.source, 'code' in outcome ? outcome.code : undefined])).toEqual([
      ['added', gone, undefined],
      ['refused', alsoGone, 'FETCH_FAILED'],
      ['refused', blocked, 'FETCH_BLOCKED'],
    ]);
    const [article] = (await loadCorpus(corpusDir)).filter((doc) => doc.meta.url === gone);
    expect(article).toBeDefined();
    expect(article!.meta).toMatchObject({ title: 'Thủ tướng Nga thăm Việt Nam', published: '2025-01-12', lang: 'vi', outlet: 'Thời Đại' });
    expect(article!.provenance).toMatchObject({ extraction: 'feed-item', sourceUrl: gone });
    expect(article!.body).toContain(paragraphs[1]!.slice(0, 80));
    expect(article!.body).not.toContain('alert');

    // A page read but holding too little text (a paywall, say) gives way to the feed's text too.
    const second = await addSources([site.page('/thin-feed.xml', rssFeed('Thời Đại', [{ link: thin, title: 'Thủ tướng Nga thăm Việt Nam (2)', pubDate: 'Mon, 13 Jan 2025 14:15:00 +0700', content: paragraphs.map((p) => `<p>${p}</p>`).join('') }]), 'application/rss+xml')], options());
    // The page alone would be TOO_LITTLE_TEXT; the feed's text is taken, and is the article added above: a near-duplicate.
    expect(second.map((outcome) => 'code' in outcome ? outcome.code : outcome.status)).toEqual(['DUPLICATE_TEXT']);
  });

  it('a broken feed is refused with the parser\'s reason', async () => {
    const before = await snapshotTree(corpusDir);
    const url = site.page('/broken.xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><item><link>http://a/</link></channel>', 'application/rss+xml');
    await expectRefused(await addSources([url], options()), 'refused', 'FEED_INVALID', /not well-formed XML \(line 1/u, before);
  });
});

it('no temporary files are left in the corpus', async () => {
  await addSources([site.page('/vns/tmp', vnsPage())], options());
  expect((await readdir(corpusDir)).filter((name) => name.startsWith('.'))).toEqual([]);
});
