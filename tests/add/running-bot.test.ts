import { spawn } from 'node:child_process';
import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runConsole } from '../../src/cli/console.ts';
import { openEngine, type ServingEngine } from '../../src/engine.ts';
import { LOCK_FILE, readCurrentGeneration } from '../../src/index/generations.ts';
import { setLogSink } from '../../src/logger.ts';
import { newUser, REPO_ROOT, settingsForIndex, startFaultyHarness, type FaultyHarness } from '../reliability/support/bot-harness.ts';
import { scratchFolders, snapshotTree } from '../reliability/support/index-dir.ts';
import { expectNoLiveMentions, finalMessage } from '../reliability/support/wire-safety.ts';
import { slashCommand } from '../support/fake-discord/fixtures.ts';
import type { APIEmbed } from 'discord-api-types/v10';
import { isFinalResponse } from '../bot/support/harness.ts';
import { navigationOnlyPage, newsPage, rssFeed, seed } from './support/pages.ts';
import { LocalSite } from './support/site.ts';

/**
 * The whole path as a moderator runs it: the bot (real discord.js client against the fake Discord) and the local
 * console are running on one engine; `npm run add` runs as its own process against pages served from 127.0.0.1;
 * the running front ends answer from the new article without a restart.
 */
const VNS = '2025-01-14-vns-mishustin-visit-en.md';
const TRONG = '2024-06-20-trong-putin-talks-en.md';
const THOIDAI = '2025-01-12-thoidai-mishustin-visit-vi.md';
const NEW_TITLE = 'PM Chính welcomes Russian counterpart Mishustin';
const QUESTION = 'What is the Russian-Vietnamese Consortium of Technical Universities?';

let folders: Awaited<ReturnType<typeof scratchFolders>>;
let site: LocalSite;
let engine: ServingEngine;
let harness: FaultyHarness;
const logLines: string[] = [];
const consoleInput = new PassThrough();
const consoleOutput = new PassThrough();
let consoleText = '';
let consoleDone: Promise<void>;

beforeAll(async () => {
  setLogSink((line) => logLines.push(line));
  folders = await scratchFolders('add');
  for (const file of [VNS, TRONG, THOIDAI]) await rm(join(folders.corpusDir, file));
  site = await LocalSite.start();
  engine = await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir, { LOG_LEVEL: 'info' }), { whenStale: 'rebuild', embedder: null, followGenerationsMs: 100 });
  harness = await startFaultyHarness(engine);
  consoleOutput.on('data', (chunk: Buffer) => (consoleText += chunk.toString()));
  consoleDone = runConsole(engine, consoleInput as unknown as typeof process.stdin, consoleOutput as unknown as typeof process.stdout);
}, 60_000);

