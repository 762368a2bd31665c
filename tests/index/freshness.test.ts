import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFreshness, compareModel, hashCorpusFiles } from '../../src/index/freshness.ts';
import { INDEX_FORMAT_VERSION } from '../../src/index/manifest.ts';
import type { IndexManifest } from '../../src/index/types.ts';
import { CHUNKER_VERSION } from '../../src/passages/chunker.ts';
import { SAMPLE_CORPUS, writeCorpus } from './fixtures/test-pipeline.ts';

let corpusDir: string;
let manifest: IndexManifest;
const MODEL = { id: 'test/model', dimension: 32 };
const context = () => ({ corpusDir, modelId: MODEL.id, dimension: MODEL.dimension });

beforeEach(async () => {
  corpusDir = await mkdtemp(join(tmpdir(), 'freshness-test-'));
  await writeCorpus(corpusDir, { ...SAMPLE_CORPUS, 'vi/nested.md': 'Bài báo tiếng Việt.' });
  manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    corpus: await hashCorpusFiles(corpusDir),
    model: MODEL,
    builtAt: new Date().toISOString(),
    documents: 5,
    passages: 7,
    duplicatesDropped: 0,
    files: {},
  };
});
afterEach(async () => {
  await rm(corpusDir, { recursive: true, force: true });
});

describe('hashCorpusFiles', () => {
  it('lists nested files by /-separated relative path and skips hidden ones', async () => {
    await writeFile(join(corpusDir, '.DS_Store'), 'x');
    const hashes = await hashCorpusFiles(corpusDir);
    expect(Object.keys(hashes).sort()).toEqual([...Object.keys(SAMPLE_CORPUS), 'vi/nested.md'].sort());
    expect(hashes['vi/nested.md']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fails clearly when the corpus folder does not exist', async () => {
    await expect(hashCorpusFiles(join(corpusDir, 'nope'))).rejects.toMatchObject({ code: 'CORPUS_EMPTY' });
  });
});

describe('checkFreshness', () => {
  it('is fresh when nothing changed', async () => {
    expect(await checkFreshness(manifest, context())).toEqual({ fresh: true, reasons: [] });
  });

  it('names a changed, an added and a removed corpus file', async () => {
    await writeFile(join(corpusDir, 'oil.md'), 'Different text now.');
    await writeFile(join(corpusDir, 'vi/new.md'), 'Một bài mới.');
    await unlink(join(corpusDir, 'trade.md'));
    const result = await checkFreshness(manifest, context());
    expect(result.fresh).toBe(false);
    expect(result.reasons.sort()).toEqual(['corpus file added: vi/new.md', 'corpus file changed: oil.md', 'corpus file removed: trade.md']);
  });

  it('sees a file rewritten with the same size but other bytes', async () => {
    const original = SAMPLE_CORPUS['visit.md'] as string;
    await writeFile(join(corpusDir, 'visit.md'), original.replace('June', 'July'));
    expect((await checkFreshness(manifest, context())).reasons).toEqual(['corpus file changed: visit.md']);
  });

  it('is stale after a model switch, a dimension change, or a chunker change', async () => {
    expect((await checkFreshness(manifest, { ...context(), modelId: 'other/model' })).reasons).toEqual([
      'embedding model changed: test/model → other/model',
    ]);
    expect((await checkFreshness(manifest, { ...context(), dimension: 64 })).reasons).toEqual(['embedding dimension changed: 32 → 64']);
    expect((await checkFreshness({ ...manifest, chunkerVersion: CHUNKER_VERSION + 1 }, context())).reasons[0]).toMatch(/passage chunker changed/);
  });

  it('treats lexical-only and hybrid indexes as stale once the model availability flips', async () => {
    const lexicalOnly = { ...manifest, model: null };
    expect((await checkFreshness(lexicalOnly, context())).reasons).toEqual(['index is lexical-only but embedding model test/model is available']);
    expect((await checkFreshness(lexicalOnly, { corpusDir, modelId: null, dimension: null })).fresh).toBe(true);
    expect((await checkFreshness(manifest, { corpusDir, modelId: null, dimension: null })).reasons).toEqual([
      'index has test/model embeddings but no embedding model is available',
    ]);
  });
});

describe('compareModel', () => {
  it('does not flag an unknown current dimension', () => {
    expect(compareModel(MODEL, MODEL.id, null)).toEqual([]);
  });
});
