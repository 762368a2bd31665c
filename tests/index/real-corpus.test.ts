import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loader.ts';
import { buildIndex, type BuildSummary } from '../../src/index/build.ts';
import { checkFreshness, hashCorpusFiles } from '../../src/index/freshness.ts';
import { openIndex } from '../../src/index/open.ts';
import type { LoadedIndex } from '../../src/index/types.ts';
import { HashingEmbedder } from './fixtures/test-pipeline.ts';

/** The whole pipeline (real loader, chunker, dedupe, timeline) over the repository's corpus, read-only. */
const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));
const embedder = new HashingEmbedder();
let indexDir: string;
let summary: BuildSummary;
let index: LoadedIndex;

beforeAll(async () => {
  indexDir = await mkdtemp(join(tmpdir(), 'index-real-corpus-'));
  summary = await buildIndex({ corpusDir: CORPUS_DIR, indexDir, embedder });
  index = await openIndex(indexDir);
});
afterAll(async () => {
  await rm(indexDir, { recursive: true, force: true });
});

describe('index of the real corpus', () => {
  it('holds every article and one vector per passage', async () => {
    const documents = await loadCorpus(CORPUS_DIR);
    expect(summary.documents).toBe(documents.length);
    expect(index.manifest.documents).toBe(documents.length);
    expect(index.passages.length).toBe(summary.passages);
    expect(index.vectors?.size).toBe(summary.passages);
    expect(new Set(index.passages.map((p) => p.docId))).toEqual(new Set(documents.map((d) => d.meta.id)));
  });

  it('finds each passage by its own text at its own label', () => {
    index.passages.forEach((passage, label) => {
      const [hit] = index.vectors?.search(embedder.embed(passage.text), 1) ?? [];
      expect(hit?.similarity).toBeCloseTo(1, 5);
      // Two passages may share a bag of words; then either label is exact.
      if (hit?.label !== label) expect(embedder.embed(index.passages[hit?.label ?? -1]?.text ?? '')).toEqual(embedder.embed(passage.text));
    });
  });

  it('is fresh for the corpus and model it was built from', async () => {
    expect(index.manifest.corpus).toEqual(await hashCorpusFiles(CORPUS_DIR));
    expect(await checkFreshness(index.manifest, { corpusDir: CORPUS_DIR, modelId: embedder.modelId, dimension: embedder.dimension })).toEqual({
      fresh: true,
      reasons: [],
    });
  });
});