afterAll(async () => {
  consoleInput.end('/quit\n');
  await consoleDone;
  await harness?.stop();
  await engine?.close();
  await site?.close();
  await folders?.cleanup();
  setLogSink((line) => process.stderr.write(line));
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run --silent add -- …` as its own process (asynchronously: the site and the bot live in this one). */
function runAdd(args: string[], env: Record<string, string> = {}, shellPipe?: string): Promise<Run> {
  const fullEnv = { ...process.env, CORPUS_DIR: folders.corpusDir, INDEX_DIR: folders.indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'warn', FETCH_ALLOW_PRIVATE_ADDRESSES: 'true', ...env };
  const child = shellPipe
    ? spawn('bash', ['-c', `npm run --silent add -- "$@" ${shellPipe}`, 'add', ...args], { cwd: REPO_ROOT, env: fullEnv })
    : spawn('npm', ['run', '--silent', 'add', '--', ...args], { cwd: REPO_ROOT, env: fullEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

function expectNoStackTrace(run: Run): void {
  expect(run.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|node:internal|Unhandled|EPIPE/u);
  expect(run.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/u);
}

async function askBot(question: string): Promise<string> {
  return JSON.stringify(finalMessage(await harness.ask(question)));
}

async function askConsole(question: string): Promise<string> {
  const start = consoleText.length;
  consoleInput.write(`/ask ${question}\n`);
  await vi.waitFor(() => expect(consoleText.slice(start)).toMatch(/\n> $/u), { timeout: 20_000, interval: 20 });
  return consoleText.slice(start);
}

const vnsPage = () =>
  newsPage({
    title: 'PM Chính welcomes Mishustin | VNS',
    paragraphs: seed(VNS).paragraphs,
    jsonLd: { headline: NEW_TITLE, datePublished: '2025-01-14T10:00:00+07:00', publisher: { '@type': 'Organization', name: 'Việt Nam News' }, inLanguage: 'en' },
  });

describe('npm run add with the bot and the console running', () => {
  it('adds an article; the next /ask in Discord and in the console quotes it, without a restart', async () => {
    expect(await askBot(QUESTION)).not.toContain(NEW_TITLE);
    const url = site.page('/vns/mishustin', vnsPage());
    const generation = await readCurrentGeneration(folders.indexDir);

    // Questions keep arriving while the article is added and the bot switches: each is answered exactly once.
    let switchedOver = false;
    const during = (async () => {
      const finals: number[] = [];
      while (!switchedOver) finals.push((await harness.ask(QUESTION)).filter(isFinalResponse).length);
      return finals;
    })();
    const started = performance.now();
    const run = await runAdd([url]);
    const added = performance.now();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^added 2025-01-14-pm-chinh-welcomes-russian-counterpart-mishustin-en\.md: "PM Chính welcomes Russian counterpart Mishustin" \(Việt Nam News, 2025-01-14, en, \d+ paragraphs\)\n$/u);
    expect(run.stderr).toMatch(/index rebuilt: 3 articles, \d+ passages/u);
    expectNoStackTrace(run);
    expect(await readCurrentGeneration(folders.indexDir)).not.toBe(generation);

    // One log line says what changed.
    await vi.waitFor(() => expect(logLines.filter((line) => line.includes('switched to index generation'))).toHaveLength(1), { timeout: 20_000, interval: 50 });
    const switched = JSON.parse(logLines.find((line) => line.includes('switched to index generation'))!) as { msg: string; added: string[]; articles: { before: number; after: number } };
    expect(switched.msg).toMatch(/: 3 articles \(\+1\), \d+ passages \(\+\d+\); added 2025-01-14-pm-chinh-welcomes-russian-counterpart-mishustin-en$/u);
    expect(switched.articles).toEqual({ before: 2, after: 3 });
    switchedOver = true;
    const finals = await during;
    expect(finals.length).toBeGreaterThan(0);
    expect(finals.every((count) => count === 1)).toBe(true);

    expect(await askBot(QUESTION)).toContain(NEW_TITLE);
    const answered = performance.now();
    expect(await askConsole(QUESTION)).toContain(NEW_TITLE);
    expect(engine.stats().documents).toBe(3);
    // A figure for the closing note, printed only when asked for (no timed assertions).
    if (process.env.ADD_TIMING) process.stdout.write(`npm run add ${((added - started) / 1000).toFixed(2)} s; add → bot answering ${((answered - started) / 1000).toFixed(2)} s\n`);
  });

  it('the same URL again is refused as a duplicate, and the serving generation stays', async () => {
    const generation = await readCurrentGeneration(folders.indexDir);
    const run = await runAdd([`${site.base}/vns/mishustin`]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^duplicate http:\/\/127\.0\.0\.1:\d+\/vns\/mishustin \[DUPLICATE_URL\]: already in the corpus as 2025-01-14-pm-chinh-welcomes-russian-counterpart-mishustin-en\.md \(same address\)\n$/u);
    expect(run.stderr).toBe('');
    expect(await readCurrentGeneration(folders.indexDir)).toBe(generation);
  });

  it('bad sources: each one clear line, exit 1, nothing written, the serving index unchanged', async () => {
    const hanging = site.route('/hang', () => undefined);
    const huge = site.route('/huge', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.on('error', () => undefined);
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });
    site.redirect('/loop-1', '/loop-2');
    site.redirect('/loop-2', '/loop-1');
    const sources = [
      `${site.base}/missing`,
      hanging,
      huge,
      site.page('/image.png', 'PNG', 'image/png'),
      `${site.base}/loop-1`,
      site.page('/broken-feed.xml', '<?xml version="1.0"?><rss version="2.0"><channel><item><link>x</link></channel>', 'application/rss+xml'),
      site.page('/section/world', navigationOnlyPage()),
    ];
    const corpusBefore = await snapshotTree(folders.corpusDir);
    const indexBefore = await snapshotTree(folders.indexDir);
    const switchesBefore = logLines.filter((line) => line.includes('switched to index generation')).length;

    const run = await runAdd(['--json', ...sources], { FETCH_TIMEOUT_SECONDS: '1' });
    expect(run.status).toBe(1);
    expectNoStackTrace(run);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { status: string; source: string; code: string; reason: string });
    expect(lines.map((line) => [line.status, line.code])).toEqual([
      ['refused', 'FETCH_FAILED'],
      ['refused', 'FETCH_TIMEOUT'],
      ['refused', 'FETCH_TOO_LARGE'],
      ['refused', 'NOT_AN_ARTICLE'],
      ['refused', 'FETCH_FAILED'],
      ['refused', 'FEED_INVALID'],
      ['refused', 'TOO_LITTLE_TEXT'],
    ]);
    expect(lines.map((line) => line.source)).toEqual(sources);
    expect(lines[4]!.reason).toMatch(/redirects in a loop/u);
    expect(await snapshotTree(folders.corpusDir)).toEqual(corpusBefore);
    expect(await snapshotTree(folders.indexDir)).toEqual(indexBefore);
    expect(logLines.filter((line) => line.includes('switched to index generation')).length).toBe(switchesBefore);
    expect(await askBot(QUESTION)).toContain(NEW_TITLE);
  });

  it('a loopback URL without the setting is refused before any request', async () => {
    const url = site.page('/vns/private', vnsPage());
    const requests = site.requests.length;
    const run = await runAdd([url], { FETCH_ALLOW_PRIVATE_ADDRESSES: 'false' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^refused http:\/\/127\.0\.0\.1:\d+\/vns\/private \[FETCH_BLOCKED\]: 127\.0\.0\.1 is at 127\.0\.0\.1, a loopback address: only public addresses are fetched .*; nothing written\n$/u);
    expectNoStackTrace(run);
    expect(site.requests.length).toBe(requests);
  });

  it('a feed adds exactly its new items, and the bot switches once more', async () => {
    const trong = site.page('/summit', newsPage({ title: 'Historic Summit', paragraphs: seed(TRONG).paragraphs, meta: { ogTitle: 'Historic Summit: Trọng and Putin', siteName: 'Summit News', publishedTime: '2024-06-20T09:00:00Z' } }));
    const feed = site.page(
      '/rss.xml',
      rssFeed('Summit News', [
        { link: `${site.base}/vns/mishustin`, title: 'PM Chính welcomes Mishustin', pubDate: 'Tue, 14 Jan 2025 10:00:00 +0700' },
        { link: trong, title: 'Historic Summit', pubDate: 'Thu, 20 Jun 2024 09:00:00 +0000' },
        { link: 'https://thanhnien.vn/tang-cuong-quan-he-viet-nam-nga-185240618224456845.htm', title: 'Memperkuat', pubDate: 'Tue, 18 Jun 2024 22:00:00 +0700' },
      ]),
      'application/rss+xml; charset=utf-8',
    );
    const run = await runAdd(['--json', feed]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { status: string; source: string; file?: string });
    expect(lines.map((line) => line.status)).toEqual(['duplicate', 'added', 'duplicate']);
    expect(lines[1]).toMatchObject({ source: trong, file: '2024-06-20-historic-summit-trong-and-putin-en.md' });
    await vi.waitFor(() => expect(logLines.filter((line) => line.includes('switched to index generation'))).toHaveLength(2), { timeout: 20_000, interval: 50 });
    expect(engine.stats().documents).toBe(4);

    // /sources shows the corpus being served now, in Discord and in the console.
    const requests = await harness.interact(slashCommand('sources', [], { guildId: harness.guildId, user: newUser() }));
    const embed = (finalMessage(requests).embeds as APIEmbed[])[0]!;
    expect(embed.description).toBe('4 articles, published 2024-06-18 to 2025-01-14.');
    expect(embed.fields?.map((field) => field.name)).toEqual(['By language', 'By outlet', 'Newest']);
    expect(embed.fields![0]!.value).toBe('🇻🇳 vi: 0 · 🇮🇩 id: 2 · 🇬🇧 en: 2 · 🇷🇺 ru: 0');
    expect(embed.fields![1]!.value).toContain('Summit News — 1');
    const newest = embed.fields![2]!.value.split('\n');
    expect(newest[0]).toMatch(/^🇬🇧 2025-01-14 · \[PM Chính welcomes Russian counterpart Mishustin\]\(http:\/\/127\.0\.0\.1:\d+\/vns\/mishustin\) · Việt Nam News$/u);
    expect(newest[1]).toMatch(/^🇬🇧 2024-06-20 · \[Historic Summit: Trọng and Putin\]/u);
    expectNoLiveMentions(requests);
    const start = consoleText.length;
    consoleInput.write('/sources\n');
    await vi.waitFor(() => expect(consoleText.slice(start)).toMatch(/\n> $/u), { timeout: 20_000, interval: 20 });
    expect(consoleText.slice(start)).toContain('4 articles, published 2024-06-18 to 2025-01-14.');
    expect(consoleText.slice(start)).toMatch(/Newest:\n  2025-01-14 · en · PM Chính welcomes Russian counterpart Mishustin · Việt Nam News <http:\/\/127\.0\.0\.1:\d+\/vns\/mishustin>/u);
  });

  it('a failed index build never replaces the serving index', async () => {
    const generation = await readCurrentGeneration(folders.indexDir);
    const switches = logLines.filter((line) => line.includes('switched to index generation')).length;
    // A build holding the lock (this live process) makes the add's build fail.
    await writeFile(join(folders.indexDir, LOCK_FILE), `${process.pid}\n`);
    try {
      const url = site.page('/thoidai', newsPage({ title: 'Thủ tướng Nga thăm Việt Nam', paragraphs: seed(THOIDAI).paragraphs, lang: 'vi', meta: { siteName: 'Thời Đại', publishedTime: '2025-01-12T14:15:00+07:00' } }));
      const run = await runAdd([url]);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/^added 2025-01-12-thu-tuong-nga-tham-viet-nam-news-site-vi\.md/u);
      expect(run.stderr).toMatch(/^error \[INDEX_LOCKED\]: /mu);
      expectNoStackTrace(run);
      expect(await readCurrentGeneration(folders.indexDir)).toBe(generation);
      expect(await engine.followNewGeneration()).toBe(false);
      expect(logLines.filter((line) => line.includes('switched to index generation')).length).toBe(switches);
      expect(engine.stats().documents).toBe(4);
    } finally {
      await rm(join(folders.indexDir, LOCK_FILE), { force: true });
    }
  });
});

describe('npm run add: mistakes and closed pipes', () => {
  it('usage mistakes: a one-line error each, no stack trace, nothing written', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /missing required argument 'sources'/u],
      [['--published', '2025-02-30', 'x.txt'], /expected a real date written YYYY-MM-DD/u],
      [['--lang', 'fr', 'x.txt'], /expected one of vi, id, en, ru/u],
      [['--url', 'javascript:alert(1)', 'x.txt'], /expected an http\(s\) URL/u],
      [['--title', 'T', 'a.txt', 'b.txt'], /--title and --url describe one article/u],
    ];
    const before = await snapshotTree(folders.corpusDir);
    // In parallel: each is a process start, and none of them reaches the corpus.
    const runs = await Promise.all(cases.map(([args]) => runAdd(args)));
    runs.forEach((run, i) => {
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(cases[i]![1]);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expectNoStackTrace(run);
    });
    expect(await snapshotTree(folders.corpusDir)).toEqual(before);
  });

  it('a reader that closes the pipe early ends the command quietly', async () => {
    const run = await runAdd(['--dry-run', `${site.base}/vns/mishustin`, `${site.base}/summit`], {}, '| true');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
