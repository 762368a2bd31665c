import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotError } from '../../src/errors.ts';
import { INDEX_FILES, buildIndex } from '../../src/index/build.ts';
import { sha256 } from '../../src/hash.ts';
import { CURRENT_FILE } from '../../src/index/generations.ts';
import { HnswVectorStore } from '../../src/index/hnsw-store.ts';
import { openIndex } from '../../src/index/open.ts';
import { HashingEmbedder, SAMPLE_CORPUS, testStages, writeCorpus } from './fixtures/test-pipeline.ts';

let root: string;
let indexDir: string;
let genDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'index-open-test-'));
  indexDir = join(root, 'index');
  await writeCorpus(join(root, 'corpus'), SAMPLE_CORPUS);
  const summary = await buildIndex({ corpusDir: join(root, 'corpus'), indexDir, embedder: new HashingEmbedder(), stages: testStages });
  genDir = join(indexDir, summary.generation);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function openError(): Promise<BotError> {
  try {
    await openIndex(indexDir);
  } catch (error) {
    return error as BotError;
  }
  throw new Error('openIndex succeeded on a damaged index');
}

/** Rewrites the manifest with `edit` applied, as a hand-edited or buggy manifest would be. */
async function editManifest(edit: (manifest: Record<string, any>) => void): Promise<void> {
  const path = join(genDir, INDEX_FILES.manifest);
  const manifest = JSON.parse(await readFile(path, 'utf8'));
  edit(manifest);
  await writeFile(path, JSON.stringify(manifest));
}

describe('openIndex', () => {
  it('opens the intact index', async () => {
    const index = await openIndex(indexDir, { efSearch: 50 });
    expect(index.passages.length).toBe(index.manifest.passages);
    expect(index.vectors?.size).toBe(index.manifest.passages);
  });

  it('reports INDEX_MISSING when nothing was built', async () => {
    const error = await (async () => openIndex(join(root, 'nowhere')).catch((e: BotError) => e))();
    expect(error).toMatchObject({ code: 'INDEX_MISSING' });
    expect((error as BotError).message).toMatch(/npm run index/);
  });

  it.each([INDEX_FILES.passages, INDEX_FILES.lexical, INDEX_FILES.timeline, INDEX_FILES.vectors])('catches a truncated %s', async (file) => {
    const path = join(genDir, file);
    const { length } = await readFile(path);
    await truncate(path, Math.floor(length / 2));
    const error = await openError();
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toContain(`${file} is truncated`);
  });

  it('catches a file overwritten with garbage of the same size', async () => {
    const path = join(genDir, INDEX_FILES.vectors);
    const { length } = await readFile(path);
    await writeFile(path, Buffer.alloc(length, 0x5a));
    const error = await openError();
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toContain(`${INDEX_FILES.vectors} does not match its checksum`);
  });

  it('catches a missing file', async () => {
    await rm(join(genDir, INDEX_FILES.timeline));
    expect((await openError()).message).toContain(`${INDEX_FILES.timeline} is missing`);
  });

  it('catches a manifest that is not JSON, or not a manifest', async () => {
    await writeFile(join(genDir, INDEX_FILES.manifest), '{"formatVersion": 1, "chunk');
    expect(await openError()).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('not valid JSON') });
    await writeFile(join(genDir, INDEX_FILES.manifest), JSON.stringify({ formatVersion: 1 }));
    expect(await openError()).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('chunkerVersion') });
  });

  it('catches a passage count that disagrees with the manifest', async () => {
    await editManifest((manifest) => {
      manifest.passages += 1;
    });
    expect((await openError()).message).toMatch(/holds 6 passages but the manifest says 7/);
  });

  it('catches a vectors file whose dimension disagrees with the manifest', async () => {
    // A well-formed, correctly checksummed index of the right size but the wrong dimension.
    const path = join(genDir, INDEX_FILES.vectors);
    const embedder = new HashingEmbedder('test/hashing-bow', 16);
    HnswVectorStore.build(Array.from({ length: 6 }, (_, i) => embedder.embed(`word${i}`)), 16).save(path);
    const data = await readFile(path);
    await editManifest((manifest) => {
      manifest.files[INDEX_FILES.vectors] = { bytes: data.length, sha256: sha256(data) };
    });
    const error = await openError();
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toMatch(/holds 16-dimensional vectors but the manifest says 32/);
  });

  it('catches a checksummed passages file of the wrong shape', async () => {
    const data = JSON.stringify([{ id: 'x' }]);
    await writeFile(join(genDir, INDEX_FILES.passages), data);
    await editManifest((manifest) => {
      manifest.files[INDEX_FILES.passages] = { bytes: Buffer.byteLength(data), sha256: sha256(data) };
      manifest.passages = 1;
    });
    expect((await openError()).message).toMatch(/passages\.bin: passage file is unreadable: not a passage file/);
  });

  it('catches a CURRENT that names no generation, or one that is gone', async () => {
    await writeFile(join(indexDir, CURRENT_FILE), 'garbage\n');
    expect(await openError()).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('does not name a generation') });
    await writeFile(join(indexDir, CURRENT_FILE), 'gen-20000101T000000000Z-1\n');
    expect(await openError()).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('which does not exist') });
  });
});
