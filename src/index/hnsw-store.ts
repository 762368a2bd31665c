import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import hnswlib from 'hnswlib-node';
import { BotError } from '../errors.ts';
import { DELTA_SEGMENT_SHARE, FILE_WINDOW_BYTES, MIN_DELTA_SEGMENT } from '../limits.ts';
import type { VectorHit, VectorStore } from './types.ts';

const { HierarchicalNSW } = hnswlib;
type HnswIndex = InstanceType<typeof HierarchicalNSW>;

/**
 * Graph degree. Measured on 3,000 random unit vectors of 384 dimensions (the hardest case: no cluster structure)
 * at efSearch 200: M=16 gives recall@10 0.965, M=24 0.989, M=32 0.998 for ~10% more build time. Real embeddings
 * are easier than random ones, so 32 leaves a margin.
 */
export const HNSW_M = 32;
/** Build-time beam width. Higher builds a better graph; the corpus is small, so build time is not the constraint. */
export const HNSW_EF_CONSTRUCTION = 200;
/** Fixed so that the same vectors always give the same graph (reproducible builds and tests). */
export const HNSW_RANDOM_SEED = 100;
/** Query-time beam width; overridden by the HNSW_EF_SEARCH setting. */
export const DEFAULT_EF_SEARCH = 200;

export interface HnswOptions {
  efSearch?: number;
}

/**
 * Approximate nearest neighbours over L2-normalised vectors, on hnswlib's cosine space.
 * Labels are the positions of the vectors passed to `build`, i.e. positions in `LoadedIndex.passages`.
 */
export class HnswVectorStore implements VectorStore {
  private constructor(
    /** The main graph: what a full build made, and what an update leaves untouched (its file is shared, see build.ts). */
    private readonly index: HnswIndex,
    readonly dimension: number,
    private readonly efSearch: number,
    /**
     * Label → passage position, DELETED for a passage removed by an update. Labels 0…n−1 are the main graph's, then
     * n… the delta graph's. null: labels are positions (a full build, no delta).
     */
    private readonly positions: Uint32Array | null = null,
    /** Passages added by updates since the last full build or merge, in a graph of their own (see extend). */
    private readonly delta: HnswIndex | null = null,
    /** The file the main graph was read from while it is unchanged: an update can share that file instead of saving. */
    private readonly mainSource: string | null = null,
  ) {
    index.setEf(efSearch);
    delta?.setEf(efSearch);
    // Counted once: the label map never changes for the life of a store (extend makes a new one).
    const mainCount = index.getCurrentCount();
    let live = 0;
    let mainDeleted = false;
    let deltaDeleted = false;
    for (let label = 0; label < (positions?.length ?? 0); label++) {
      if (positions![label] !== DELETED) live++;
      else if (label < mainCount) mainDeleted = true;
      else deltaDeleted = true;
    }
    this.live = positions === null ? mainCount : live;
    this.mainHasDeleted = mainDeleted;
    this.deltaHasDeleted = deltaDeleted;
  }

  private readonly live: number;
  /** Whether searches of the main graph (or the delta) must filter out removed passages' vectors. */
  private readonly mainHasDeleted: boolean;
  private readonly deltaHasDeleted: boolean;

  /** Live vectors: one per passage. */
  get size(): number {
    return this.live;
  }

  /** The label → position map to store beside the graphs, or null when labels are positions. */
  labelPositions(): Uint32Array | null {
    return this.positions;
  }

  /** Vectors in the delta graph (live or deleted); 0 without one. */
  get deltaCount(): number {
    return this.delta?.getCurrentCount() ?? 0;
  }

  /** The file this store's main graph was loaded from, when the graph is unchanged since: its bytes are still right. */
  get unchangedMainFile(): string | null {
    return this.mainSource;
  }

