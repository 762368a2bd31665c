import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_FILES, TEST_DELAY_ENV, buildIndex } from '../../src/index/build.ts';
import { LOCK_FILE, listGenerations, readCurrentGeneration } from '../../src/index/generations.ts';
import { openIndex } from '../../src/index/open.ts';
import { HashingEmbedder, SAMPLE_CORPUS, testStages, writeCorpus } from './fixtures/test-pipeline.ts';

const CHILD_SCRIPT = fileURLToPath(new URL('./fixtures/build-child.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let root: string;
let corpusDir: string;
let indexDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'index-kill-test-'));
  corpusDir = join(root, 'corpus');
  indexDir = join(root, 'index');
  await writeCorpus(corpusDir, SAMPLE_CORPUS);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * Starts a build in a child process that sleeps after every file it writes, waits until it reports having
 * written `afterFiles` files of the new generation, and SIGKILLs it during the sleep that follows.
 * Resolves with the child's pid.
 */
async function killBuildAfterWriting(afterFiles: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, corpusDir, indexDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, [TEST_DELAY_ENV]: '1500', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    const event = JSON.parse(line) as { phase?: string; done?: number | string };
    if (event.phase === 'write' && event.done === afterFiles) break;
    if (typeof event.done === 'string') throw new Error('the build finished before it could be killed');
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return child.pid as number;
}

describe('a build killed while writing', () => {
  // The build after the first is an update (made from the previous generation: the new vector in
  // vectors-delta.hnsw, hence vector-labels.bin; vectors.hnsw shared). 1: only passages.bin written. 8: even
  // manifest.json written, but CURRENT not yet swapped.
  it.each([1, 8])('after %i file(s) leaves the previous generation serving', async (afterFiles) => {
    const embedder = new HashingEmbedder();
    const previous = await buildIndex({ corpusDir, indexDir, embedder, stages: testStages });
    await writeFile(join(corpusDir, 'extra.md'), 'Hanoi and Moscow agreed on a new visa regime for tourists.');

    const childPid = await killBuildAfterWriting(afterFiles);

    // The killed build had created its own generation, which CURRENT does not point at.
    const generations = await listGenerations(indexDir);
    expect(generations).toHaveLength(2);
    const partial = generations.find((name) => name !== previous.generation) as string;
    expect((await readdir(join(indexDir, partial))).length).toBe(afterFiles);
    if (afterFiles === 8) expect(await readdir(join(indexDir, partial))).toEqual(expect.arrayContaining([INDEX_FILES.vectorDelta, INDEX_FILES.vectorLabels, INDEX_FILES.manifest]));
    expect(await readCurrentGeneration(indexDir)).toBe(previous.generation);
    expect(await readFile(join(indexDir, LOCK_FILE), 'utf8')).toBe(`${childPid}\n`);

    // The old generation still opens and answers.
    const index = await openIndex(indexDir);
    expect(index.manifest.passages).toBe(previous.passages);
    expect(index.passages.some((p) => p.docId === 'extra')).toBe(false);
    const [hit] = index.vectors?.search(embedder.embed(SAMPLE_CORPUS['trade.md'] as string), 1) ?? [];
    expect(index.passages[hit?.label ?? -1]?.id).toBe('trade#0');
    const [lexicalHit] = index.lexical.search('Vietsovpetro White Tiger', 5);
    expect(index.passages[lexicalHit?.label ?? -1]?.id).toBe('oil#0');

    // The next build takes over the dead build's lock, serves the new corpus and removes the partial generation.
    const next = await buildIndex({ corpusDir, indexDir, embedder, stages: testStages });
    expect(next.mode).toBe('update');
    expect(await listGenerations(indexDir)).toEqual([previous.generation, next.generation]);
    expect((await openIndex(indexDir)).passages.some((p) => p.docId === 'extra')).toBe(true);
    expect(await readdir(indexDir)).not.toContain(LOCK_FILE);
    // The killed build had saved the new passage's vector to the embedding cache before writing any file.
    expect(next.embedded).toBe(0);
  });
});
