import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildBertGraph, type BertShape, type BertWeights, type Precision } from './bert-graph.ts';
import { writeOnnxModel } from './onnx-writer.ts';
import type { JsonObject } from './tokenizer-files.ts';

/**
 * Writes a model folder in the Hugging Face hub layout that transformers.js reads, locally or from a mirror:
 *   config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx, onnx/model_quantized.onnx
 * Synthetic models exist for tests and the benchmark only; the bot never generates one at run time.
 */
export const MODEL_FILE_BY_PRECISION: Record<Precision, string> = {
  fp32: 'onnx/model.onnx',
  // transformers.js loads the quantised file unless told `quantized: false`.
  int8: 'onnx/model_quantized.onnx',
};

export interface HubFolderContents {
  shape: BertShape;
  weights: BertWeights;
  tokenizer: JsonObject;
  tokenizerConfig: JsonObject;
  precisions: Precision[];
  /** Extra config.json fields (e.g. `tokenizer_class`, a note that the weights are random). */
  extraConfig?: JsonObject;
}

export function bertConfigJson(shape: BertShape, extra: JsonObject = {}): JsonObject {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_act: 'gelu',
    hidden_size: shape.hidden,
    intermediate_size: shape.intermediate,
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: shape.typeVocabSize,
    vocab_size: shape.vocabSize,
    layer_norm_eps: shape.layerNormEps,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    ...extra,
  };
}

/** Returns each written file (relative path) with its size in bytes. */
export async function writeHubFolder(dir: string, contents: HubFolderContents): Promise<Record<string, number>> {
  await mkdir(join(dir, 'onnx'), { recursive: true });
  const sizes: Record<string, number> = {};
  const writeJson = async (file: string, value: unknown) => {
    const text = JSON.stringify(value);
    await writeFile(join(dir, file), text);
    sizes[file] = Buffer.byteLength(text);
  };
  await writeJson('config.json', bertConfigJson(contents.shape, contents.extraConfig));
  await writeJson('tokenizer.json', contents.tokenizer);
  await writeJson('tokenizer_config.json', contents.tokenizerConfig);
  for (const precision of contents.precisions) {
    const file = MODEL_FILE_BY_PRECISION[precision];
    sizes[file] = await writeOnnxModel(join(dir, file), buildBertGraph(contents.shape, contents.weights, precision));
  }
  return sizes;
}