  /**
   * The store of the next generation, made from this one instead of from nothing (building the graph is minutes at
   * 100k): `reuse[i]` is the position in this store's passages of the passage now at position i when its vector is
   * unchanged, or null for a new passage, whose vector `vectorOf(i)` gives. Vectors of passages no longer there are
   * marked deleted in the label map (searches filter them out, as hnswlib's own markDelete would).
   *
   * New vectors go to the small delta graph, so the main graph stays as it was and its file (180 MB at 100k) is
   * shared by the next generation instead of saved again: that write dominated "one article added". Once the delta
   * outgrows DELTA_SEGMENT_SHARE of the main graph, it is merged into the main graph (saved whole, once). The graphs
   * are modified in place, so this store must not be searched afterwards.
   */
  extend(reuse: readonly (number | null)[], vectorOf: (position: number) => Float32Array): HnswVectorStore {
    const mainCount = this.index.getCurrentCount();
    const total = mainCount + this.deltaCount;
    const labelOf = new Map<number, number>();
    for (let label = 0; label < total; label++) {
      const position = this.positions === null ? label : this.positions[label]!;
      if (position !== DELETED) labelOf.set(position, label);
    }
    const kept = new Map<number, number>(); // new position → label it keeps
    reuse.forEach((old, position) => {
      if (old === null) return;
      const label = labelOf.get(old);
      if (label === undefined) throw new BotError('INTERNAL', `passage ${old} has no vector in the previous generation`);
      kept.set(position, label);
      labelOf.delete(old);
    });
    const added = reuse.length - kept.size;
    const liveInDelta = [...kept.values()].filter((label) => label >= mainCount).length;
    const merge = this.deltaCount + added > Math.max(MIN_DELTA_SEGMENT, Math.floor(mainCount * DELTA_SEGMENT_SHARE));

    if (merge) {
      // The delta's live vectors and the new ones join the main graph, which is then saved whole.
      const incoming = liveInDelta + added;
      if (incoming > 0) this.index.resizeIndex(mainCount + incoming);
      const positions = new Uint32Array(mainCount + incoming).fill(DELETED);
      let next = mainCount;
      reuse.forEach((_, position) => {
        const label = kept.get(position);
        if (label !== undefined && label < mainCount) {
          positions[label] = position;
          return;
        }
        const vector = label === undefined ? vectorOf(position) : Float32Array.from(this.delta!.getPoint(label - mainCount));
        assertVector(vector, this.dimension, `vector ${position}`);
        this.index.addPoint(Array.from(vector), next);
        positions[next++] = position;
      });
      return new HnswVectorStore(this.index, this.dimension, this.efSearch, positions, null, null);
    }

    const deltaCount = this.deltaCount;
    const delta = this.delta ?? newGraph(this.dimension, Math.max(1, added));
    if (this.delta !== null && added > 0) delta.resizeIndex(deltaCount + added);
    const positions = new Uint32Array(total + added).fill(DELETED);
    let next = deltaCount;
    reuse.forEach((_, position) => {
      const label = kept.get(position);
      if (label !== undefined) {
        positions[label] = position;
        return;
      }
      const vector = vectorOf(position);
      assertVector(vector, this.dimension, `vector ${position}`);
      delta.addPoint(Array.from(vector), next);
      positions[mainCount + next++] = position;
    });
    return new HnswVectorStore(this.index, this.dimension, this.efSearch, positions, next > 0 ? delta : null, this.mainSource);
  }

  /** Vectors marked deleted, which still take room in the graphs until a full rebuild. */
  get deletedCount(): number {
    return this.positions === null ? 0 : this.positions.length - this.size;
  }

  static build(vectors: readonly Float32Array[], dimension: number, options: HnswOptions = {}): HnswVectorStore {
    // hnswlib refuses an index of capacity 0; an empty corpus still gets a valid (empty) store.
    const index = newGraph(dimension, Math.max(1, vectors.length));
    vectors.forEach((vector, label) => {
      assertVector(vector, dimension, `vector ${label}`);
      index.addPoint(Array.from(vector), label);
    });
    return new HnswVectorStore(index, dimension, options.efSearch ?? DEFAULT_EF_SEARCH);
  }

