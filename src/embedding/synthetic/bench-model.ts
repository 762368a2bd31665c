import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBertWeights, type BertShape, type Precision } from './bert-graph.ts';
import { writeHubFolder } from './hub-folder.ts';
import { seededRandom } from './prng.ts';
import { MODEL_SHAPES, BERT_INIT_SCALES, type ShapeName } from './shapes.ts';
import { unigramTokenizer } from './tokenizer-files.ts';

/**
 * A model with the real architecture and vocabulary size of a production embedding model but RANDOM weights, for
 * measuring load time, memory and inference speed where the real weights cannot be downloaded.
 * Its vectors carry no meaning: retrieval quality measured with it is noise.
 */
export interface BenchModelOptions {
  /** A named real architecture, or an explicit shape (tests use a miniature one). */
  shape: ShapeName | BertShape;
  outDir: string;
  /** Texts whose words become tokenizer pieces, so that tokenisation of the corpus is realistic. */
  texts: string[];
  precisions: Precision[];
  seed?: number;
}

export async function makeBenchModel(options: BenchModelOptions): Promise<Record<string, number>> {
  const shape = typeof options.shape === 'string' ? MODEL_SHAPES[options.shape] : options.shape;
  const shapeName = typeof options.shape === 'string' ? options.shape : 'custom';
  const random = seededRandom(options.seed ?? 1);
  const { tokenizer, tokenizerConfig } = unigramTokenizer(options.texts, shape.vocabSize, shape.maxPositions, random);
  const weights = randomBertWeights(shape, random, BERT_INIT_SCALES);
  return writeHubFolder(options.outDir, {
    shape,
    weights,
    tokenizer,
    tokenizerConfig,
    precisions: options.precisions,
    extraConfig: {
      tokenizer_class: 'XLMRobertaTokenizer',
      note: `Synthetic ${shapeName}-shaped model with RANDOM weights, for benchmarks only; its vectors carry no meaning.`,
    },
  });
}

/** Every text file under `dir` (recursively); an absent folder gives no texts. */
export async function readTexts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile() && /\.(md|txt|json)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}
