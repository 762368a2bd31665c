import {
  DataType,
  onnx,
  type AttributeProto,
  type Initializer,
  type NodeProto,
  type OnnxGraph,
  type TensorData,
  type ValueInfoProto,
} from './onnx-writer.ts';
import { gaussianArray, type Random } from './prng.ts';

/**
 * A BERT encoder as an ONNX graph: the same inputs, output and operator mix as the models transformers.js
 * downloads (`Xenova/*`), built from plain operators so that onnxruntime-node 1.14 runs it on any CPU.
 *
 *   embeddings = LayerNorm(word[input_ids] + position[0..S) + type[token_type_ids])
 *   each layer = LayerNorm(h + SelfAttention(h)) → LayerNorm(h + FFN(h))      (post-norm, GELU, like BERT)
 *   output     = last_hidden_state [batch, seq, hidden]
 *
 * `int8` mirrors onnxruntime's dynamic quantisation (what `onnx/model_quantized.onnx` files hold): the word
 * table is stored as uint8 and dequantised after the Gather, and every MatMul becomes
 * DynamicQuantizeLinear → MatMulInteger with int8 weights.
 */
export interface BertShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

export type Precision = 'fp32' | 'int8';

/** Standard deviations of the random weights. BERT initialises everything at 0.02. */
export interface WeightScales {
  word: number;
  position: number;
  tokenType: number;
  dense: number;
}

export type BertWeights = Map<string, Float32Array>;

export function parameterCount(shape: BertShape): number {
  const { vocabSize, hidden, layers, intermediate, maxPositions, typeVocabSize } = shape;
  const embeddings = (vocabSize + maxPositions + typeVocabSize) * hidden + 2 * hidden;
  const perLayer = 4 * (hidden * hidden + hidden) + 2 * hidden * intermediate + intermediate + hidden + 4 * hidden;
  return embeddings + layers * perLayer;
}

/** Random weights; LayerNorm starts as the identity (gamma 1, beta 0) and biases at 0, as in BERT's initialiser. */
export function randomBertWeights(shape: BertShape, random: Random, scales: WeightScales): BertWeights {
  const { vocabSize, hidden, layers, intermediate, maxPositions, typeVocabSize } = shape;
  const w: BertWeights = new Map();
  const ones = (n: number) => new Float32Array(n).fill(1);
  w.set('embeddings.word', gaussianArray(random, vocabSize * hidden, scales.word));
  w.set('embeddings.position', gaussianArray(random, maxPositions * hidden, scales.position));
  w.set('embeddings.token_type', gaussianArray(random, typeVocabSize * hidden, scales.tokenType));
  w.set('embeddings.ln.gamma', ones(hidden));
  w.set('embeddings.ln.beta', new Float32Array(hidden));
  for (let l = 0; l < layers; l++) {
    const p = `layer${l}`;
    for (const name of ['q', 'k', 'v', 'attn_out']) {
      w.set(`${p}.${name}.weight`, gaussianArray(random, hidden * hidden, scales.dense));
      w.set(`${p}.${name}.bias`, new Float32Array(hidden));
    }
    w.set(`${p}.attn_ln.gamma`, ones(hidden));
    w.set(`${p}.attn_ln.beta`, new Float32Array(hidden));
    w.set(`${p}.ffn_in.weight`, gaussianArray(random, hidden * intermediate, scales.dense));
    w.set(`${p}.ffn_in.bias`, new Float32Array(intermediate));
    w.set(`${p}.ffn_out.weight`, gaussianArray(random, intermediate * hidden, scales.dense));
    w.set(`${p}.ffn_out.bias`, new Float32Array(hidden));
    w.set(`${p}.ffn_ln.gamma`, ones(hidden));
    w.set(`${p}.ffn_ln.beta`, new Float32Array(hidden));
  }
  return w;
}

/** Collects nodes and initializers; every node output gets a unique name. */
class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: Initializer[] = [];
  private counter = 0;

  op(opType: string, inputs: string[], attributes: AttributeProto[] = [], outputCount = 1): string[] {
    const name = `${opType}_${this.counter++}`;
    const outputs = Array.from({ length: outputCount }, (_, i) => `${name}_out${i}`);
    this.nodes.push({ name, opType, input: inputs, output: outputs, attribute: attributes });
    return outputs;
  }

  op1(opType: string, inputs: string[], attributes: AttributeProto[] = []): string {
    return this.op(opType, inputs, attributes)[0]!;
  }

  constant(name: string, dataType: number, dims: number[], data: TensorData): string {
    this.initializers.push({ name, dataType, dims, data });
    return name;
  }

  floatScalar(name: string, value: number): string {
    return this.constant(name, DataType.FLOAT, [], Float32Array.of(value));
  }

  int64s(name: string, values: number[]): string {
    return this.constant(name, DataType.INT64, [values.length], BigInt64Array.from(values.map(BigInt)));
  }
}