  /**
   * Reads a saved index and proves it is the one the manifest describes: hnswlib's file does not record the
   * dimension, and reading it with the wrong one would silently return nonsense, so the header is checked first.
   * `deltaPath` is the delta graph an update saved beside the main one (see extend); `positions` then maps both.
   */
  static async load(
    path: string,
    dimension: number,
    count: number,
    options: HnswOptions = {},
    positions?: Uint32Array,
    deltaPath?: string,
  ): Promise<HnswVectorStore> {
    // hnswlib trusts its file: offsets, counts and neighbour ids are used as read, and a crafted one crashes the
    // process (SIGSEGV) where no catch can help. The whole layout is proved here first, so hnswlib only ever reads
    // a file that is exactly what it would have written for this dimension and passage count. The proof reads the
    // file through a window: a whole JavaScript copy of the graph beside hnswlib's own was 181 MB of the serving
    // process's peak at 100k passages.
    //
    // Everything up to hnswlib's reads is synchronous (0.1 s at 100k, from the page cache): the reads start on libuv's
    // thread pool before this returns, so they run while the caller decodes its other files (open.ts); an await
    // before them would let that decoding run first and put the reads after it.
    if (positions !== undefined) checkPositions(positions, count, path);
    if (deltaPath !== undefined && positions === undefined) throw hnswCorrupt(deltaPath, 'comes without a label map');
    const labels = positions?.length ?? count;
    const deltaCount = deltaPath === undefined ? 0 : headerOf(deltaPath).count;
    if (deltaCount > labels) throw hnswCorrupt(deltaPath!, `holds ${deltaCount} vectors, more than the ${labels} labels of the index`);
    if (deltaPath !== undefined) validateHnswFile(deltaPath, dimension, deltaCount);
    validateHnswFile(path, dimension, labels - deltaCount);
    const [index, deltaIndex] = await Promise.all([readGraph(path, dimension), deltaPath === undefined ? null : readGraph(deltaPath, dimension)]);
    return new HnswVectorStore(index, dimension, options.efSearch ?? DEFAULT_EF_SEARCH, positions ?? null, deltaIndex, path);
  }

  search(query: Float32Array, k: number): VectorHit[] {
    assertVector(query, this.dimension, 'query');
    const wanted = Math.min(k, this.size);
    if (wanted <= 0) return [];
    const point = Array.from(query);
    const positions = this.positions;
    if (positions === null) return searchGraph(this.index, point, wanted, this.efSearch, 0, null);
    const mainCount = this.index.getCurrentCount();
    const hits = searchGraph(this.index, point, Math.min(wanted, mainCount), this.efSearch, 0, positions, this.mainHasDeleted);
    if (this.delta !== null) {
      // The best `wanted` of both graphs: each graph's own best `wanted` hold them all.
      hits.push(...searchGraph(this.delta, point, Math.min(wanted, this.deltaCount), this.efSearch, mainCount, positions, this.deltaHasDeleted));
      hits.sort((a, b) => b.similarity - a.similarity || a.label - b.label);
    }
    return hits.slice(0, wanted);
  }

  /** Saves the main graph (hnswlib writes the file itself). */
  save(path: string): void {
    this.index.writeIndexSync(path);
  }

  /** Saves the delta graph, if there is one (see extend). */
  saveDelta(path: string): boolean {
    if (this.delta === null) return false;
    this.delta.writeIndexSync(path);
    return true;
  }
}

function newGraph(dimension: number, capacity: number): HnswIndex {
  const index = new HierarchicalNSW('cosine', dimension);
  index.initIndex({ maxElements: capacity, m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, randomSeed: HNSW_RANDOM_SEED });
  return index;
}

async function readGraph(path: string, dimension: number): Promise<HnswIndex> {
  const index = new HierarchicalNSW('cosine', dimension);
  try {
    await index.readIndex(path);
  } catch (error) {
    throw new BotError('INDEX_CORRUPT', `${path} could not be read by hnswlib: ${(error as Error).message}`, { cause: error });
  }
  return index;
}

/**
 * The `k` nearest live vectors of one graph, as passage positions. `offset` turns the graph's labels into the
 * store's (the delta graph's labels follow the main graph's); `positions` null: labels are positions.
 */
function searchGraph(graph: HnswIndex, point: number[], k: number, efSearch: number, offset: number, positions: Uint32Array | null, hasDeleted = false): VectorHit[] {
  if (k <= 0) return [];
  // hnswlib cannot return more neighbours than its beam holds.
  graph.setEf(Math.max(efSearch, k));
  // Removed passages are skipped during the search, as hnswlib skips vectors marked deleted. A filter is a call
  // back into JavaScript per candidate, so a graph without removed passages is searched without one.
  const live = positions === null || !hasDeleted ? undefined : (label: number) => positions[label + offset] !== DELETED;
  const { distances, neighbors } = graph.searchKnn(point, k, live);
  // Cosine space distance is 1 − cosine similarity.
  return neighbors.map((label, i) => ({ label: positions === null ? label : positions[label + offset]!, similarity: 1 - (distances[i] ?? 1) }));
}

