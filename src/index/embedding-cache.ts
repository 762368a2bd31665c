import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { childLogger } from '../logger.ts';
import { sha256 } from '../hash.ts';
import { TEMP_MARKER, writeFileAtomic, writeFileDurable } from './generations.ts';

/**
 * Passage vectors from earlier builds, keyed by (model id, sha256 of the passage text), so that a rebuild embeds
 * only passages whose text is new. Lives beside the generations (`index/embedding-cache/`), not inside one, so it
 * survives every swap and is reused even after a failed build.
 *
 * Per model: `<model>.json` lists the keys in order and names the vectors file; the vectors file is raw float32
 * (platform byte order, little-endian everywhere Node runs), key i at [i·dimension, (i+1)·dimension). A save
 * writes a new vectors file and then swaps the key list atomically, so a reader always sees a matching pair.
 */
export const EMBEDDING_CACHE_DIR = 'embedding-cache';

const keyListSchema = z.object({
  modelId: z.string(),
  dimension: z.number().int().positive(),
  vectorsFile: z.string().regex(/^[\w.-]+\.f32$/),
  keys: z.array(z.string()),
});

const log = childLogger('embedding-cache');

/** A file-name-safe, collision-free name for a model id such as `Xenova/multilingual-e5-small`. */
function modelSlug(modelId: string): string {
  return `${modelId.replace(/[^\w.-]+/g, '_').slice(0, 80)}-${sha256(modelId).slice(0, 8)}`;
}

export class EmbeddingCache {
  private constructor(
    private readonly dir: string,
    readonly modelId: string,
    readonly dimension: number,
    private readonly vectors: Map<string, Float32Array>,
  ) {}

  /** Opens the cache of one model. A missing, damaged or mismatched cache is treated as empty: it is only a cache. */
  static async open(indexDir: string, modelId: string, dimension: number): Promise<EmbeddingCache> {
    const dir = join(indexDir, EMBEDDING_CACHE_DIR);
    const vectors = await readCache(dir, modelId, dimension).catch((error: unknown) => {
      log.warn({ err: error, modelId }, 'embedding cache unreadable; starting empty');
      return new Map<string, Float32Array>();
    });
    return new EmbeddingCache(dir, modelId, dimension, vectors);
  }

  get size(): number {
    return this.vectors.size;
  }

  get(textHash: string): Float32Array | undefined {
    return this.vectors.get(textHash);
  }

  set(textHash: string, vector: Float32Array): void {
    if (vector.length !== this.dimension) throw new Error(`cache vector has ${vector.length} dimensions, expected ${this.dimension}`);
    this.vectors.set(textHash, vector);
  }

  /**
   * Writes the cache. With `keep`, only those keys are written: the cache then tracks the current corpus instead
   * of growing with every edit ever made.
   */
  async save(keep?: ReadonlySet<string>): Promise<void> {
    const keys = [...this.vectors.keys()].filter((key) => keep === undefined || keep.has(key));
    const data = new Float32Array(keys.length * this.dimension);
    keys.forEach((key, i) => data.set(this.vectors.get(key) as Float32Array, i * this.dimension));

    await mkdir(this.dir, { recursive: true });
    const slug = modelSlug(this.modelId);
    const vectorsFile = `${slug}-${Date.now()}-${process.pid}.f32`;
    await writeFileDurable(join(this.dir, vectorsFile), new Uint8Array(data.buffer));
    const keyList = { modelId: this.modelId, dimension: this.dimension, vectorsFile, keys };
    await writeFileAtomic(join(this.dir, `${slug}.json`), JSON.stringify(keyList), this.dir);

    // Earlier vectors files of this model are unreferenced once the key list is swapped; temp files are left-overs
    // of a save that was killed (the build lock means no other save is running).
    for (const entry of await readdir(this.dir)) {
      const isOldVectors = entry.startsWith(`${slug}-`) && entry.endsWith('.f32') && entry !== vectorsFile;
      if (isOldVectors || entry.includes(TEMP_MARKER)) {
        await unlink(join(this.dir, entry)).catch(() => undefined);
      }
    }
  }
}

async function readCache(dir: string, modelId: string, dimension: number): Promise<Map<string, Float32Array>> {
  const vectors = new Map<string, Float32Array>();
  let raw: string;
  try {
    raw = await readFile(join(dir, `${modelSlug(modelId)}.json`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return vectors;
    throw error;
  }
  const keyList = keyListSchema.parse(JSON.parse(raw));
  if (keyList.modelId !== modelId || keyList.dimension !== dimension) {
    log.info({ cached: keyList.modelId, dimension: keyList.dimension }, 'embedding cache is for another model shape; ignoring it');
    return vectors;
  }
  const bytes = await readFile(join(dir, keyList.vectorsFile));
  const expected = keyList.keys.length * dimension * Float32Array.BYTES_PER_ELEMENT;
  if (bytes.byteLength !== expected) throw new Error(`${keyList.vectorsFile} has ${bytes.byteLength} bytes, expected ${expected}`);
  // Copy into an aligned buffer: a Node Buffer may start at any byte offset of its pool.
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  keyList.keys.forEach((key, i) => vectors.set(key, all.subarray(i * dimension, (i + 1) * dimension)));
  return vectors;
}
