import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeGenerationChange, openEngine } from '../../src/engine.ts';
import { pointCurrentAt, readCurrentGeneration } from '../../src/index/generations.ts';
import type { LoadedIndex } from '../../src/index/types.ts';
import { setLogSink } from '../../src/logger.ts';
import { settingsForIndex } from '../reliability/support/bot-harness.ts';
import { scratchFolders } from '../reliability/support/index-dir.ts';

const lines: string[] = [];
let folders: Awaited<ReturnType<typeof scratchFolders>>;

beforeAll(async () => {
  setLogSink((line) => lines.push(line));
  folders = await scratchFolders('follow');
});
afterAll(async () => {
  await folders?.cleanup();
  setLogSink((line) => process.stderr.write(line));
});

it('a generation that cannot be loaded is said once and never served; the current one keeps answering', async () => {
  const engine = await openEngine(settingsForIndex(folders.indexDir, folders.corpusDir, { LOG_LEVEL: 'info' }), { whenStale: 'rebuild', embedder: null });
  try {
    const serving = await readCurrentGeneration(folders.indexDir);
    // Not something a build writes (it names only complete generations), but a damaged disk might.
    const broken = 'gen-20991231T235959999Z-1';
    await mkdir(join(folders.indexDir, broken));
    await writeFile(join(folders.indexDir, broken, 'manifest.json'), '{"formatVersion":');
    await pointCurrentAt(folders.indexDir, broken);
    expect(await engine.followNewGeneration()).toBe(false);
    expect(await engine.followNewGeneration()).toBe(false);
    expect(lines.filter((line) => line.includes('could not be loaded; still serving'))).toHaveLength(1);
    const answer = await engine.ask({ question: 'When did Vietnam and the Soviet Union establish diplomatic relations?', k: 3 });
    expect(answer.results.some((hit) => hit.quote.includes('1950'))).toBe(true);
    // Back to a good generation: nothing to switch to, since it is the one served.
    await pointCurrentAt(folders.indexDir, serving!);
    expect(await engine.followNewGeneration()).toBe(false);
  } finally {
    await engine.close();
  }
});

it('the change line names articles and passages before → after, and the articles added and removed', () => {
  const index = (dir: string, docs: string[], passages: number): LoadedIndex =>
    ({
      dir: `/i/${dir}`,
      manifest: { documents: docs.length, passages },
      passages: docs.map((docId) => ({ docId })),
    }) as unknown as LoadedIndex;
  const change = describeGenerationChange(index('gen-a', ['a', 'b'], 40), index('gen-b', ['a', 'c', 'd'], 52));
  expect(change.message).toBe('switched to index generation gen-b: 3 articles (+1), 52 passages (+12); added c, d; removed b');
  expect(change.fields).toEqual({ articles: { before: 2, after: 3 }, passages: { before: 40, after: 52 }, added: ['c', 'd'], removed: ['b'] });
});