/** A label whose passage an update removed. */
export const DELETED = 0xffffffff;

/** Every passage has exactly one live label; every live label names a passage. */
function checkPositions(positions: Uint32Array, passages: number, path: string): void {
  const seen = new Uint8Array(passages);
  let live = 0;
  for (const p of positions) {
    if (p === DELETED) continue;
    if (p >= passages || seen[p] === 1) throw hnswCorrupt(path, `has a label map naming passage ${p} twice or outside its ${passages} passages`);
    seen[p] = 1;
    live++;
  }
  if (live !== passages) throw hnswCorrupt(path, `has vectors for ${live} passages, the index has ${passages}`);
}

/** Exact nearest neighbours by scanning every vector: the yardstick for HNSW recall and a fallback for tiny sets. */
export function bruteForceSearch(vectors: readonly Float32Array[], query: Float32Array, k: number): VectorHit[] {
  const queryNorm = Math.hypot(...query) || 1;
  const scored = vectors.map((vector, label) => {
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < vector.length; i++) {
      const value = vector[i] ?? 0;
      dot += value * (query[i] ?? 0);
      norm += value * value;
    }
    return { label, similarity: dot / ((Math.sqrt(norm) || 1) * queryNorm) };
  });
  return scored.sort((a, b) => b.similarity - a.similarity || a.label - b.label).slice(0, Math.max(0, k));
}

function assertVector(vector: Float32Array, dimension: number, what: string): void {
  if (vector.length !== dimension) {
    throw new BotError('INTERNAL', `${what} has ${vector.length} dimensions, expected ${dimension}`);
  }
}

/**
 * Byte layout of hnswlib's saved index (hnswalg.h `saveIndex`, bundled with hnswlib-node), little-endian:
 *
 *   size_t offsetLevel0, max_elements, cur_element_count, size_data_per_element, label_offset, offsetData
 *   int maxlevel; unsigned int enterpoint_node; size_t maxM, maxM0, M; double mult; size_t ef_construction
 *   cur_element_count × size_data_per_element bytes of level-0 elements:
 *     [0, offsetData)            unsigned int neighbour count (low 16 bits), then maxM0 unsigned int neighbour ids
 *     [offsetData, label_offset) the vector, float32 in the cosine and ip spaces
 *     [label_offset, +8)         size_t label
 *   per element: unsigned int linkListSize, then linkListSize bytes of upper-level lists, each
 *     (maxM + 1) unsigned ints laid out like the level-0 list.
 */
export const HNSW_HEADER_BYTES = 96;
const U32 = 4;
const SIZE_T = 8;
const LABEL_BYTES = SIZE_T;
/** enterpoint_node of an index with no element: tableint(-1). */
const NO_ENTRY_POINT = 0xffffffff;
/** hnswlib caps element levels far below this; a larger maxlevel only comes from a damaged or crafted file. */
const MAX_HNSW_LEVEL = 64;

export interface HnswHeader {
  offsetLevel0: number;
  maxElements: number;
  count: number;
  sizeDataPerElement: number;
  labelOffset: number;
  offsetData: number;
  maxLevel: number;
  enterPoint: number;
  maxM: number;
  maxM0: number;
  m: number;
  mult: number;
  efConstruction: number;
  /** Derived from the layout: (labelOffset − offsetData) / 4. */
  dimension: number;
}

/**
 * Reads the header fields. 64-bit values beyond 2^53 lose precision as numbers; that is harmless because they
 * only fail the later checks, they are never used as offsets.
 */
