import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMBEDDING_CACHE_DIR, EmbeddingCache } from '../../src/index/embedding-cache.ts';

let indexDir: string;
beforeEach(async () => {
  indexDir = await mkdtemp(join(tmpdir(), 'embedding-cache-test-'));
});
afterEach(async () => {
  await rm(indexDir, { recursive: true, force: true });
});

const vector = (...values: number[]) => Float32Array.from(values);

describe('EmbeddingCache', () => {
  it('round-trips vectors per model, keeping only the requested keys', async () => {
    const cache = await EmbeddingCache.open(indexDir, 'org/model-a', 3);
    cache.set('h1', vector(1, 2, 3));
    cache.set('h2', vector(4, 5, 6));
    cache.set('h3', vector(7, 8, 9));
    await cache.save(new Set(['h1', 'h3']));

    const reopened = await EmbeddingCache.open(indexDir, 'org/model-a', 3);
    expect(reopened.size).toBe(2);
    expect([...(reopened.get('h3') ?? [])]).toEqual([7, 8, 9]);
    expect(reopened.get('h2')).toBeUndefined();
    expect((await EmbeddingCache.open(indexDir, 'org/model-b', 3)).size).toBe(0);
    expect((await EmbeddingCache.open(indexDir, 'org/model-a', 4)).size).toBe(0);
  });

  it('leaves one vectors file per model after repeated saves', async () => {
    const cache = await EmbeddingCache.open(indexDir, 'org/model-a', 2);
    cache.set('h1', vector(1, 2));
    await cache.save();
    cache.set('h2', vector(3, 4));
    await cache.save();
    const files = await readdir(join(indexDir, EMBEDDING_CACHE_DIR));
    expect(files.filter((name) => name.endsWith('.f32'))).toHaveLength(1);
    expect(files.filter((name) => name.endsWith('.json'))).toHaveLength(1);
    expect((await EmbeddingCache.open(indexDir, 'org/model-a', 2)).size).toBe(2);
  });

  it('treats a damaged vectors file as an empty cache', async () => {
    const cache = await EmbeddingCache.open(indexDir, 'org/model-a', 2);
    cache.set('h1', vector(1, 2));
    await cache.save();
    const dir = join(indexDir, EMBEDDING_CACHE_DIR);
    const [vectorsFile] = (await readdir(dir)).filter((name) => name.endsWith('.f32'));
    await truncate(join(dir, vectorsFile as string), 3);
    expect((await EmbeddingCache.open(indexDir, 'org/model-a', 2)).size).toBe(0);
  });

  it('refuses a vector of the wrong dimension', async () => {
    const cache = await EmbeddingCache.open(indexDir, 'org/model-a', 2);
    expect(() => cache.set('h', vector(1, 2, 3))).toThrow(/expected 2/);
  });
});
