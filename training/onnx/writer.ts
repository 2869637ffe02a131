/**
 * Writing ONNX models with protobufjs from the official schema subset in
 * `./onnx.proto`: the node and initializer builder and the model envelope
 * that both graphs of the project use, the exported network (`./export.ts`)
 * and the training step (`./train-graph.ts`).
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

/** A float32 tensor in ONNX layout (an initializer's dims and data). */
export interface OnnxTensor {
  dims: number[];
  data: Float32Array;
}

/** ONNX opset of our graphs; 13 covers every op used and loads in onnxruntime >= 1.7. */
export const OPSET = 13;
/** IR version matching opset 13 (onnx docs/Versioning.md). */
export const IR_VERSION = 7;

/** TensorProto.DataType values. */
const FLOAT = 1;
const INT64 = 7;
/** AttributeProto.AttributeType values. */
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

let schema: protobuf.Type | null = null;
/** The ModelProto type, parsed once from onnx.proto (field names kept in snake_case). */
export function modelProto(): protobuf.Type {
  if (schema == null) {
    const source = readFileSync(new URL('./onnx.proto', import.meta.url), 'utf8');
    schema = protobuf.parse(source, { keepCase: true }).root.lookupType('onnx.ModelProto');
  }
  return schema;
}

/** A node attribute: an int, a list of ints, or a float written `{ f: 0.5 }`. */
export type Attr = number | number[] | { f: number };

interface NodeProto {
  op_type: string;
  input: string[];
  output: string[];
  name: string;
  attribute: { name: string; type: number; i?: number; ints?: number[]; f?: number }[];
}

interface TensorProto {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

/** Accumulates the nodes and initializers of one graph. */
export class OnnxGraph {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private n = 0;

  /** A fresh value name with a readable stem. */
  protected fresh(stem: string): string {
    return `${stem}#${this.n++}`;
  }

  /** A float32 initializer named `name`. */
  floats(name: string, t: OnnxTensor): string {
    this.initializers.push({ name, dims: t.dims, data_type: FLOAT, raw_data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength) });
    return name;
  }

  /** A float32 scalar initializer. */
  scalar(value: number): string {
    return this.floats(this.fresh('f32'), { dims: [], data: Float32Array.of(value) });
  }

  /** An int64 initializer (shapes, axes, indices). */
  ints(values: number[], dims = [values.length]): string {
    const name = this.fresh('i64');
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims, data_type: INT64, raw_data: new Uint8Array(data.buffer) });
    return name;
  }

  /** Appends a node with one output, named `output` or a fresh name; returns the output's name. */
  op(op: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    const out = output ?? this.fresh(op);
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v) ? { name, type: ATTR_INTS, ints: v } : typeof v === 'number' ? { name, type: ATTR_INT, i: v } : { name, type: ATTR_FLOAT, f: v.f },
    );
    this.nodes.push({ op_type: op, input: inputs, output: [out], name: out, attribute });
    return out;
  }
}

/** A graph input or output: a name and, where declared, its float32 shape (strings are symbolic dimensions). */
export interface ValueInfo {
  name: string;
  dims?: (number | string)[];
}

export interface ModelParts {
  graphName: string;
  graph: OnnxGraph;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  docString?: string;
  metadata?: Record<string, string>;
}

function valueInfo({ name, dims }: ValueInfo) {
  if (dims == null) return { name };
  const dim = dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d }));
  return { name, type: { tensor_type: { elem_type: FLOAT, shape: { dim } } } };
}

/** The ModelProto bytes of a graph (checked against the schema first). */
export function encodeModel(parts: ModelParts): Uint8Array {
  const message = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'connect4-alphazero',
    producer_version: '1',
    doc_string: parts.docString ?? '',
    graph: {
      name: parts.graphName,
      node: parts.graph.nodes,
      initializer: parts.graph.initializers,
      input: parts.inputs.map(valueInfo),
      output: parts.outputs.map(valueInfo),
    },
    metadata_props: Object.entries(parts.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
  const type = modelProto();
  const err = type.verify(message);
  if (err) throw new Error(`${parts.graphName}: ONNX message invalid: ${err}`);
  return type.encode(type.fromObject(message)).finish();
}

/**
 * `model` (ModelProto bytes) with metadata entries set: decoded, the keys
 * replaced or added, encoded again; the graph and weights are untouched.
 */
export function withMetadata(model: Uint8Array, entries: Record<string, string>): Uint8Array {
  const type = modelProto();
  const message = type.toObject(type.decode(model), { defaults: false }) as { metadata_props?: { key: string; value: string }[] };
  const kept = (message.metadata_props ?? []).filter((m) => !(m.key in entries));
  message.metadata_props = [...kept, ...Object.entries(entries).map(([key, value]) => ({ key, value }))];
  return type.encode(type.fromObject(message)).finish();
}