export function parseHnswHeader(bytes: Uint8Array, path: string): HnswHeader {
  if (bytes.byteLength < HNSW_HEADER_BYTES) throw hnswCorrupt(path, `is truncated (${bytes.byteLength} bytes, the header alone is ${HNSW_HEADER_BYTES})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeT = (at: number) => Number(view.getBigUint64(at, true));
  const header = {
    offsetLevel0: sizeT(0),
    maxElements: sizeT(8),
    count: sizeT(16),
    sizeDataPerElement: sizeT(24),
    labelOffset: sizeT(32),
    offsetData: sizeT(40),
    maxLevel: view.getInt32(48, true),
    enterPoint: view.getUint32(52, true),
    maxM: sizeT(56),
    maxM0: sizeT(64),
    m: sizeT(72),
    mult: view.getFloat64(80, true),
    efConstruction: sizeT(88),
  };
  return { ...header, dimension: (header.labelOffset - header.offsetData) / U32 };
}

/**
 * A file read front to back through a window of memory (FILE_WINDOW_BYTES, or larger when one item needs more):
 * `fill(at, n)` makes bytes [at, at + n) readable; `at` never goes back before the last fill's.
 */
class FileWindow {
  private buffer: Buffer;
  private view: DataView;
  /** File offsets of the window's first byte and one past its last read byte. */
  private start = 0;
  end = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    window: number,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.max(1, window));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  /** Reads on from `at` until [at, at + n) is in the window; false when the file ends first. */
  fill(at: number, n: number): boolean {
    if (at + n > this.size) return false;
    const keep = Math.max(0, this.end - at);
    if (n > this.buffer.byteLength) {
      const larger = Buffer.allocUnsafe(n);
      this.buffer.copy(larger, 0, at - this.start, this.end - this.start);
      this.buffer = larger;
      this.view = new DataView(larger.buffer, larger.byteOffset, larger.byteLength);
    } else if (keep > 0) this.buffer.copy(this.buffer, 0, at - this.start, this.end - this.start);
    this.start = at;
    this.end = at + keep;
    while (this.end < at + n) {
      const room = Math.min(this.buffer.byteLength - (this.end - at), this.size - this.end);
      const bytesRead = readSync(this.fd, this.buffer, this.end - at, room, this.end);
      if (bytesRead === 0) return false; // shrank while being read
      this.end += bytesRead;
    }
    return true;
  }

  bytes(at: number, n: number): Uint8Array {
    return this.buffer.subarray(at - this.start, at - this.start + n);
  }

  u32(at: number): number {
    return this.view.getUint32(at - this.start, true);
  }

  u64(at: number): number {
    return Number(this.view.getBigUint64(at - this.start, true));
  }
}

/**
 * Proves that the file at `path` is an hnswlib index of `count` float32 vectors of `dimension`, as
 * HnswVectorStore.build writes it: every header field agrees with the others, with the dimension and with the
 * passage count, the file is exactly as long as the header implies, and every neighbour id and label points inside
 * the index. Reads the file once, front to back, `window` bytes at a time (synchronously: see load). Throws
 * INDEX_CORRUPT.
 */
export function validateHnswFile(path: string, dimension: number, count: number, window = FILE_WINDOW_BYTES): HnswHeader {
  const fd = openGraphFile(path);
  try {
    return walkHnswFile(new FileWindow(fd, fstatSync(fd).size, window), path, dimension, count);
  } finally {
    closeSync(fd);
  }
}

function walkHnswFile(file: FileWindow, path: string, dimension: number, count: number): HnswHeader {
  const fail = (what: string): never => {
    throw hnswCorrupt(path, what);
  };
  if (!file.fill(0, HNSW_HEADER_BYTES)) fail(`is truncated (${file.size} bytes, the header alone is ${HNSW_HEADER_BYTES})`);
  const h = parseHnswHeader(file.bytes(0, HNSW_HEADER_BYTES), path);
  const linksLevel0 = h.maxM0 * U32 + U32;
  const linksPerLevel = h.maxM * U32 + U32;
  if (h.offsetLevel0 !== 0) fail(`has offsetLevel0 ${h.offsetLevel0}, expected 0`);
  if (h.m < 1 || h.maxM !== h.m || h.maxM0 !== 2 * h.m || h.m > 0xffff) fail(`has inconsistent graph degrees (M ${h.m}, maxM ${h.maxM}, maxM0 ${h.maxM0})`);
  if (h.offsetData !== linksLevel0) fail(`has offsetData ${h.offsetData}, expected ${linksLevel0} for maxM0 ${h.maxM0}`);
  if (h.dimension !== dimension) fail(`holds ${h.dimension}-dimensional vectors but the manifest says ${dimension}`);
  if (h.sizeDataPerElement !== h.labelOffset + LABEL_BYTES) fail(`has ${h.sizeDataPerElement} bytes per element, expected ${h.labelOffset + LABEL_BYTES}`);
  if (h.count !== count) fail(`holds ${h.count} vectors but the index has ${count} passages`);
  // The build sizes the index to the corpus; a larger capacity would make hnswlib allocate for elements that do not exist.
  if (h.maxElements < h.count || h.maxElements > Math.max(1, count)) fail(`claims capacity for ${h.maxElements} vectors, expected ${Math.max(1, count)}`);
  // An index with no element has max level -1 (nothing inserted yet).
  if (h.maxLevel < (h.count === 0 ? -1 : 0) || h.maxLevel > MAX_HNSW_LEVEL) fail(`has max level ${h.maxLevel}`);
  if (h.count === 0 ? h.enterPoint !== NO_ENTRY_POINT && h.enterPoint !== 0 : h.enterPoint >= h.count) fail(`has entry point ${h.enterPoint} outside its ${h.count} vectors`);

  const level0End = HNSW_HEADER_BYTES + h.count * h.sizeDataPerElement;
  if (level0End > file.size) fail(`is truncated: ${file.size} bytes, the header implies at least ${level0End}`);
  const checkList = (at: number, capacity: number, what: string) => {
    const size = file.u32(at) & 0xffff; // hnswlib reads the count as an unsigned short
    if (size > capacity) fail(`has ${size} neighbours in ${what}, at most ${capacity} fit`);
    for (let i = 0; i < size; i++) {
      const id = file.u32(at + U32 * (i + 1));
      if (id >= h.count) fail(`links ${what} to vector ${id}, outside its ${h.count} vectors`);
    }
  };
  const truncated = () => fail(`is truncated: ${file.size} bytes were read before its end`);
  for (let element = 0; element < h.count; element++) {
    const at = HNSW_HEADER_BYTES + element * h.sizeDataPerElement;
    if (at + h.sizeDataPerElement > file.end && !file.fill(at, h.sizeDataPerElement)) truncated();
    checkList(at, h.maxM0, `vector ${element} (level 0)`);
    const label = file.u64(at + h.labelOffset);
    if (label >= h.count) fail(`labels vector ${element} as ${label}, outside its ${h.count} passages`);
  }
  let at = level0End;
  for (let element = 0; element < h.count; element++) {
    if (at + U32 > file.end && !file.fill(at, U32)) fail(`is truncated in the link lists of vector ${element}`);
    const listBytes = file.u32(at);
    at += U32;
    if (listBytes % linksPerLevel !== 0 || listBytes / linksPerLevel > h.maxLevel || at + listBytes > file.size) {
      fail(`has a bad link list size ${listBytes} for vector ${element}`);
    }
    if (at + listBytes > file.end && !file.fill(at, listBytes)) truncated();
    for (let level = 0; level < listBytes / linksPerLevel; level++) checkList(at + level * linksPerLevel, h.maxM, `vector ${element} (level ${level + 1})`);
    at += listBytes;
  }
  if (at !== file.size) fail(`is ${file.size} bytes, the header and link lists imply ${at}`);
  return h;
}

function openGraphFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw hnswCorrupt(path, 'is missing');
    throw error;
  }
}

/** The count and dimension a saved index claims, from its header alone (the rest of the file is not read). */
export async function readHnswHeader(path: string): Promise<{ count: number; dimension: number }> {
  const { count, dimension } = headerOf(path);
  return { count, dimension };
}

function headerOf(path: string): HnswHeader {
  const fd = openGraphFile(path);
  try {
    const header = Buffer.alloc(HNSW_HEADER_BYTES);
    return parseHnswHeader(header.subarray(0, readSync(fd, header, 0, HNSW_HEADER_BYTES, 0)), path);
  } finally {
    closeSync(fd);
  }
}

function hnswCorrupt(path: string, what: string): BotError {
  return new BotError('INDEX_CORRUPT', `${path} ${what}; it is not the hnswlib index this build writes`);
}
