import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LANGUAGES, type Passage } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { BotError, isBotError } from '../errors.ts';
import { INDEX_FILES } from './build.ts';
import { sha256 } from '../hash.ts';
import { readCurrentGeneration } from './generations.ts';
import { HnswVectorStore } from './hnsw-store.ts';
import { LexicalIndex } from './lexical-index.ts';
import { SentenceStore } from './sentence-store.ts';
import { parseManifest } from './manifest.ts';
import type { IndexManifest, LoadedIndex } from './types.ts';
import { timelineFileSchema } from '../timeline/schema.ts';

// Loose objects: a field added to these shapes by another stage must survive the round trip through the index.
const metaSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  outlet: z.string(),
  url: z.string().optional(),
  lang: z.enum(LANGUAGES),
  published: z.string(),
  translated_from: z.enum(LANGUAGES).optional(),
});

const passagesSchema = z.array(
  z.looseObject({
    id: z.string(),
    docId: z.string(),
    text: z.string(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    textHash: z.string(),
    meta: metaSchema,
  }),
);

export interface OpenOptions {
  /** HNSW query beam width (setting HNSW_EF_SEARCH). */
  efSearch?: number;
}

/**
 * Loads the generation `indexDir/CURRENT` points at, checking every file against the manifest before parsing it.
 * Throws INDEX_MISSING when nothing was built yet, INDEX_CORRUPT naming the damaged file, or INDEX_STALE for an
 * index of another format.
 */
export async function openIndex(indexDir: string, options: OpenOptions = {}): Promise<LoadedIndex> {
  const generation = await currentGenerationOrThrow(indexDir);
  try {
    return await loadGeneration(indexDir, generation, options);
  } catch (error) {
    // A build may have swapped CURRENT and removed this generation while it was being read: follow it once.
    const now = await readCurrentGeneration(indexDir).catch(() => null);
    if (now !== null && now !== generation) return loadGeneration(indexDir, now, options);
    throw error;
  }
}

async function currentGenerationOrThrow(indexDir: string): Promise<string> {
  const generation = await readCurrentGeneration(indexDir);
  if (generation === null) {
    throw new BotError('INDEX_MISSING', `No index in ${indexDir}: build one with \`npm run index\``);
  }
  return generation;
}

async function loadGeneration(indexDir: string, generation: string, options: OpenOptions): Promise<LoadedIndex> {
  const dir = join(indexDir, generation);
  const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!exists) throw corrupt(`${join(indexDir, 'CURRENT')} names ${generation}, which does not exist`);

  const manifest = parseManifest(await readJson(dir, INDEX_FILES.manifest), join(dir, INDEX_FILES.manifest));
  const file = (name: string) => readVerified(dir, name, manifest);
  const verifiedJson = (name: string) => jsonOf(file(name), dir, name);

  const passages = parseWith(passagesSchema, await verifiedJson(INDEX_FILES.passages), dir, INDEX_FILES.passages) as Passage[];
  if (passages.length !== manifest.passages) {
    throw corrupt(`${join(dir, INDEX_FILES.passages)} holds ${passages.length} passages but the manifest says ${manifest.passages}`);
  }

  let lexical: LexicalIndex;
  try {
    lexical = LexicalIndex.fromBytes(await file(INDEX_FILES.lexical));
  } catch (error) {
    if (isBotError(error)) throw error;
    throw corrupt(`${join(dir, INDEX_FILES.lexical)} is not a lexical index: ${(error as Error).message}`, error);
  }

  const sentences = SentenceStore.fromBytes(await file(INDEX_FILES.sentences), passages);

  let vectors: HnswVectorStore | null = null;
  if (manifest.model) {
    const bytes = await file(INDEX_FILES.vectors);
    const labels = manifest.files?.[INDEX_FILES.vectorLabels] ? await file(INDEX_FILES.vectorLabels) : undefined;
    if (labels !== undefined && labels.byteLength % 4 !== 0) throw corrupt(`${join(dir, INDEX_FILES.vectorLabels)} is not a list of labels`);
    const positions = labels === undefined ? undefined : new Uint32Array(Uint8Array.from(labels).buffer);
    vectors = await HnswVectorStore.load(join(dir, INDEX_FILES.vectors), manifest.model.dimension, manifest.passages, {
      efSearch: options.efSearch,
    }, bytes, positions);
  }

  const timeline = parseWith(timelineFileSchema, await verifiedJson(INDEX_FILES.timeline), dir, INDEX_FILES.timeline) as TimelineEvent[];

  return { dir, manifest, passages, lexical, vectors, timeline, sentences };
}

function corrupt(message: string, cause?: unknown): BotError {
  return new BotError('INDEX_CORRUPT', `${message}; rebuild the index with \`npm run index\``, { cause });
}

async function readJson(dir: string, name: string): Promise<unknown> {
  return jsonOf(readOrCorrupt(dir, name), dir, name);
}

async function readOrCorrupt(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw corrupt(`${join(dir, name)} is missing`, error);
    throw error;
  }
}

/** Reads a generation file and proves it is byte for byte what the build wrote, before anything parses it. */
async function readVerified(dir: string, name: string, manifest: IndexManifest): Promise<Buffer> {
  const expected = manifest.files?.[name];
  if (!expected) throw corrupt(`${join(dir, 'manifest.json')} does not list ${name}`);
  const data = await readOrCorrupt(dir, name);
  if (data.byteLength !== expected.bytes) {
    throw corrupt(`${join(dir, name)} is ${data.byteLength < expected.bytes ? 'truncated' : 'too long'}: ${data.byteLength} bytes, the manifest says ${expected.bytes}`);
  }
  if (sha256(data) !== expected.sha256) throw corrupt(`${join(dir, name)} does not match its checksum in the manifest`);
  return data;
}

async function jsonOf(data: Promise<Buffer>, dir: string, name: string): Promise<unknown> {
  const bytes = await data;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw corrupt(`${join(dir, name)} is not valid JSON (${(error as Error).message})`, error);
  }
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, dir: string, name: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw corrupt(`${join(dir, name)} has an unexpected shape (${problems.join('; ')})`);
}
