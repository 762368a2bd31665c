import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { TimelineEvent } from '../engine-types.ts';
import { BotError, isBotError } from '../errors.ts';
import { INDEX_FILES } from './build.ts';
import { readShared, sha256All, type ChecksumInput } from './checksums.ts';
import { readCurrentGeneration } from './generations.ts';
import { HnswVectorStore } from './hnsw-store.ts';
import { LexicalIndex } from './lexical-index.ts';
import { decodePassages } from './passage-store.ts';
import { SentenceStore } from './sentence-store.ts';
import { parseManifest } from './manifest.ts';
import type { IndexManifest, LoadedIndex } from './types.ts';
import type { Passage } from '../domain.ts';
import { timelineFileSchema } from '../timeline/schema.ts';

export interface OpenOptions {
  /** HNSW query beam width (setting HNSW_EF_SEARCH). */
  efSearch?: number;
}

/**
 * Loads the generation `indexDir/CURRENT` points at, checking every file against the manifest (size before parsing,
 * sha256 before returning).
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
  const hybrid = manifest.model !== null;
  const listed = (name: string) => manifest.files?.[name] !== undefined;
  const names = [
    INDEX_FILES.passages,
    ...(listed(INDEX_FILES.passagesAdded) ? [INDEX_FILES.passagesAdded] : []),
    INDEX_FILES.lexical,
    INDEX_FILES.sentences,
    INDEX_FILES.timeline,
    ...(hybrid ? [INDEX_FILES.vectors] : []),
    ...(hybrid && listed(INDEX_FILES.vectorLabels) ? [INDEX_FILES.vectorLabels] : []),
    ...(hybrid && listed(INDEX_FILES.vectorDelta) ? [INDEX_FILES.vectorDelta] : []),
  ];
  // Every file is read once, all at once, and its size checked; the checksums are computed meanwhile (off this
  // thread for a large index) and every one is awaited before this returns, or before a parse error is reported.
  // The HNSW graphs are not read here: hnswlib reads them itself, after HnswVectorStore.load proved their layout
  // through a window, and the checksum worker hashes them through one too, so no JavaScript copy of them exists.
  // hnswlib's read is the longest step (0.7 s at 100k passages), so it starts first, while the other files are read.
  const graphs = new Set<string>([INDEX_FILES.vectors, INDEX_FILES.vectorDelta, INDEX_FILES.vectorLabels]);
  const files = names.filter((name) => !graphs.has(name));
  const reading = Promise.all(files.map((name) => readSized(dir, name, manifest)));
  reading.catch(() => undefined); // awaited below, after the graphs' own failures
  const graphInputs = new Map<string, ChecksumInput>();
  for (const name of names.filter((n) => graphs.has(n))) {
    graphInputs.set(name, name === INDEX_FILES.vectorLabels ? await readSized(dir, name, manifest) : await statSized(dir, name, manifest));
  }
  const labelBytes = graphInputs.get(INDEX_FILES.vectorLabels) as Buffer | undefined;
  const vectorsLoading = hybrid ? loadVectors(dir, manifest, options, labelBytes ?? null) : null;
  vectorsLoading?.catch(() => undefined); // awaited in decodeGeneration; a failure elsewhere first must not leave it unhandled
  const contents = await reading;
  const bytesOf = new Map(files.map((name, i) => [name, contents[i]!]));
  const verified = verifyChecksums(dir, names, names.map((name) => graphInputs.get(name) ?? bytesOf.get(name)!), manifest);
  verified.catch(() => undefined); // awaited below
  try {
    return await decodeGeneration(dir, manifest, bytesOf, vectorsLoading, verified);
  } catch (error) {
    await verified; // a file that fails its checksum is reported as such, whatever its parser made of it
    throw error;
  }
}

/**
 * The vector store, validated synchronously by HnswVectorStore.load up to hnswlib's reads, which then run on libuv's
 * thread pool: the promise is made before anything else is decoded.
 */
async function loadVectors(dir: string, manifest: IndexManifest, options: OpenOptions, labelBytes: Buffer | null): Promise<HnswVectorStore> {
  if (labelBytes !== null && labelBytes.byteLength % 4 !== 0) throw corrupt(`${join(dir, INDEX_FILES.vectorLabels)} is not a list of labels`);
  const positions = labelBytes === null ? undefined : new Uint32Array(Uint8Array.from(labelBytes).buffer);
  const delta = manifest.files?.[INDEX_FILES.vectorDelta] !== undefined ? join(dir, INDEX_FILES.vectorDelta) : undefined;
  return HnswVectorStore.load(join(dir, INDEX_FILES.vectors), manifest.model!.dimension, manifest.passages, { efSearch: options.efSearch }, positions, delta);
}

