import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine.ts';
import { isBotError, type BotError } from '../../src/errors.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { REPO_ROOT, settingsForIndex } from './support/bot-harness.ts';
import { scratchFolders, snapshotTree } from './support/index-dir.ts';

/**
 * A corpus with every kind of bad file at once must fail with ONE error that lists every problem, and must leave
 * the index that was being served exactly as it was: same CURRENT, same generation, same bytes.
 */
const EXISTING = '2024-06-20-trong-putin-talks-en.md';
const BAD_FILES: Record<string, Buffer | string> = {
  'bad-yaml.md': '---\ntitle: "unterminated\nlang: [en\n---\nBody text about Hanoi and Moscow.\n',
  'missing-fields.md': '---\ntitle: Only a title\n---\nBody text about Hanoi and Moscow talks.\n',
  'empty.md': '',
  'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  'bad-utf8.md': Buffer.concat([Buffer.from('---\nid: bad-utf8\ntitle: T\noutlet: O\nlang: en\npublished: 2024-01-01\n---\nHanoi '), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]),
  // Same id as an existing article: every field valid, only the duplicate is wrong.
  'zz-duplicate.md': '',
};

let folders: Awaited<ReturnType<typeof scratchFolders>>;
let before: Map<string, string>;

beforeAll(async () => {
  setLogSink(() => undefined);
  folders = await scratchFolders('corpus');
  const good = await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir), { whenStale: 'rebuild', embedder: null });
  await good.close();
  before = await snapshotTree(folders.indexDir);
  BAD_FILES['zz-duplicate.md'] = await readFile(join(folders.corpusDir, EXISTING));
  for (const [name, content] of Object.entries(BAD_FILES)) await writeFile(join(folders.corpusDir, name), content);
});

afterAll(async () => {
  await folders?.cleanup();
  restoreTestLogs();
});

describe('a corpus with invalid front matter, an empty, a binary, a non-UTF-8 file and a duplicate id', () => {
  it('rebuilding fails with one CORPUS_INVALID error that names every bad file (the previous index serves meanwhile)', async () => {
    const engine = await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir), { whenStale: 'rebuild', embedder: null });
    const error = engine.staleness()?.error as BotError;
    await engine.close();
    expect(isBotError(error, 'CORPUS_INVALID')).toBe(true);
    for (const name of Object.keys(BAD_FILES)) expect(error.message).toContain(name);
    expect(error.message).toMatch(/empty/u);
    expect(error.message).toMatch(/binary/u);
    expect(error.message).toMatch(/UTF-8/u);
    expect(error.message).toMatch(/YAML/u);
    expect(error.message).toContain(`already used by "${EXISTING}"`);
    const files = new Set((error.details as Array<{ file: string }>).map((problem) => problem.file));
    expect([...files].sort()).toEqual(Object.keys(BAD_FILES).sort());
  });

  it('leaves the served index byte-for-byte as it was, and it still loads', async () => {
    expect(await snapshotTree(folders.indexDir)).toEqual(before);
    // 'fail' reports the index as out of date (the corpus changed) rather than serving or touching it.
    const stale = await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir), { whenStale: 'fail', embedder: null }).catch((e: unknown) => e);
    expect(isBotError(stale, 'INDEX_STALE')).toBe(true);
    expect(await snapshotTree(folders.indexDir)).toEqual(before);
  });

  it('the index CLI (`npm run index`) prints the same list and exits non-zero, still without touching the index', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index-cli.ts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CORPUS_DIR: folders.corpusDir, INDEX_DIR: folders.indexDir, EMBEDDINGS: 'off', LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error \[CORPUS_INVALID\]: Corpus files are invalid \(\d+ problem\(s\) in 6 file\(s\)\)/mu);
    for (const name of Object.keys(BAD_FILES)) expect(result.stderr).toContain(name);
    expect(result.stdout).toBe('');
    return snapshotTree(folders.indexDir).then((after) => expect(after).toEqual(before));
  });
});
