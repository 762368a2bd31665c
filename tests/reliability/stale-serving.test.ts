import { spawnSync } from 'node:child_process';
import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openEngine } from '../../src/engine.ts';
import { LOCK_FILE, readCurrentGeneration } from '../../src/index/generations.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { newUser, REPO_ROOT, settingsForIndex } from './support/bot-harness.ts';
import { scratchFolders, snapshotTree } from './support/index-dir.ts';
import { startBotProcess } from './support/bot-process.ts';
import { finalMessage } from './support/wire-safety.ts';
import { slashCommand, stringOption } from '../support/fake-discord/fixtures.ts';

/**
 * A rebuild that fails while a good previous generation exists (an invalid article, another build holding the
 * lock, a full disk) must not stop `npm run ask` or `npm start` (console or bot): the previous generation answers,
 * the staleness is said once, and the long-running engine switches to a new generation once a retry succeeds.
 */
const QUESTION = 'When did Vietnam and the Soviet Union establish diplomatic relations?';
const INVALID = 'zz-invalid.md';
const INVALID_TEXT = '---\ntitle: "unterminated\nlang: [en\n---\nBody text about Hanoi and Moscow.\n';
const MARKER = 'zz-stale-marker.md';
const MARKER_TEXT = `---
id: zz-stale-marker
title: Stale serving marker article
outlet: Test Outlet
lang: en
published: 2026-12-02
---
The wombatferry accord between Hanoi and Moscow was signed by the stale-serving delegation in December 2026.
`;

let folders: Awaited<ReturnType<typeof scratchFolders>>;
let pristineIndex: string;

beforeAll(async () => {
  setLogSink(() => undefined);
  folders = await scratchFolders('stale');
  pristineIndex = join(folders.root, 'pristine-index');
  await (await openEngine(settingsForIndex(pristineIndex, folders.corpusDir), { whenStale: 'rebuild', embedder: null })).close();
});

afterAll(async () => {
  await folders?.cleanup();
  restoreTestLogs();
});

/** A private corpus and a copy of the pristine index built from it. */
async function copies(label: string): Promise<{ corpusDir: string; indexDir: string }> {
  const corpusDir = join(folders.root, `${label}-corpus`);
  const indexDir = join(folders.root, `${label}-index`);
  await cp(folders.corpusDir, corpusDir, { recursive: true });
  await cp(pristineIndex, indexDir, { recursive: true });
  return { corpusDir, indexDir };
}

function runAsk(corpusDir: string, indexDir: string, logLevel: string) {
  return spawnSync('npm', ['run', '--silent', 'ask', '--', '--json', QUESTION], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: logLevel, LOG_FORMAT: 'json' },
    timeout: 60_000,
  });
}

function expectAnsweredFromOldIndex(result: ReturnType<typeof runAsk>): void {
  expect(result.signal, result.stderr).toBeNull();
  expect(result.status, result.stderr).toBe(0);
  const answer = JSON.parse(result.stdout.trim()) as { abstained: boolean; results: Array<{ quote: string }> };
  expect(answer.abstained).toBe(false);
  expect(answer.results.some((hit) => hit.quote.includes('1950'))).toBe(true);
}

describe('npm run ask when the rebuild fails and a previous index exists', () => {
  it('an invalid article: answers from the old generation, exit 0, one stale notice and one warn log line', async () => {
    const { corpusDir, indexDir } = await copies('invalid');
    await writeFile(join(corpusDir, INVALID), INVALID_TEXT);
    const before = await snapshotTree(indexDir);

    const quiet = runAsk(corpusDir, indexDir, 'silent');
    expectAnsweredFromOldIndex(quiet);
    // Other stderr lines are the build's progress (`corpus…`); the staleness is said on exactly one line.
    const notices = quiet.stderr.split('\n').filter((line) => /out of date/u.test(line));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^warning \[CORPUS_INVALID\]: .*previous index \(built .*\), which is out of date: Corpus files are invalid/u);

    const logged = runAsk(corpusDir, indexDir, 'warn');
    expectAnsweredFromOldIndex(logged);
    const warnLines = logged.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; code?: string; msg: string });
    expect(warnLines.filter((line) => line.level === 40 && /serving the previous index/u.test(line.msg))).toHaveLength(1);
    expect(warnLines.find((line) => /serving the previous index/u.test(line.msg))?.code).toBe('CORPUS_INVALID');
    expect(logged.stderr.split('\n').filter((line) => line.startsWith('warning ['))).toHaveLength(1);
    // The index that served is untouched.
    expect(await snapshotTree(indexDir)).toEqual(before);
  });

  it('another build holding the lock: answers from the old generation with an INDEX_LOCKED notice', async () => {
    const { corpusDir, indexDir } = await copies('locked');
    await writeFile(join(corpusDir, MARKER), MARKER_TEXT);
    // This test process is alive, so the lock is not taken over as a dead build's.
    await writeFile(join(indexDir, LOCK_FILE), `${process.pid}\n`);
    const generation = await readCurrentGeneration(indexDir);

    const result = runAsk(corpusDir, indexDir, 'silent');
    expectAnsweredFromOldIndex(result);
    expect(result.stderr.split('\n').filter((line) => /out of date/u.test(line))).toEqual([expect.stringMatching(/^warning \[INDEX_LOCKED\]: .*out of date: An index build \(pid \d+\) is already running/u)]);
    expect(await readCurrentGeneration(indexDir)).toBe(generation);
  });

  it('a full disk (every write past a file-size limit fails): answers from the old generation, which stays intact', async () => {
    const { corpusDir, indexDir } = await copies('full');
    await writeFile(join(corpusDir, MARKER), MARKER_TEXT);
    const before = await snapshotTree(indexDir);
    // `ulimit -f` (1 KiB blocks) makes a write past 16 KiB fail with EFBIG, as a full disk fails it with ENOSPC:
    // Node ignores SIGXFSZ, so the write reports an error instead of killing the process. The build's first large
    // file (passages.bin) is past it; reading the corpus and answering write nothing.
    const result = spawnSync('bash', ['-c', 'ulimit -f 16 && exec npm run --silent ask -- --json "$QUESTION"'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, QUESTION, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expectAnsweredFromOldIndex(result);
    expect(result.stderr.split('\n').filter((line) => /out of date/u.test(line))).toEqual([expect.stringMatching(/^warning \[INTERNAL\]: .*out of date: EFBIG/u)]);
    // The half-written generation was removed; the one served is untouched and still current.
    expect(await snapshotTree(indexDir)).toEqual(before);
  });

  it('with no previous index the old behaviour stays: a clear CORPUS_INVALID error and exit 1', async () => {
    const { corpusDir } = await copies('none');
    await writeFile(join(corpusDir, INVALID), INVALID_TEXT);
    const result = runAsk(corpusDir, join(folders.root, 'none-empty-index'), 'silent');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error \[CORPUS_INVALID\]: /mu);
    expect(result.stdout).toBe('');
  });
});