async function decodeGeneration(
  dir: string,
  manifest: IndexManifest,
  bytesOf: Map<string, Buffer>,
  vectorsLoading: Promise<HnswVectorStore> | null,
  verified: Promise<void>,
): Promise<LoadedIndex> {
  const passageBytes = bytesOf.get(INDEX_FILES.passages)!;
  const lexicalBytes = bytesOf.get(INDEX_FILES.lexical)!;
  const sentenceBytes = bytesOf.get(INDEX_FILES.sentences)!;
  const timelineBytes = bytesOf.get(INDEX_FILES.timeline)!;

  let passages: Passage[];
  try {
    passages = decodePassages(passageBytes);
  } catch (error) {
    throw named(error, dir, INDEX_FILES.passages);
  }
  const mainPassages = passages.length;
  const addedBytes = bytesOf.get(INDEX_FILES.passagesAdded);
  if (addedBytes !== undefined) {
    try {
      passages = passages.concat(decodePassages(addedBytes));
    } catch (error) {
      throw named(error, dir, INDEX_FILES.passagesAdded);
    }
  }
  if (passages.length !== manifest.passages) {
    throw corrupt(`${join(dir, INDEX_FILES.passages)} holds ${passages.length} passages but the manifest says ${manifest.passages}`);
  }

  let lexical: LexicalIndex;
  try {
    lexical = LexicalIndex.fromBytes(lexicalBytes, { verified: true });
  } catch (error) {
    throw named(error, dir, INDEX_FILES.lexical);
  }

  let sentences: SentenceStore;
  try {
    sentences = SentenceStore.fromBytes(sentenceBytes, passages, { verified: true });
  } catch (error) {
    throw named(error, dir, INDEX_FILES.sentences);
  }
  const timeline = parseWith(timelineFileSchema, await jsonOf(Promise.resolve(timelineBytes), dir, INDEX_FILES.timeline), dir, INDEX_FILES.timeline) as TimelineEvent[];
  const vectors = vectorsLoading === null ? null : await vectorsLoading;
  await verified;
  return { dir, manifest, passages, mainPassages, lexical, vectors, timeline, sentences };
}

/** A parser's INDEX_CORRUPT, or any other failure, as INDEX_CORRUPT naming the generation file it came from. */
function named(error: unknown, dir: string, name: string): BotError {
  const reason = isBotError(error) ? error.message : `it is not readable: ${(error as Error).message}`;
  return isBotError(error) && error.message.includes(name) ? error : corrupt(`${join(dir, name)}: ${reason}`, error);
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

/** Reads a generation file the manifest lists, and checks its size (a truncated file is named as such). */
async function readSized(dir: string, name: string, manifest: IndexManifest): Promise<Buffer> {
  const expected = manifest.files?.[name];
  if (!expected) throw corrupt(`${join(dir, 'manifest.json')} does not list ${name}`);
  let data: Buffer;
  try {
    data = await readShared(join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw corrupt(`${join(dir, name)} is missing`, error);
    throw error;
  }
  if (data.byteLength !== expected.bytes) {
    throw corrupt(`${join(dir, name)} is ${data.byteLength < expected.bytes ? 'truncated' : 'too long'}: ${data.byteLength} bytes, the manifest says ${expected.bytes}`);
  }
  return data;
}

/** Checks the size of a generation file the manifest lists without reading it (the HNSW graphs, see loadGeneration). */
async function statSized(dir: string, name: string, manifest: IndexManifest): Promise<ChecksumInput> {
  const expected = manifest.files?.[name];
  if (!expected) throw corrupt(`${join(dir, 'manifest.json')} does not list ${name}`);
  const path = join(dir, name);
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw corrupt(`${path} is missing`, error);
    throw error;
  }
  if (bytes !== expected.bytes) throw corrupt(`${path} is ${bytes < expected.bytes ? 'truncated' : 'too long'}: ${bytes} bytes, the manifest says ${expected.bytes}`);
  return { path, bytes };
}

/** Proves every file is byte for byte what the build wrote. */
async function verifyChecksums(dir: string, names: readonly string[], inputs: readonly ChecksumInput[], manifest: IndexManifest): Promise<void> {
  const digests = await sha256All(inputs);
  names.forEach((name, i) => {
    if (digests[i] !== manifest.files![name]!.sha256) throw corrupt(`${join(dir, name)} does not match its checksum in the manifest`);
  });
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
