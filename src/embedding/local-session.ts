import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AutoConfig, AutoModel, AutoTokenizer, FeatureExtractionPipeline, PreTrainedModel } from '@xenova/transformers';
import type { FeatureExtractionPipelineLike } from './transformers-embedder.ts';

/** The ONNX file transformers.js loads for a model, relative to its folder (hub layout). */
export function onnxModelFile(quantized: boolean): string {
  return quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/**
 * A feature-extraction pipeline whose ONNX session onnxruntime reads from the model file itself.
 *
 * Why not `pipeline()`: transformers.js 2.17 reads the whole `.onnx` file into a JS buffer and hands it to
 * onnxruntime, which builds its own copy; with the tokenizer's load-time garbage on top, the process peaked at
 * ~790 MB for an e5-small-sized model against ~520 MB this way (measured, same vectors). The pieces are the ones
 * `pipeline()` itself assembles: the config, the model class for its `model_type` (as `AutoModel` picks it), the
 * tokenizer, and the pipeline class. Only for files already on disk; downloads still go through `pipeline()`.
 *
 * Expects transformers.js' `env` to point at the model folder (as the caller sets it before loading).
 */
export async function localFeatureExtraction(modelDir: string, modelId: string, quantized: boolean): Promise<FeatureExtractionPipelineLike> {
  const onnxPath = join(modelDir, modelId, onnxModelFile(quantized));
  const config = await AutoConfig.from_pretrained(modelId);
  const session = await onnxRuntime().InferenceSession.create(onnxPath, { executionProviders: ['cpu'] });
  try {
    const model = new (modelClassFor(config.model_type))(config, session);
    const tokenizer = await AutoTokenizer.from_pretrained(modelId, { quantized });
    return new FeatureExtractionPipeline({ task: 'feature-extraction', model, tokenizer }) as unknown as FeatureExtractionPipelineLike;
  } catch (error) {
    await session.release();
    throw error;
  }
}

type ModelClass = new (config: unknown, session: unknown) => PreTrainedModel;

/** The class `AutoModel` would choose, falling back to the base model as `AutoModel` does (BASE_IF_FAIL). */
function modelClassFor(modelType: string): ModelClass {
  for (const mapping of AutoModel.MODEL_CLASS_MAPPINGS) {
    const info = mapping.get(modelType) as [string, ModelClass] | undefined;
    if (info !== undefined) return info[1];
  }
  return PreTrainedModel as unknown as ModelClass;
}

interface OnnxSession {
  release(): Promise<void>;
}
interface OnnxRuntime {
  InferenceSession: { create(path: string, options: { executionProviders: string[] }): Promise<OnnxSession> };
}

/**
 * The onnxruntime-node instance transformers.js itself uses (resolved from its package, not ours, so that a
 * different hoisting cannot hand us a second copy).
 */
function onnxRuntime(): OnnxRuntime {
  const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@xenova/transformers'));
  const loaded = fromTransformers('onnxruntime-node') as OnnxRuntime & { default?: OnnxRuntime };
  return loaded.default ?? loaded;
}
