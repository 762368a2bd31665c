import { existsSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine.ts';
import { setLogSink } from '../../src/logger.ts';
import { restoreTestLogs } from '../support/quiet-logs.ts';
import { settingsForIndex } from './support/bot-harness.ts';
import { scratchFolders, snapshotTree } from './support/index-dir.ts';
import { runNpmScript } from './support/npm-run.ts';

/**
 * Issue 11, classes 1 and 3, through the real entry points (the unit tests are in tests/corpus/): front matter
 * that gray-matter would have run with eval, and keys that used to be compiled into regular expressions, added to
 * a real corpus. `npm run index` refuses them all in one CORPUS_INVALID error and nothing runs; the start-up
 * rebuild of `npm run ask` does the same and keeps answering from the previous index.
 */
const BODY = 'Vietnam and Russia signed an agreement on cooperation in Hanoi in June 2024, the ministry said.\n';
const QUESTION = 'When did Vietnam and the Soviet Union establish diplomatic relations?';

let folders: Awaited<ReturnType<typeof scratchFolders>>;
let marker: string;

/** The hostile files; the JavaScript ones would write `marker` if they ran. */
function attacks(markerPath: string): Record<string, string> {
  const payload = `require('fs').writeFileSync(${JSON.stringify(markerPath)}, 'ran'); ({ id: 'evil', title: 't', outlet: 'o', lang: 'en', published: '2024-01-01' })`;
  return {
    'evil-js.md': `---js\n${payload}\n---\n${BODY}`,
    'evil-javascript.md': `--- javascript\n${payload}\n---\n${BODY}`,
    'evil-key.md': `---\nid: evil-key\ntitle: T\noutlet: O\nlang: en\npublished: 2024-01-01\n"(": 2024-01-01\n---\n${BODY}`,
    'evil-redos.md': `---\nid: evil-redos\ntitle: T\noutlet: O\nlang: en\npublished: 2024-01-01\n" *(x+x+)+y": ${'x'.repeat(5_000)}\n---\n${BODY}`,
    'quoted-date.md': `---\nid: quoted-date\ntitle: T\noutlet: O\nlang: en\n"published": 2025-02-30\n---\n${BODY}`,
  };
}

beforeAll(async () => {
  setLogSink(() => undefined);
  folders = await scratchFolders('front-matter');
  marker = join(folders.root, 'ran.txt');
  // A good index of the real corpus first, then the attacks join the corpus.
  await (await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir), { whenStale: 'rebuild', embedder: null })).close();
  for (const [name, text] of Object.entries(attacks(marker))) await writeFile(join(folders.corpusDir, name), text);
}, 180_000);

afterAll(async () => {
  await folders?.cleanup();
  restoreTestLogs();
});

describe('hostile front matter in the corpus', () => {
  it('`npm run index`: one CORPUS_INVALID error naming every file, no code run, no raw SyntaxError, the index untouched', async () => {
    const before = await snapshotTree(folders.indexDir);
    const result = runNpmScript('index', [], { CORPUS_DIR: folders.corpusDir, INDEX_DIR: folders.indexDir });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^error \[CORPUS_INVALID\]: Corpus files are invalid \(\d+ problem\(s\) in 5 file\(s\)\)/mu);
    for (const name of Object.keys(attacks(marker))) expect(result.stderr).toContain(`"${name}"`);
    expect(result.stderr).not.toMatch(/SyntaxError|unexpected failure/u);
    expect(existsSync(marker)).toBe(false);
    expect(await snapshotTree(folders.indexDir)).toEqual(before);
  });

  it("`npm run ask`'s start-up rebuild: refused the same way, no code run, answers from the previous index", async () => {
    const indexDir = join(folders.root, 'ask-index');
    await cp(folders.indexDir, indexDir, { recursive: true });
    const result = runNpmScript('ask', ['--json', QUESTION], { CORPUS_DIR: folders.corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: 'silent' });
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout.trim()) as { results: Array<{ quote: string }> }).results.some((hit) => hit.quote.includes('1950'))).toBe(true);
    expect(result.stderr.split('\n').filter((line) => /out of date/u.test(line))).toEqual([expect.stringMatching(/^warning \[CORPUS_INVALID\]: /u)]);
    expect(existsSync(marker)).toBe(false);
  });
});
