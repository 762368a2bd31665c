import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBotError } from '../../src/errors.ts';
import { DEFAULT_EF_SEARCH, HNSW_HEADER_BYTES, HnswVectorStore, bruteForceSearch, readHnswHeader, validateHnswFile } from '../../src/index/hnsw-store.ts';

/** Seeded PRNG (LCG) and Box–Muller normals: the same vectors on every run. */
function randomUnitVectors(count: number, dimension: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return Array.from({ length: count }, () => {
    const vector = Float32Array.from({ length: dimension }, normal);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

const DIMENSION = 384;
const vectors = randomUnitVectors(3000, DIMENSION, 1);
const queries = randomUnitVectors(100, DIMENSION, 2);
let dir: string;
let store: HnswVectorStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hnsw-test-'));
  store = HnswVectorStore.build(vectors, DIMENSION);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recallAt10(candidate: HnswVectorStore): number {
  let found = 0;
  for (const query of queries) {
    const approximate = new Set(candidate.search(query, 10).map((hit) => hit.label));
    found += bruteForceSearch(vectors, query, 10).filter((hit) => approximate.has(hit.label)).length;
  }
  return found / (queries.length * 10);
}

describe('HnswVectorStore', () => {
  it(`finds ≥ 99% of the exact top 10 at the default ef (${DEFAULT_EF_SEARCH}) on random 384-d unit vectors`, () => {
    expect(store.size).toBe(3000);
    expect(recallAt10(store)).toBeGreaterThanOrEqual(0.99);
  });

  it('reports cosine similarity that agrees with exact search, best first', () => {
    const query = queries[0] as Float32Array;
    const hits = store.search(query, 5);
    const exact = new Map(bruteForceSearch(vectors, query, 50).map((hit) => [hit.label, hit.similarity]));
    for (const hit of hits) expect(hit.similarity).toBeCloseTo(exact.get(hit.label) as number, 5);
    expect(hits.map((hit) => hit.similarity)).toEqual([...hits.map((hit) => hit.similarity)].sort((a, b) => b - a));
    // A stored vector is its own nearest neighbour at similarity 1.
    const self = store.search(vectors[42] as Float32Array, 1)[0];
    expect(self?.label).toBe(42);
    expect(self?.similarity).toBeCloseTo(1, 5);
  });

  it('returns no more hits than it holds, and none when empty', () => {
    const small = HnswVectorStore.build(vectors.slice(0, 3), DIMENSION);
    expect(small.search(queries[0] as Float32Array, 10)).toHaveLength(3);
    const empty = HnswVectorStore.build([], DIMENSION);
    expect(empty.size).toBe(0);
    expect(empty.search(queries[0] as Float32Array, 10)).toEqual([]);
  });

  it('rejects vectors of the wrong dimension', () => {
    expect(() => store.search(new Float32Array(10), 3)).toThrow(/10 dimensions, expected 384/);
    expect(() => HnswVectorStore.build([new Float32Array(5)], DIMENSION)).toThrow(/expected 384/);
  });

  it('saves and loads to the same answers, and its header records count and dimension', async () => {
    const path = join(dir, 'vectors.hnsw');
    store.save(path);
    expect(await readHnswHeader(path)).toEqual({ count: 3000, dimension: DIMENSION });
    const loaded = await HnswVectorStore.load(path, DIMENSION, 3000);
    for (const query of queries.slice(0, 10)) expect(loaded.search(query, 10)).toEqual(store.search(query, 10));
  });

  it('refuses a saved index whose dimension or count differs from what the manifest says', async () => {
    const path = join(dir, 'small.hnsw');
    HnswVectorStore.build(vectors.slice(0, 20), DIMENSION).save(path);
    await expect(HnswVectorStore.load(path, 256, 20)).rejects.toSatisfy((e) => isBotError(e, 'INDEX_CORRUPT') && /384-dimensional/.test(e.message));
    await expect(HnswVectorStore.load(path, DIMENSION, 21)).rejects.toSatisfy((e) => isBotError(e, 'INDEX_CORRUPT') && /20 vectors/.test(e.message));
  });
});

describe('validateHnswFile (hnswlib trusts its file; a crafted one would crash the process)', () => {
  const small = randomUnitVectors(50, 8, 3);
  let bytes: Buffer;
  beforeAll(async () => {
    const path = join(dir, 'small.hnsw');
    HnswVectorStore.build(small, 8).save(path);
    bytes = await readFile(path);
  });
  const rejects = (data: Buffer) => {
    let error: unknown;
    try {
      validateHnswFile(data, 'x.hnsw', 8, small.length);
    } catch (e) {
      error = e;
    }
    expect(isBotError(error, 'INDEX_CORRUPT'), String(error)).toBe(true);
  };

  it('accepts what HnswVectorStore.build writes, empty indexes included', async () => {
    expect(validateHnswFile(bytes, 'x.hnsw', 8, small.length).count).toBe(small.length);
    const emptyPath = join(dir, 'empty.hnsw');
    HnswVectorStore.build([], 8).save(emptyPath);
    expect(validateHnswFile(await readFile(emptyPath), emptyPath, 8, 0).count).toBe(0);
  });

  it('rejects a neighbour id outside the index, a huge neighbour count, a trailing byte and a truncated header', () => {
    const badNeighbour = Buffer.from(bytes);
    badNeighbour.writeUInt32LE(1, HNSW_HEADER_BYTES); // one neighbour…
    badNeighbour.writeUInt32LE(0x7fffffff, HNSW_HEADER_BYTES + 4); // …far outside the 50 vectors
    rejects(badNeighbour);
    const manyNeighbours = Buffer.from(bytes);
    manyNeighbours.writeUInt32LE(0xffff, HNSW_HEADER_BYTES);
    rejects(manyNeighbours);
    rejects(Buffer.concat([bytes, Buffer.from([0])]));
    rejects(bytes.subarray(0, HNSW_HEADER_BYTES - 1));
  });
});

describe('bruteForceSearch', () => {
  it('ranks by cosine similarity, whatever the vector lengths', () => {
    const set = [Float32Array.of(1, 0), Float32Array.of(0, 3), Float32Array.of(2, 2)];
    const hits = bruteForceSearch(set, Float32Array.of(0, 1), 3);
    expect(hits.map((hit) => hit.label)).toEqual([1, 2, 0]);
    expect(hits[1]?.similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(hits[2]?.similarity).toBeCloseTo(0, 6);
  });
});
