import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBotError } from '../../src/errors.ts';
import { INDEX_FILES, buildIndex, type BuildOptions } from '../../src/index/build.ts';
import { CURRENT_FILE, LOCK_FILE, listGenerations, readCurrentGeneration } from '../../src/index/generations.ts';
import { openIndex } from '../../src/index/open.ts';
import { HashingEmbedder, SAMPLE_CORPUS, testStages, writeCorpus } from './fixtures/test-pipeline.ts';

let root: string;
let corpusDir: string;
let indexDir: string;
let embedder: HashingEmbedder;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'index-build-test-'));
  corpusDir = join(root, 'corpus');
  indexDir = join(root, 'index');
  await writeCorpus(corpusDir, SAMPLE_CORPUS);
  embedder = new HashingEmbedder();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const build = (overrides: Partial<BuildOptions> = {}) => buildIndex({ corpusDir, indexDir, embedder, stages: testStages, ...overrides });
const passageCount = 6; // paragraphs in SAMPLE_CORPUS

describe('buildIndex', () => {
  it('builds a generation that opens and answers by vector search', async () => {
    const phases: string[] = [];
    const summary = await build({ onProgress: (phase, done, total) => phases.push(`${phase} ${done}/${total}`) });
    expect(summary).toMatchObject({ documents: 4, passages: passageCount, duplicatesDropped: 0, embedded: passageCount, reusedEmbeddings: 0 });
    expect(await readCurrentGeneration(indexDir)).toBe(summary.generation);
    expect(phases).toContain(`embed ${passageCount}/${passageCount}`);
    expect(phases.at(-1)).toBe('write 6/6');

    const index = await openIndex(indexDir);
    expect(index.dir).toBe(join(indexDir, summary.generation));
    expect(index.manifest).toMatchObject({ documents: 4, passages: passageCount, model: { id: embedder.modelId, dimension: 32 } });
    expect(Object.keys(index.manifest.files ?? {}).sort()).toEqual(['lexical.bin', 'passages.bin', 'sentences.bin', 'timeline.json', 'vectors.hnsw']);
    expect(index.passages).toHaveLength(passageCount);
    expect(index.timeline).toHaveLength(4);
    const [query] = await embedder.embedQueries(['Rosatom nuclear research reactor Dong Nai']);
    const best = index.vectors?.search(query as Float32Array, 1)[0];
    expect(index.passages[best?.label ?? -1]?.id).toBe('nuclear#0');
  });

  it('builds a lexical-only index without an embedder', async () => {
    const summary = await build({ embedder: null });
    expect(summary.embedded).toBe(0);
    const index = await openIndex(indexDir);
    expect(index.manifest.model).toBeNull();
    expect(index.vectors).toBeNull();
    expect(await readdir(index.dir)).not.toContain(INDEX_FILES.vectors);
  });

  it('re-embeds nothing for an unchanged corpus, and only the changed paragraph after an edit', async () => {
    await build();
    expect(embedder.embeddedTexts).toHaveLength(passageCount);

    const again = await build();
    expect(again).toMatchObject({ embedded: 0, reusedEmbeddings: passageCount });
    expect(embedder.embeddedTexts).toHaveLength(passageCount);

    await writeFile(join(corpusDir, 'oil.md'), (SAMPLE_CORPUS['oil.md'] as string).replace('1981', '1982'));
    const edited = await build();
    expect(edited).toMatchObject({ embedded: 1, reusedEmbeddings: passageCount - 1 });
    expect(embedder.embeddedTexts.at(-1)).toBe('The joint venture was founded in 1982 by both states.');

    // Every passage, cached or fresh, sits at its own label with the vector the embedder gives its text.
    const index = await openIndex(indexDir);
    index.passages.forEach((passage, label) => {
      const [hit] = index.vectors?.search(embedder.embed(passage.text), 1) ?? [];
      expect(hit?.label).toBe(label);
      expect(hit?.similarity).toBeCloseTo(1, 5);
    });
  });

  it('keeps a separate cache per model: a model switch embeds everything once', async () => {
    await build();
    const other = new HashingEmbedder('test/other-model', 48);
    expect(await build({ embedder: other })).toMatchObject({ embedded: passageCount, reusedEmbeddings: 0 });
    expect(await build()).toMatchObject({ embedded: 0, reusedEmbeddings: passageCount });
  });

  it('leaves the previous generation serving when a build fails, and removes its partial files', async () => {
    const first = await build();
    const failing = new HashingEmbedder();
    failing.embedPassages = async () => {
      throw new Error('model crashed');
    };
    await writeFile(join(corpusDir, 'new.md'), 'A brand new paragraph that needs embedding.');
    await expect(build({ embedder: failing })).rejects.toThrow('model crashed');
    await expect(
      build({ stages: { ...testStages, extractTimeline: () => { throw new Error('timeline broke'); } } }),
    ).rejects.toThrow('timeline broke');

    expect(await readCurrentGeneration(indexDir)).toBe(first.generation);
    expect(await listGenerations(indexDir)).toEqual([first.generation]);
    expect((await openIndex(indexDir)).passages).toHaveLength(passageCount);
    expect(await readdir(indexDir)).not.toContain(LOCK_FILE);
  });

  it('rejects an embedder that returns vectors of the wrong shape', async () => {
    const broken = new HashingEmbedder();
    broken.embedPassages = async (texts) => texts.map(() => new Float32Array(5));
    await expect(build({ embedder: broken })).rejects.toThrow(/not 32 finite numbers/);
    await expect(openIndex(indexDir)).rejects.toMatchObject({ code: 'INDEX_MISSING' });
  });

  it('keeps the new and the replaced generation, and removes older and partial ones', async () => {
    const first = await build();
    const second = await build();
    const partial = 'gen-20000101T000000000Z-1';
    await mkdir(join(indexDir, partial));
    await writeFile(join(indexDir, partial, INDEX_FILES.passages), '[');
    await writeFile(join(indexDir, `${CURRENT_FILE}.tmp-999999`), 'gen-');
    const third = await build();
    expect(first.generation < second.generation && second.generation < third.generation).toBe(true);
    expect(await listGenerations(indexDir)).toEqual([second.generation, third.generation]);
    expect((await readdir(indexDir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});

describe('build lock', () => {
  it('refuses to build while another live process holds the lock', async () => {
    await mkdir(indexDir, { recursive: true });
    await writeFile(join(indexDir, LOCK_FILE), `${process.ppid}\n`);
    await expect(build()).rejects.toSatisfy((error) => isBotError(error, 'INDEX_LOCKED') && error.message.includes(String(process.ppid)));
    // The lock of the other builder is left alone.
    expect(await readFile(join(indexDir, LOCK_FILE), 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('takes over the lock of a build whose process is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid as number;
    await mkdir(indexDir, { recursive: true });
    await writeFile(join(indexDir, LOCK_FILE), `${gone}\n`);
    const summary = await build();
    expect(await readCurrentGeneration(indexDir)).toBe(summary.generation);
    expect(await readdir(indexDir)).not.toContain(LOCK_FILE);
  });

  it('lets only one of two simultaneous builds run', async () => {
    const results = await Promise.allSettled([build(), build()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(isBotError(rejected?.reason, 'INDEX_LOCKED')).toBe(true);
  });
});
