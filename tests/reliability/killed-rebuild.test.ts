import { spawn } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine.ts';
import { isBotError } from '../../src/errors.ts';
import { TEST_DELAY_ENV } from '../../src/index/build.ts';
import { LOCK_FILE, listGenerations, readCurrentGeneration } from '../../src/index/generations.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { REPO_ROOT, settingsForIndex } from './support/bot-harness.ts';
import { scratchFolders, snapshotTree } from './support/index-dir.ts';

/**
 * The engine's automatic rebuild (what `npm start` and `npm run ask` do on a stale index), killed with SIGKILL while
 * it writes the new generation. The index stage's tests kill buildIndex itself; this kills the whole engine start-up.
 */
const CHILD = fileURLToPath(new URL('./fixtures/engine-rebuild-child.ts', import.meta.url));
const QUESTION = 'When did Vietnam and the Soviet Union establish diplomatic relations?';
const NEW_ARTICLE = 'zz-new-article.md';
const NEW_ARTICLE_TEXT = `---
id: zz-new-article
title: Reliability marker article
outlet: Test Outlet
lang: en
published: 2026-11-29
---
The quokkabridge agreement between Hanoi and Moscow was signed by the reliability delegation in November 2026.
`;

let folders: Awaited<ReturnType<typeof scratchFolders>>;

beforeAll(async () => {
  setLogSink(() => undefined);
  folders = await scratchFolders('kill');
  await (await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir), { whenStale: 'rebuild', embedder: null })).close();
});

afterAll(async () => {
  await folders?.cleanup();
  restoreTestLogs();
});

/** Starts the engine in a child on a stale index and SIGKILLs it right after it wrote `afterFiles` generation files. */
async function killRebuildAfterWriting(afterFiles: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: REPO_ROOT,
    env: { ...process.env, CORPUS_DIR: folders.corpusDir, INDEX_DIR: folders.indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'silent', [TEST_DELAY_ENV]: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout! })) {
    const event = JSON.parse(line) as { phase?: string; done?: number; ready?: number };
    if (event.ready !== undefined) throw new Error('the rebuild finished before it could be killed');
    if (event.phase === 'write' && event.done === afterFiles) break;
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('an engine rebuild killed midway', () => {
  it('leaves the previous generation current, byte-for-byte, and the engine answers from it', async () => {
    const generation = await readCurrentGeneration(folders.indexDir);
    const before = await snapshotTree(join(folders.indexDir, generation!));
    await writeFile(join(folders.corpusDir, NEW_ARTICLE), NEW_ARTICLE_TEXT);

    await killRebuildAfterWriting(3);

    expect(await readCurrentGeneration(folders.indexDir)).toBe(generation);
    expect(await snapshotTree(join(folders.indexDir, generation!))).toEqual(before);
    expect(await listGenerations(folders.indexDir)).toHaveLength(2); // the old one and the abandoned partial one
    expect(await readFile(join(folders.indexDir, LOCK_FILE), 'utf8')).toMatch(/^\d+\n$/u);

    // With the corpus as the old index knows it, the engine serves the old generation without rebuilding.
    await rename(join(folders.corpusDir, NEW_ARTICLE), join(folders.root, NEW_ARTICLE));
    const engine = await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir), { whenStale: 'fail', embedder: null });
    const answer = await engine.ask({ question: QUESTION, k: 3 });
    expect(answer.results.some((hit) => hit.quote.includes('1950'))).toBe(true);
    await engine.close();
    await rename(join(folders.root, NEW_ARTICLE), join(folders.corpusDir, NEW_ARTICLE));
  });

  it("with the new article back, 'fail' says the index is stale and names the file; 'rebuild' takes over the dead lock and serves it", async () => {
    const stale = await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir), { whenStale: 'fail', embedder: null }).catch((e: unknown) => e);
    expect(isBotError(stale, 'INDEX_STALE')).toBe(true);
    expect((stale as Error).message).toContain(`corpus file added: ${NEW_ARTICLE}`);

    const engine = await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir), { whenStale: 'rebuild', embedder: null });
    const answer = await engine.ask({ question: 'What is the quokkabridge agreement?', k: 3 });
    expect(answer.results[0]?.source.doc).toBe('zz-new-article');
    await engine.close();
    // The partial generation was cleared away; the one it replaced is kept for readers that may still be loading it.
    expect(await listGenerations(folders.indexDir)).toHaveLength(2);
    expect([...(await snapshotTree(folders.indexDir)).keys()]).not.toContain(LOCK_FILE);
  });
});
