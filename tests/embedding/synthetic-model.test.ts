import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder } from '../../src/embedding/load.ts';
import { makeBenchModel } from '../../src/embedding/synthetic/bench-model.ts';
import { parameterCount, randomBertWeights } from '../../src/embedding/synthetic/bert-graph.ts';
import { seededRandom } from '../../src/embedding/synthetic/prng.ts';
import { MODEL_SHAPES } from '../../src/embedding/synthetic/shapes.ts';
import { unigramTokenizer, wordPieceTokenizer } from '../../src/embedding/synthetic/tokenizer-files.ts';
import { makeTinyEmbedder, makeTinyModel } from '../support/tiny-model.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'synthetic-model-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Writes tokenizer files where transformers.js looks for them and returns its tokens for `text`. */
async function tokensOf(id: string, files: { tokenizer: object; tokenizerConfig: object }, text: string): Promise<string[]> {
  await mkdir(join(root, id), { recursive: true });
  await writeFile(join(root, id, 'tokenizer.json'), JSON.stringify(files.tokenizer));
  await writeFile(join(root, id, 'tokenizer_config.json'), JSON.stringify(files.tokenizerConfig));
  env.localModelPath = `${root}/`;
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const ids = Array.from(tokenizer(text).input_ids.data as BigInt64Array, Number);
  return ids.map((i) => tokenizer.model.vocab[i] as string);
}

describe('synthetic tokenizers (read by transformers.js)', () => {
  it('WordPiece lower-cases, keeps diacritics, splits unknown words into characters and punctuation off', async () => {
    const files = wordPieceTokenizer(['Việt Nam và Nga', 'hợp tác'], 512);
    const tokens = await tokensOf('wp', files, 'VIỆT Nam, Nga hợp-tác xyz?');
    expect(tokens).toEqual(['[CLS]', 'việt', 'nam', ',', 'nga', 'hợp', '-', 'tác', 'x', '##y', '##z', '?', '[SEP]']);
  });

  it('Unigram has exactly the requested size, keeps known words whole and never needs <unk> for news text', async () => {
    const files = unigramTokenizer(['Quan hệ Việt Nam – Nga', 'отношения России', 'hubungan Indonesia'], 3000, 512, seededRandom(3));
    const vocab = (files.tokenizer as { model: { vocab: unknown[] } }).model.vocab;
    expect(vocab).toHaveLength(3000);
    const tokens = await tokensOf('unigram', files, 'query: Quan hệ Việt Nam – Nga? отношения России!');
    expect(tokens).toEqual(['<s>', '▁query', ':', '▁Quan', '▁hệ', '▁Việt', '▁Nam', '▁–', '▁Nga', '?', '▁отношения', '▁России', '!', '</s>']);
  });
});

describe('synthetic models', () => {
  it('are deterministic for a seed and differ between seeds', async () => {
    await makeTinyModel(join(root, 'a'), { seed: 5, hidden: 32 });
    await makeTinyModel(join(root, 'b'), { seed: 5, hidden: 32 });
    await makeTinyModel(join(root, 'c'), { seed: 6, hidden: 32 });
    const bytes = (dir: string) => readFile(join(root, dir, 'onnx', 'model_quantized.onnx'));
    expect((await bytes('a')).equals(await bytes('b'))).toBe(true);
    expect((await bytes('a')).equals(await bytes('c'))).toBe(false);
  });

  it('counts exactly the parameters the weight generator creates', () => {
    const shape = { vocabSize: 50, hidden: 8, layers: 2, heads: 2, intermediate: 16, maxPositions: 12, typeVocabSize: 2, layerNormEps: 1e-12 };
    const weights = randomBertWeights(shape, seededRandom(1), { word: 1, position: 1, tokenType: 1, dense: 1 });
    const total = [...weights.values()].reduce((sum, w) => sum + w.length, 0);
    expect(parameterCount(shape)).toBe(total);
  });

  it('e5-small shape is the size of multilingual-e5-small (published: 118 M parameters)', () => {
    const count = parameterCount(MODEL_SHAPES['e5-small']);
    expect(count).toBeGreaterThan(117e6);
    expect(count).toBeLessThan(118.5e6);
  });
});

describe('makeTinyEmbedder', () => {
  it('gives a loaded e5-prefixed embedder over words it was built from, and cleans up after itself', async () => {
    const tiny = await makeTinyEmbedder({ words: ['Mishustin thăm Hà Nội', 'Putin Tô Lâm'], hidden: 48 });
    try {
      expect(tiny.embedder.modelId).toBe('local/tiny-e5');
      expect(tiny.embedder.dimension).toBe(48);
      const [query] = await tiny.embedder.embedQueries(['Mishustin Hà Nội']);
      const [near, far] = await tiny.embedder.embedPassages(['Mishustin thăm Hà Nội', 'Putin Tô Lâm']);
      const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
      expect(dot(query!, near!)).toBeGreaterThan(dot(query!, far!));
    } finally {
      await tiny.cleanup();
    }
    expect(existsSync(tiny.modelDir)).toBe(false);
  });
});

describe('benchmark model generator (miniature XLM-R-tokenised BERT)', () => {
  it('writes fp32 and int8 models that the production loader runs, with e5 prefixes from the id', async () => {
    const modelDir = join(root, 'bench-models');
    const shape = { vocabSize: 3000, hidden: 32, layers: 2, heads: 4, intermediate: 64, maxPositions: 64, typeVocabSize: 2, layerNormEps: 1e-12 };
    const sizes = await makeBenchModel({
      shape,
      outDir: join(modelDir, 'bench-e5-mini'),
      texts: ['Quan hệ Việt Nam – Nga', 'Hubungan Indonesia dan Rusia'],
      precisions: ['fp32', 'int8'],
    });
    expect(sizes['onnx/model_quantized.onnx']).toBeLessThan(sizes['onnx/model.onnx']!);
    const loaded = await Promise.all(
      [true, false].map((quantized) => loadEmbedder({ modelId: 'bench-e5-mini', modelDir, allowRemote: false, quantized })),
    );
    try {
      const [int8, fp32] = loaded;
      expect(int8?.dimension).toBe(32);
      // A long text is cut at the model's 64 positions instead of overflowing the position table.
      const long = 'Quan hệ Việt Nam – Nga '.repeat(40);
      const [a, b] = await Promise.all([int8!.embedQueries(['Quan hệ Việt Nam – Nga', long]), fp32!.embedQueries(['Quan hệ Việt Nam – Nga', long])]);
      const dot = (x: Float32Array, y: Float32Array) => x.reduce((sum, v, i) => sum + v * y[i]!, 0);
      expect(a[1]).toHaveLength(32);
      expect(dot(a[0]!, a[0]!)).toBeCloseTo(1, 5);
      expect(dot(a[0]!, b[0]!)).toBeGreaterThan(0.95);
    } finally {
      await Promise.all(loaded.map((e) => e?.dispose()));
    }
  });
});
