import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine.ts';
import { isBotError } from '../../src/errors.ts';
import { removeOldGenerations } from '../../src/index/generations.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { REPO_ROOT, settingsForIndex } from './support/bot-harness.ts';
import { scratchFolders, snapshotTree } from './support/index-dir.ts';

/**
 * INDEX_DIR pointed at a folder that is not the index's own (a home folder, a project folder): the build must not
 * write into it nor clean it up. It used to delete every entry starting with `gen-` or containing `.tmp-`.
 */
let folders: Awaited<ReturnType<typeof scratchFolders>>;

async function foreignFolder(name: string): Promise<string> {
  const dir = join(folders.root, name);
  await mkdir(join(dir, 'gen-notes'), { recursive: true });
  await writeFile(join(dir, 'gen-notes', 'draft.md'), 'my drafts\n');
  await writeFile(join(dir, 'notes.txt'), 'my notes\n');
  await writeFile(join(dir, 'photo.tmp-1'), 'not a temp file of the build\n');
  return dir;
}

beforeAll(async () => {
  setLogSink(() => undefined);
  folders = await scratchFolders('foreign');
});

afterAll(async () => {
  await folders?.cleanup();
  restoreTestLogs();
});

describe('an INDEX_DIR holding foreign files', () => {
  it('`npm run index` refuses it with INDEX_DIR_FOREIGN, exits 1, and every file survives untouched', async () => {
    const dir = await foreignFolder('cli');
    const before = await snapshotTree(dir);
    const result = spawnSync('npm', ['run', '--silent', 'index'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CORPUS_DIR: folders.corpusDir, INDEX_DIR: dir, EMBEDDINGS: 'off', LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^error \[INDEX_DIR_FOREIGN\]: .*"gen-notes".*"notes\.txt"/mu);
    expect(await snapshotTree(dir)).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['gen-notes', 'notes.txt', 'photo.tmp-1']);
  });

  it('the engine (npm start, npm run ask) refuses it the same way, writing nothing', async () => {
    const dir = await foreignFolder('engine');
    const before = await snapshotTree(dir);
    const error = await openEngine(settingsForIndex(dir, folders.corpusDir), { whenStale: 'rebuild', embedder: null }).catch((e: unknown) => e);
    expect(isBotError(error, 'INDEX_DIR_FOREIGN'), String(error)).toBe(true);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("the clean-up deletes only the build's own names: an old generation and a CURRENT temp, never gen-notes or photo.tmp-1", async () => {
    const dir = await foreignFolder('cleanup');
    await mkdir(join(dir, 'gen-20000101T000000000Z-1'));
    await writeFile(join(dir, 'CURRENT.tmp-42'), 'gen-');
    const removed = await removeOldGenerations(dir, []);
    expect(removed.sort()).toEqual(['CURRENT.tmp-42', 'gen-20000101T000000000Z-1']);
    expect((await readdir(dir)).sort()).toEqual(['gen-notes', 'notes.txt', 'photo.tmp-1']);
  });

  it("a folder holding only the build's own entries (and the repository's README.md) is accepted", async () => {
    const dir = join(folders.root, 'own');
    await mkdir(dir);
    await writeFile(join(dir, 'README.md'), '# index/\n');
    const engine = await openEngine(settingsForIndex(dir, folders.corpusDir), { whenStale: 'rebuild', embedder: null });
    await engine.close();
    expect((await readdir(dir)).filter((name) => !/^gen-|^CURRENT$|^README\.md$/u.test(name))).toEqual([]);
  });
});
