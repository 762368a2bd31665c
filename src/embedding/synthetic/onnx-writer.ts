import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

/**
 * Writes ONNX models with `onnx-proto`, streaming the large weight tensors instead of building one buffer.
 *
 * Protobuf lets a message be written as the concatenation of its fields, so the graph is encoded once without its
 * initializers and each initializer is appended as its own length-delimited field. An e5-small-shaped model
 * (≈ 470 MB of fp32 weights) is written this way without ever holding a second copy of the weights in memory.
 */
export const { onnx } = onnxProto;
export type NodeProto = OnnxTypes.INodeProto;
export type ValueInfoProto = OnnxTypes.IValueInfoProto;
export type AttributeProto = OnnxTypes.IAttributeProto;

export const DataType = onnx.TensorProto.DataType;
export type TensorData = Float32Array | Int32Array | Uint8Array | Int8Array | BigInt64Array;

export interface Initializer {
  name: string;
  dataType: number;
  dims: number[];
  data: TensorData;
}

export interface OnnxGraph {
  name: string;
  nodes: NodeProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  initializers: Initializer[];
}

/** ONNX IR version 8 / opset 14: what onnxruntime-node 1.14 (bundled with transformers.js 2.17) understands. */
const IR_VERSION = 8;
export const OPSET_VERSION = 14;

const FIELD = {
  modelGraph: 7,
  graphInitializer: 5,
  tensorRawData: 9,
} as const;

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}

function lengthDelimitedHeader(field: number, length: number): Uint8Array {
  const tag = varint((field << 3) | 2);
  const len = varint(length);
  const out = new Uint8Array(tag.length + len.length);
  out.set(tag, 0);
  out.set(len, tag.length);
  return out;
}

function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Chunks whose concatenation is one encoded TensorProto. */
function tensorChunks(init: Initializer): Uint8Array[] {
  const head = onnx.TensorProto.encode({ name: init.name, dataType: init.dataType, dims: init.dims }).finish();
  const raw = bytesOf(init.data);
  return [head, lengthDelimitedHeader(FIELD.tensorRawData, raw.byteLength), raw];
}

function totalLength(chunks: Uint8Array[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
}

/** The whole model as a list of byte chunks, in file order. */
export function encodeModelChunks(graph: OnnxGraph, producerName = 'vietnam-russia-bot synthetic model'): Uint8Array[] {
  const graphChunks: Uint8Array[] = [
    onnx.GraphProto.encode({ name: graph.name, node: graph.nodes, input: graph.inputs, output: graph.outputs }).finish(),
  ];
  for (const init of graph.initializers) {
    const tensor = tensorChunks(init);
    graphChunks.push(lengthDelimitedHeader(FIELD.graphInitializer, totalLength(tensor)), ...tensor);
  }
  const modelHead = onnx.ModelProto.encode({
    irVersion: IR_VERSION,
    producerName,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
  }).finish();
  return [modelHead, lengthDelimitedHeader(FIELD.modelGraph, totalLength(graphChunks)), ...graphChunks];
}

export async function writeOnnxModel(path: string, graph: OnnxGraph): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const chunks = encodeModelChunks(graph);
  const stream = createWriteStream(path);
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  return totalLength(chunks);
}