const intAttr = (name: string, i: number): AttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });
const intsAttr = (name: string, ints: number[]): AttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints });

interface Int8Tensor {
  values: Int8Array;
  scale: number;
}

/** Symmetric per-tensor int8, as onnxruntime's quantize_dynamic does for MatMul weights. */
function quantizeSymmetric(values: Float32Array): Int8Tensor {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  const scale = max > 0 ? max / 127 : 1;
  const out = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scale)));
  return { values: out, scale };
}

/** Asymmetric per-tensor uint8, as onnxruntime quantises Gather tables. */
function quantizeAsymmetric(values: Float32Array): { values: Uint8Array; scale: number; zeroPoint: number } {
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? (max - min) / 255 : 1;
  const zeroPoint = Math.round(-min / scale);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(values[i]! / scale) + zeroPoint));
  return { values: out, scale, zeroPoint };
}

export function buildBertGraph(shape: BertShape, weights: BertWeights, precision: Precision): OnnxGraph {
  const g = new GraphBuilder();
  const { hidden, heads, intermediate } = shape;
  const headSize = hidden / heads;
  if (!Number.isInteger(headSize)) throw new Error(`hidden (${hidden}) must be a multiple of heads (${heads})`);
  const weight = (name: string): Float32Array => {
    const value = weights.get(name);
    if (!value) throw new Error(`missing weight ${name}`);
    return value;
  };
  const floatInit = (name: string, dims: number[]) => g.constant(name, DataType.FLOAT, dims, weight(name));

  const zero = g.constant('const_zero_i64', DataType.INT64, [], BigInt64Array.of(0n));
  const one = g.constant('const_one_i64', DataType.INT64, [], BigInt64Array.of(1n));
  const oneF = g.floatScalar('const_one_f', 1);
  const half = g.floatScalar('const_half', 0.5);
  const sqrt2 = g.floatScalar('const_sqrt2', Math.SQRT2);
  const eps = g.floatScalar('const_ln_eps', shape.layerNormEps);
  const maskFill = g.floatScalar('const_mask_fill', -10000);
  const attentionScale = g.floatScalar('const_attention_scale', 1 / Math.sqrt(headSize));
  const lastAxis = [intsAttr('axes', [-1])];

  const layerNorm = (x: string, prefix: string): string => {
    const mean = g.op1('ReduceMean', [x], lastAxis);
    const centred = g.op1('Sub', [x, mean]);
    const variance = g.op1('ReduceMean', [g.op1('Mul', [centred, centred])], lastAxis);
    const normed = g.op1('Div', [centred, g.op1('Sqrt', [g.op1('Add', [variance, eps])])]);
    return g.op1('Add', [g.op1('Mul', [normed, floatInit(`${prefix}.gamma`, [hidden])]), floatInit(`${prefix}.beta`, [hidden])]);
  };

  // The activation of one tensor is quantised once, however many MatMuls read it (q, k and v share it).
  const quantisedActivations = new Map<string, [string, string, string]>();
  const linear = (x: string, prefix: string, inDim: number, outDim: number): string => {
    const bias = floatInit(`${prefix}.bias`, [outDim]);
    if (precision === 'fp32') return g.op1('Add', [g.op1('MatMul', [x, floatInit(`${prefix}.weight`, [inDim, outDim])]), bias]);
    let quantised = quantisedActivations.get(x);
    if (!quantised) {
      const [q, scale, zeroPoint] = g.op('DynamicQuantizeLinear', [x], [], 3) as [string, string, string];
      quantised = [q, scale, zeroPoint];
      quantisedActivations.set(x, quantised);
    }
    const [xq, xScale, xZeroPoint] = quantised;
    const w = quantizeSymmetric(weight(`${prefix}.weight`));
    const wq = g.constant(`${prefix}.weight_quantized`, DataType.INT8, [inDim, outDim], w.values);
    const wZeroPoint = g.constant(`${prefix}.weight_zero_point`, DataType.INT8, [], Int8Array.of(0));
    const product = g.op1('MatMulInteger', [xq, wq, xZeroPoint, wZeroPoint]);
    const scale = g.op1('Mul', [xScale, g.floatScalar(`${prefix}.weight_scale`, w.scale)]);
    const dequantised = g.op1('Mul', [g.op1('Cast', [product], [intAttr('to', DataType.FLOAT)]), scale]);
    return g.op1('Add', [dequantised, bias]);
  };

  // Embeddings
  let words: string;
  if (precision === 'fp32') {
    words = g.op1('Gather', [floatInit('embeddings.word', [shape.vocabSize, hidden]), 'input_ids']);
  } else {
    const table = quantizeAsymmetric(weight('embeddings.word'));
    const tableQ = g.constant('embeddings.word_quantized', DataType.UINT8, [shape.vocabSize, hidden], table.values);
    const gathered = g.op1('Gather', [tableQ, 'input_ids']);
    words = g.op1('DequantizeLinear', [
      gathered,
      g.floatScalar('embeddings.word_scale', table.scale),
      g.constant('embeddings.word_zero_point', DataType.UINT8, [], Uint8Array.of(table.zeroPoint)),
    ]);
  }
  const sequenceLength = g.op1('Gather', [g.op1('Shape', ['input_ids']), one]);
  const positionIds = g.op1('Range', [zero, sequenceLength, one]);
  const positions = g.op1('Gather', [floatInit('embeddings.position', [shape.maxPositions, hidden]), positionIds]);
  const types = g.op1('Gather', [floatInit('embeddings.token_type', [shape.typeVocabSize, hidden]), 'token_type_ids']);
  let h = layerNorm(g.op1('Add', [g.op1('Add', [words, positions]), types]), 'embeddings.ln');

  // Padding positions get a large negative score so that attention ignores them: [batch, 1, 1, seq].
  const maskFloat = g.op1('Cast', ['attention_mask'], [intAttr('to', DataType.FLOAT)]);
  const maskBias = g.op1('Unsqueeze', [g.op1('Mul', [g.op1('Sub', [oneF, maskFloat]), maskFill]), g.int64s('const_axes_1_2', [1, 2])]);
  const splitHeads = g.int64s('const_split_heads', [0, 0, heads, headSize]);
  const mergeHeads = g.int64s('const_merge_heads', [0, 0, hidden]);

  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    const toHeads = (x: string, perm: number[]) => g.op1('Transpose', [g.op1('Reshape', [x, splitHeads])], [intsAttr('perm', perm)]);
    const q = toHeads(linear(h, `${p}.q`, hidden, hidden), [0, 2, 1, 3]);
    const k = toHeads(linear(h, `${p}.k`, hidden, hidden), [0, 2, 3, 1]);
    const v = toHeads(linear(h, `${p}.v`, hidden, hidden), [0, 2, 1, 3]);
    const scores = g.op1('Add', [g.op1('Mul', [g.op1('MatMul', [q, k]), attentionScale]), maskBias]);
    const probabilities = g.op1('Softmax', [scores], [intAttr('axis', -1)]);
    const context = g.op1('Transpose', [g.op1('MatMul', [probabilities, v])], [intsAttr('perm', [0, 2, 1, 3])]);
    const attended = linear(g.op1('Reshape', [context, mergeHeads]), `${p}.attn_out`, hidden, hidden);
    h = layerNorm(g.op1('Add', [h, attended]), `${p}.attn_ln`);

    const expanded = linear(h, `${p}.ffn_in`, hidden, intermediate);
    // Exact GELU: 0.5 · x · (1 + erf(x / √2)).
    const gelu = g.op1('Mul', [g.op1('Mul', [expanded, half]), g.op1('Add', [oneF, g.op1('Erf', [g.op1('Div', [expanded, sqrt2])])])]);
    h = layerNorm(g.op1('Add', [h, linear(gelu, `${p}.ffn_out`, intermediate, hidden)]), `${p}.ffn_ln`);
  }
  g.nodes.push({ name: 'output', opType: 'Identity', input: [h], output: ['last_hidden_state'] });

  const tokenInput = (name: string): ValueInfoProto => ({
    name,
    type: { tensorType: { elemType: DataType.INT64, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] } } },
  });
  return {
    name: 'bert_encoder',
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [tokenInput('input_ids'), tokenInput('attention_mask'), tokenInput('token_type_ids')],
    outputs: [
      {
        name: 'last_hidden_state',
        type: {
          tensorType: {
            elemType: DataType.FLOAT,
            shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: hidden }] },
          },
        },
      },
    ],
  };
}
