import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HnswVectorStore, bruteForceSearch } from '../../src/index/hnsw-store.ts';
import { MIN_DELTA_SEGMENT } from '../../src/limits.ts';

/**
 * An update puts new vectors in a delta graph and leaves the main graph (and its file) as it was; removed passages
 * are filtered out by the label map. Searches over main + delta must find what one graph of the same live
 * vectors finds (on sets this small, HNSW at ef 200 is exact: brute force is the yardstick).
 */
const DIMENSION = 16;

function unitVectors(count: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: DIMENSION }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hnsw-delta-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Passage positions of the exact top k over the live vectors, in order. */
const exact = (live: Float32Array[], query: Float32Array, k: number) => bruteForceSearch(live, query, k).map((h) => h.label);

describe('HNSW delta graph', () => {
  const first = unitVectors(200, 1);
  const added = unitVectors(30, 2);
  const queries = unitVectors(20, 3);

  it('adds new vectors beside an unchanged main graph, drops removed ones, and finds what one graph would', async () => {
    const mainPath = join(dir, 'main.hnsw');
    HnswVectorStore.build(first, DIMENSION).save(mainPath);
    const loaded = await HnswVectorStore.load(mainPath, DIMENSION, first.length);
    expect(loaded.unchangedMainFile).toBe(mainPath);

    // Next corpus: passages 0–9 removed, the rest shifted down by 10, then the 30 new ones.
    const kept = first.slice(10);
    const reuse = [...kept.map((_, i) => i + 10), ...added.map(() => null)];
    const next = loaded.extend(reuse, (position) => added[position - kept.length]!);
    expect(next.unchangedMainFile).toBe(mainPath);
    expect(next.deltaCount).toBe(added.length);
    expect(next.size).toBe(kept.length + added.length);
    expect(next.deletedCount).toBe(10);

    const live = [...kept, ...added];
    for (const query of queries) expect(next.search(query, 10).map((h) => h.label)).toEqual(exact(live, query, 10));

    // Saved and read back: the main file untouched, the delta and the label map beside it.
    const before = await readFile(mainPath);
    const deltaPath = join(dir, 'delta.hnsw');
    expect(next.saveDelta(deltaPath)).toBe(true);
    const reread = await HnswVectorStore.load(mainPath, DIMENSION, live.length, {}, next.labelPositions()!, deltaPath);
    expect(await readFile(mainPath)).toEqual(before);
    for (const query of queries) expect(reread.search(query, 10).map((h) => h.label)).toEqual(exact(live, query, 10));

    // A second update on top: one delta vector removed, more added to the same delta.
    const more = unitVectors(5, 4);
    const reuse2 = live.map((_, i) => (i === kept.length ? null : i)).filter((r): r is number => r !== null);
    const third = reread.extend([...reuse2, ...more.map(() => null)], (position) => more[position - reuse2.length]!);
    const live2 = [...reuse2.map((i) => live[i]!), ...more];
    expect(third.deltaCount).toBe(added.length + more.length);
    expect(third.size).toBe(live2.length);
    for (const query of queries) expect(third.search(query, 10).map((h) => h.label)).toEqual(exact(live2, query, 10));
  });

  it('merges the delta into the main graph once it outgrows its share', async () => {
    const many = unitVectors(MIN_DELTA_SEGMENT + 1, 5);
    const store = HnswVectorStore.build(first, DIMENSION);
    const reuse = [...first.map((_, i) => i), ...many.map(() => null)];
    const merged = store.extend(reuse, (position) => many[position - first.length]!);
    expect(merged.deltaCount).toBe(0);
    expect(merged.unchangedMainFile).toBeNull();
    expect(merged.size).toBe(first.length + many.length);
    const live = [...first, ...many];
    for (const query of queries.slice(0, 5)) expect(merged.search(query, 5).map((h) => h.label)).toEqual(exact(live, query, 5));
  });

  it('refuses a delta file without a label map, or one larger than the index', async () => {
    const mainPath = join(dir, 'main2.hnsw');
    HnswVectorStore.build(first, DIMENSION).save(mainPath);
    const deltaPath = join(dir, 'delta2.hnsw');
    HnswVectorStore.build(added, DIMENSION).save(deltaPath);
    await expect(HnswVectorStore.load(mainPath, DIMENSION, first.length + added.length, {}, undefined, deltaPath)).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
      message: expect.stringContaining('without a label map'),
    });
    const positions = Uint32Array.from({ length: 20 }, (_, i) => i);
    await expect(HnswVectorStore.load(mainPath, DIMENSION, 20, {}, positions, deltaPath)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
  });
});
