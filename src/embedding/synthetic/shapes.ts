import type { BertShape, WeightScales } from './bert-graph.ts';

/**
 * Architectures the synthetic-model generator can reproduce.
 *
 * `e5-small` is the shape of intfloat/multilingual-e5-small (Xenova/multilingual-e5-small): a 12-layer BERT
 * encoder (Multilingual-MiniLM-L12-H384) with XLM-R's 250 037-piece SentencePiece vocabulary. Its config.json
 * says max_position_embeddings 512 (514 belongs to the XLM-R-based e5-base/large); two extra rows would not
 * change any measurement.
 */
export const MODEL_SHAPES = {
  'e5-small': {
    vocabSize: 250_037,
    hidden: 384,
    layers: 12,
    heads: 12,
    intermediate: 1536,
    maxPositions: 512,
    typeVocabSize: 2,
    layerNormEps: 1e-12,
  },
} as const satisfies Record<string, BertShape>;

export type ShapeName = keyof typeof MODEL_SHAPES;

/** BERT's own initialisation (normal, std 0.02) for every matrix. */
export const BERT_INIT_SCALES: WeightScales = { word: 0.02, position: 0.02, tokenType: 0.02, dense: 0.02 };
