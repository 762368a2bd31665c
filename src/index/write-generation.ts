import { join } from 'node:path';
import type { Passage } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { sha256 } from '../hash.ts';
import { INDEX_FILES } from './build.ts';
import type { GenerationWriter } from './generations.ts';
import type { HnswVectorStore } from './hnsw-store.ts';
import type { LexicalIndex } from './lexical-index.ts';
import { encodePassages } from './passage-store.ts';
import type { SentenceStore } from './sentence-store.ts';
import type { IndexManifest } from './types.ts';

/** What one generation holds, in memory, before it is written. */
export interface GenerationContent {
  passages: readonly Passage[];
  lexical: LexicalIndex;
  sentences: SentenceStore;
  vectors: HnswVectorStore | null;
  timeline: readonly TimelineEvent[];
}

/** The generation a new one is made from, whose unchanged files the new one shares. */
export interface PreviousGeneration {
  dir: string;
  manifest: IndexManifest;
}

/** How many files writeGenerationFiles writes (for progress), the manifest not included. */
export function generationFileCount(content: GenerationContent): number {
  const vectors = content.vectors;
  // passages, lexical, sentences, timeline; then the graph, its label map and its delta.
  if (!vectors) return 4;
  return 5 + (vectors.labelPositions() ? 1 : 0) + (vectors.deltaCount > 0 ? 1 : 0);
}

/**
 * Writes every file of a generation but the manifest, calling `wrote` after each. A file whose bytes the previous
 * generation already holds is hard-linked from it instead of written (writing and fsyncing is ~10 ms per MB on
 * the project's machine): the main HNSW graph when an update left it as it was (180 MB at 100k passages), and any
 * file that came out byte for byte the same (a rebuild of an unchanged corpus, the timeline of an added article
 * without dates).
 */
export async function writeGenerationFiles(writer: GenerationWriter, content: GenerationContent, previous: PreviousGeneration | null, wrote: () => Promise<void>): Promise<void> {
  const write = async (name: string, data: Uint8Array | string) => {
    const entry = previous?.manifest.files?.[name];
    const same = entry !== undefined && entry.bytes === Buffer.byteLength(data) && entry.sha256 === sha256(data);
    if (!same || !(await writer.linkFile(name, join(previous!.dir, name), entry))) await writer.writeFile(name, data);
    await wrote();
  };
  await write(INDEX_FILES.passages, encodePassages(content.passages));
  await write(INDEX_FILES.lexical, content.lexical.toBytes());
  await write(INDEX_FILES.sentences, content.sentences.toBytes());
  const vectors = content.vectors;
  if (vectors) {
    const main = previous?.manifest.files?.[INDEX_FILES.vectors];
    const shared =
      main !== undefined &&
      vectors.unchangedMainFile === join(previous!.dir, INDEX_FILES.vectors) &&
      (await writer.linkFile(INDEX_FILES.vectors, vectors.unchangedMainFile, main));
    if (!shared) {
      vectors.save(writer.path(INDEX_FILES.vectors));
      await writer.adoptFile(INDEX_FILES.vectors);
    }
    await wrote();
    if (vectors.saveDelta(writer.path(INDEX_FILES.vectorDelta))) {
      await writer.adoptFile(INDEX_FILES.vectorDelta);
      await wrote();
    }
    const labels = vectors.labelPositions();
    if (labels) await write(INDEX_FILES.vectorLabels, new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  }
  await write(INDEX_FILES.timeline, JSON.stringify(content.timeline));
}
