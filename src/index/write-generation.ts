import { join } from 'node:path';
import type { Passage } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';
import { sha256 } from '../hash.ts';
import { INDEX_FILES } from './build.ts';
import type { GenerationWriter } from './generations.ts';
import type { HnswVectorStore } from './hnsw-store.ts';
import type { LexicalIndex } from './lexical-index.ts';
import { encodePassages, textLengthOf } from './passage-store.ts';
import type { SentenceStore } from './sentence-store.ts';
import type { IndexManifest } from './types.ts';
import { DELTA_SEGMENT_SHARE, MIN_DELTA_SEGMENT } from '../limits.ts';

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
  passages: readonly Passage[];
  /** Passages in its passages.bin (the rest in passages-added.bin); absent: all of them. */
  mainPassages?: number;
}

/** How many files writeGenerationFiles writes (for progress), the manifest not included. */
export function generationFileCount(content: GenerationContent, previous: PreviousGeneration | null): number {
  const vectors = content.vectors;
  // passages (and those added), lexical, sentences, timeline; then the graph, its label map and its delta.
  const passages = appendedTo(previous, content.passages) > 0 ? 2 : 1;
  if (!vectors) return 3 + passages;
  return 4 + passages + (vectors.labelPositions() ? 1 : 0) + (vectors.deltaCount > 0 ? 1 : 0);
}

/**
 * When `next` is the previous generation's passages.bin followed by passages that fit a delta file, the number of
 * passages that file holds (shared, not written again); 0 otherwise. Corpus files sort by name, which starts with
 * the date, so a new article's passages usually come last.
 */
function appendedTo(previous: PreviousGeneration | null, next: readonly Passage[]): number {
  if (previous === null || previous.manifest.files?.[INDEX_FILES.passages] === undefined) return 0;
  const main = previous.mainPassages ?? previous.passages.length;
  const added = next.length - main;
  if (main === 0 || added <= 0 || added > Math.max(MIN_DELTA_SEGMENT, Math.floor(main * DELTA_SEGMENT_SHARE))) return 0;
  for (let i = 0; i < main; i++) if (!samePassage(previous.passages[i]!, next[i]!)) return 0;
  return main;
}

/**
 * The text is compared by its sha256 and length, not character by character: a stored passage's text is decoded
 * only when read (passage-store.ts), and reading all of them would cost an update at 100k passages 0.4 s.
 */
function samePassage(a: Passage, b: Passage): boolean {
  return a === b || (a.textHash === b.textHash && textLengthOf(a) === textLengthOf(b) && sameFields(a, b) && (a.meta === b.meta || sameFields(a.meta, b.meta)));
}

/** Same own fields with the same values (`meta` aside, compared by the caller; `text`, by samePassage). */
function sameFields(a: object, b: object): boolean {
  const keys = Object.keys(a).filter((key) => key !== 'text');
  if (keys.length !== Object.keys(b).filter((key) => key !== 'text').length) return false;
  return keys.every((key) => {
    if (key === 'meta') return key in b;
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    return x === y || (typeof x === 'object' && x !== null && JSON.stringify(x) === JSON.stringify(y));
  });
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
  // Appended passages go to a delta file of their own; passages.bin is then the previous one, shared.
  const main = appendedTo(previous, content.passages);
  const entry = previous?.manifest.files?.[INDEX_FILES.passages];
  if (main > 0 && entry !== undefined && (await writer.linkFile(INDEX_FILES.passages, join(previous!.dir, INDEX_FILES.passages), entry))) {
    await wrote();
    await writer.writeFile(INDEX_FILES.passagesAdded, encodePassages(content.passages.slice(main)));
  } else {
    await writer.writeFile(INDEX_FILES.passages, encodePassages(content.passages));
  }
  await wrote();
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
