/**
 * Turns text into vectors. The interface comes first so that the index and retrieval never depend on
 * transformers.js directly, and so that lexical-only mode is simply "no embedder".
 */
export interface Embedder {
  /** Model id as configured (e.g. `Xenova/multilingual-e5-small`); recorded in the index manifest. */
  readonly modelId: string;
  /** Length of every vector this embedder returns. */
  readonly dimension: number;
  /** Embeds questions. Vectors are L2-normalised. Adds the model's query prefix (e5: `query: `) itself. */
  embedQueries(texts: string[]): Promise<Float32Array[]>;
  /** Embeds passages. Vectors are L2-normalised. Adds the model's passage prefix (e5: `passage: `) itself. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
