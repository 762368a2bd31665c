import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
  // The file is read through a window; tiny windows (smaller than one element, 300 bytes here) and odd ones move it
  // mid-element and mid-list, where a window's edge handled wrongly would misread a count or an id.
  const windows = [7, 301, 4096, 1 << 20];
  let written = 0;
  const fileOf = async (data: Uint8Array) => {
    const path = join(dir, `crafted-${written++}.hnsw`);
    await writeFile(path, data);
    return path;
  };
  const rejects = async (data: Buffer, reason: RegExp) => {
    const path = await fileOf(data);
    for (const window of windows) {
      let error: unknown;
      try {
        validateHnswFile(path, 8, small.length, window);
      } catch (e) {
        error = e;
      }
      expect(isBotError(error, 'INDEX_CORRUPT') && reason.test(error.message), String(error)).toBe(true);
    }
  };

  it('accepts what HnswVectorStore.build writes, empty indexes included, whatever the window', async () => {
    const path = await fileOf(bytes);
    for (const window of windows) expect(validateHnswFile(path, 8, small.length, window).count).toBe(small.length);
    const emptyPath = join(dir, 'empty.hnsw');
    HnswVectorStore.build([], 8).save(emptyPath);
    expect(validateHnswFile(emptyPath, 8, 0).count).toBe(0);
  });

  it('rejects a neighbour id outside the index, a huge neighbour count, a trailing byte and a truncated header', async () => {
    const badNeighbour = Buffer.from(bytes);
    badNeighbour.writeUInt32LE(1, HNSW_HEADER_BYTES); // one neighbour…
    badNeighbour.writeUInt32LE(0x7fffffff, HNSW_HEADER_BYTES + 4); // …far outside the 50 vectors
    await rejects(badNeighbour, /outside its 50 vectors/);
    const manyNeighbours = Buffer.from(bytes);
    manyNeighbours.writeUInt32LE(0xffff, HNSW_HEADER_BYTES);
    await rejects(manyNeighbours, /65535 neighbours/);
    await rejects(Buffer.concat([bytes, Buffer.from([0])]), /imply/);
    await rejects(bytes.subarray(0, HNSW_HEADER_BYTES - 1), /header alone/);
  });

  it('rejects damage far into the file: the last vector\'s label, and a file cut short in its link lists', async () => {
    // The link lists end the file: a cut there is found only once the window reaches the end.
    const cut = bytes.subarray(0, bytes.byteLength - 3);
    await rejects(cut, /truncated|bad link list|imply/);
    const badLabel = Buffer.from(bytes);
    const perElement = Number(bytes.readBigUInt64LE(24));
    const labelOffset = Number(bytes.readBigUInt64LE(32));
    badLabel.writeBigUInt64LE(50n, HNSW_HEADER_BYTES + 49 * perElement + labelOffset); // the last vector's label
    await rejects(badLabel, /labels vector 49 as 50/);
  });

  it('names a missing file as corrupt', async () => {
    expect(() => validateHnswFile(join(dir, 'none.hnsw'), 8, 1)).toThrow(/none\.hnsw is missing/);
  });
});
