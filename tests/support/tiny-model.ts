import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { loadEmbedder } from '../../src/embedding/load.ts';
import { randomBertWeights, type BertShape } from '../../src/embedding/synthetic/bert-graph.ts';
import { writeHubFolder } from '../../src/embedding/synthetic/hub-folder.ts';
import { seededRandom } from '../../src/embedding/synthetic/prng.ts';
import { wordPieceTokenizer } from '../../src/embedding/synthetic/tokenizer-files.ts';

/**
 * A tiny BERT-shaped embedding model, generated at test time, that transformers.js loads like any hub model.
 *
 * Word vectors are random and much larger than the position and type vectors, and the single encoder layer has
 * BERT's small initial weights, so each layer is close to the identity. Mean-pooled output is therefore close to
 * a random projection of the bag of words: texts that share words get a higher cosine similarity than texts that
 * do not. That is all retrieval tests need; the vectors carry no other meaning.
 */
export interface TinyModelOptions {
  /** Words (or whole texts) the vocabulary is built from, e.g. every passage of a test corpus. */
  words?: Iterable<string>;
  /** Vector length. */
  hidden?: number;
  /** Encoder layers (attention + feed-forward). 0 gives embeddings + LayerNorm only. */
  layers?: number;
  seed?: number;
  /** Write only `onnx/model.onnx`, to test a missing quantised file. */
  skipQuantized?: boolean;
}

export interface TinyModel {
  dir: string;
  hidden: number;
  vocabSize: number;
  files: Record<string, number>;
}

const DEFAULT_WORDS = [
  'Vietnam Russia Việt Nam Nga Moscow Hà Nội Hanoi Indonesia hợp tác quan hệ đối tác chiến lược toàn diện',
  'oil gas energy dầu khí năng lượng Rosneft Gazprom Zarubezhneft Vietsovpetro',
  'trade thương mại investment đầu tư visit chuyến thăm president chủ tịch nước minister bộ trưởng',
  'weather cooking football recipe garden music',
];

export async function makeTinyModel(dir: string, options: TinyModelOptions = {}): Promise<TinyModel> {
  const hidden = options.hidden ?? 128;
  const maxPositions = 512;
  const { tokenizer, tokenizerConfig, vocabSize } = wordPieceTokenizer(options.words ?? DEFAULT_WORDS, maxPositions);
  const shape: BertShape = {
    vocabSize,
    hidden,
    layers: options.layers ?? 1,
    heads: 4,
    intermediate: hidden * 2,
    maxPositions,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
  };
  const weights = randomBertWeights(shape, seededRandom(options.seed ?? 20240601), {
    word: 1,
    position: 0.05,
    tokenType: 0.05,
    dense: 0.02,
  });
  const files = await writeHubFolder(dir, {
    shape,
    weights,
    tokenizer,
    tokenizerConfig,
    precisions: options.skipQuantized ? ['fp32'] : ['fp32', 'int8'],
    extraConfig: { note: 'Synthetic test model with random weights; vectors approximate a bag of words.' },
  });
  return { dir, hidden, vocabSize, files };
}


export interface TinyEmbedder {
  embedder: Embedder;
  /** Model folder root, usable as MODEL_DIR together with `modelId` as EMBEDDING_MODEL. */
  modelDir: string;
  modelId: string;
  /** Disposes the embedder and deletes the temporary folder. */
  cleanup(): Promise<void>;
}

/** A tiny model in a fresh temporary folder, loaded through the production loader (remote off). */
export async function makeTinyEmbedder(options: TinyModelOptions & { modelId?: string } = {}): Promise<TinyEmbedder> {
  const modelDir = await mkdtemp(join(tmpdir(), 'tiny-model-'));
  const modelId = options.modelId ?? 'local/tiny-e5';
  await makeTinyModel(join(modelDir, modelId), options);
  const embedder = await loadEmbedder({ modelId, modelDir, allowRemote: false });
  if (!embedder) {
    await rm(modelDir, { recursive: true, force: true });
    throw new Error('the tiny model did not load (see the MODEL_UNAVAILABLE warning)');
  }
  return {
    embedder,
    modelDir,
    modelId,
    cleanup: async () => {
      await embedder.dispose();
      await rm(modelDir, { recursive: true, force: true });
    },
  };
}
