import type { Passage } from '../domain.ts';
import type { TimelineEvent } from '../engine-types.ts';
import type { LexicalIndex } from './lexical-index.ts';
import type { SentenceStore } from './sentence-store.ts';

/**
 * The vector store is an interface first: retrieval asks for nearest neighbours and never sees hnswlib.
 * Labels are positions in `LoadedIndex.passages`.
 */
export interface VectorHit {
  label: number;
  /** Cosine similarity, -1…1. */
  similarity: number;
}

export interface VectorStore {
  readonly dimension: number;
  readonly size: number;
  search(query: Float32Array, k: number): VectorHit[];
}

/** What `index/CURRENT`'s generation holds. Written last by a build; read first on load. */
export interface IndexManifest {
  formatVersion: number;
  chunkerVersion: number;
  /** Corpus file path (relative to the corpus folder) → sha256 of the file. */
  corpus: Record<string, string>;
  model: { id: string; dimension: number } | null;
  builtAt: string;
  documents: number;
  passages: number;
  duplicatesDropped: number;
  /**
   * Every other file of the generation → its size and sha256, so that a truncated or overwritten file is caught
   * before it reaches a parser (or hnswlib's native reader). Always written by `buildIndex`; optional only so that
   * hand-made manifests in other stages' tests stay valid.
   */
  files?: Record<string, { bytes: number; sha256: string }>;
}

/** A fully loaded, ready-to-query index generation. */
export interface LoadedIndex {
  dir: string;
  manifest: IndexManifest;
  /** Position = label in `vectors` and id in `lexical`. */
  passages: Passage[];
  lexical: LexicalIndex;
  vectors: VectorStore | null;
  timeline: TimelineEvent[];
  /** How many of `passages` are stored in passages.bin; the rest, appended by updates, in passages-added.bin. */
  mainPassages?: number;
  /** Each passage's sentences and their terms, analysed at build time; absent: retrieval analyses on first use. */
  sentences?: SentenceStore | null;
}