describe('npm start when the rebuild fails and a previous index exists', () => {
  it('without a token (the console): answers from the old generation and says once that it is out of date', async () => {
    const { corpusDir, indexDir } = await copies('console');
    await writeFile(join(corpusDir, INVALID), INVALID_TEXT);
    const result = spawnSync('npm', ['start', '--silent'], {
      cwd: REPO_ROOT,
      input: `/ask ${QUESTION}\n/quit\n`,
      encoding: 'utf8',
      env: { ...process.env, DISCORD_TOKEN: '', CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/local console/u);
    expect(result.stdout.split('\n> ')[1]).toMatch(/1950/u);
    expect(result.stderr.split('\n').filter((line) => /out of date/u.test(line))).toEqual([expect.stringMatching(/^warning \[CORPUS_INVALID\]: /u)]);
  });

  it('with a token (the bot, against the fake Discord): comes up, answers /ask from the old generation, logs the staleness', async () => {
    const { corpusDir, indexDir } = await copies('bot');
    await writeFile(join(corpusDir, INVALID), INVALID_TEXT);
    const bot = await startBotProcess('fake-bot-token-stale-0123456789abcdefghij', { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_FORMAT: 'json' });
    try {
      const requests = await bot.interact(slashCommand('ask', [stringOption('question', QUESTION)], { guildId: bot.guildId, user: newUser() }));
      const embed = (finalMessage(requests).embeds as Array<{ description?: string }>)[0]!;
      expect(embed.description).toMatch(/1950/u);
      const stale = bot
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; code?: string; msg: string })
        .filter((line) => /serving the previous index/u.test(line.msg));
      expect(stale).toEqual([expect.objectContaining({ level: 40, code: 'CORPUS_INVALID' })]);
    } finally {
      await bot.stop();
    }
  });
});

describe('the engine retries the failed rebuild', () => {
  it('retryRebuild(): still stale while the corpus is broken, then switches to the new generation without a restart', async () => {
    const { corpusDir, indexDir } = await copies('retry');
    await writeFile(join(corpusDir, INVALID), INVALID_TEXT);
    const engine = await openEngine(settingsForIndex(indexDir, corpusDir), { whenStale: 'rebuild', embedder: null });
    try {
      expect(engine.staleness()?.code).toBe('CORPUS_INVALID');
      expect((await engine.ask({ question: QUESTION, k: 3 })).results.some((hit) => hit.quote.includes('1950'))).toBe(true);

      expect(await engine.retryRebuild()).toBe(false);
      expect(engine.staleness()?.code).toBe('CORPUS_INVALID');

      await rm(join(corpusDir, INVALID));
      await writeFile(join(corpusDir, MARKER), MARKER_TEXT);
      const builtBefore = engine.stats().builtAt;
      expect(await engine.retryRebuild()).toBe(true);
      expect(engine.staleness()).toBeNull();
      expect(engine.stats().builtAt).not.toBe(builtBefore);
      const answer = await engine.ask({ question: 'What is the wombatferry accord?', k: 3 });
      expect(answer.results[0]?.source.doc).toBe('zz-stale-marker');
    } finally {
      await engine.close();
    }
  });

  it('on its retry interval (as npm start runs it): picks up the fixed corpus by itself', async () => {
    const { corpusDir, indexDir } = await copies('timer');
    await writeFile(join(corpusDir, INVALID), INVALID_TEXT);
    const engine = await openEngine(settingsForIndex(indexDir, corpusDir), { whenStale: 'rebuild', embedder: null, retryIntervalMs: 100 });
    try {
      expect(engine.staleness()?.code).toBe('CORPUS_INVALID');
      await rm(join(corpusDir, INVALID));
      await writeFile(join(corpusDir, MARKER), MARKER_TEXT);
      await vi.waitFor(() => expect(engine.staleness()).toBeNull(), { timeout: 20_000, interval: 50 });
      const answer = await engine.ask({ question: 'What is the wombatferry accord?', k: 3 });
      expect(answer.results[0]?.source.doc).toBe('zz-stale-marker');
    } finally {
      await engine.close();
    }
  });
});
