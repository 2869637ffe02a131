/**
 * `exportOnnx(model)`: the network of `training/nn/model.ts` as an ONNX model
 * (opset 13), written with protobufjs from the official schema subset in
 * `./onnx.proto`. Batch norm is folded into the convolutions (`./fold.ts`),
 * so the graph is Transpose, Conv, Relu, Add, Flatten, Gemm and Tanh only,
 * which every onnxruntime execution provider (node CPU, web wasm) runs.
 *
 *   input  'input'  float32 [N,6,7,2] NHWC, as src/engine/encoding.ts writes it
 *   output 'policy' float32 [N,7] logits (softmax is the caller's)
 *   output 'value'  float32 [N,1] in [-1, 1]
 *
 * The NetConfig is stored in the model's metadata under `c4.netConfig`.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import type * as tf from '@tensorflow/tfjs';
import { INPUT_SHAPE } from '../../src/engine/encoding.js';
import { netConfigOf, POLICY_SIZE } from '../nn/model.js';
import { denseWeights, foldConvBn, type OnnxTensor } from './fold.js';

/** ONNX opset of the exported graph; 13 covers every op used and loads in onnxruntime >= 1.7. */
export const OPSET = 13;
/** IR version matching opset 13 (onnx docs/Versioning.md). */
export const IR_VERSION = 7;

const FLOAT = 1; // TensorProto.DataType.FLOAT
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

interface Node {
  op_type: string;
  input: string[];
  output: string[];
  name: string;
  attribute: { name: string; type: number; i?: number; ints?: number[] }[];
}

/** Accumulates nodes and initializers of the graph. */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: { name: string; dims: number[]; data_type: number; raw_data: Uint8Array }[] = [];

  constant(name: string, t: OnnxTensor): string {
    this.initializers.push({ name, dims: t.dims, data_type: FLOAT, raw_data: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength) });
    return name;
  }

  node(op: string, inputs: string[], output: string, attrs: Record<string, number | number[]> = {}): string {
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v) ? { name, type: ATTR_INTS, ints: v } : { name, type: ATTR_INT, i: v },
    );
    this.nodes.push({ op_type: op, input: inputs, output: [output], name: output, attribute });
    return output;
  }

  /** Conv with BN folded in, optionally followed by ReLU. */
  convBn(model: tf.LayersModel, x: string, conv: string, bn: string, eps: number, relu: boolean): string {
    const { weight, bias } = foldConvBn(model, conv, bn, eps);
    const [, , kh, kw] = weight.dims;
    const ph = (kh - 1) >> 1;
    const pw = (kw - 1) >> 1;
    const y = this.node('Conv', [x, this.constant(`${conv}.weight`, weight), this.constant(`${conv}.bias`, bias)], conv, {
      kernel_shape: [kh, kw],
      pads: [ph, pw, kh - 1 - ph, kw - 1 - pw],
      strides: [1, 1],
    });
    return relu ? this.node('Relu', [y], `${conv}.relu`) : y;
  }

  gemm(model: tf.LayersModel, x: string, dense: string, output: string, chw?: [number, number, number]): string {
    const { weight, bias } = denseWeights(model, dense, chw);
    return this.node('Gemm', [x, this.constant(`${dense}.weight`, weight), this.constant(`${dense}.bias`, bias)], output);
  }
}

export interface ExportOptions {
  /** Free text stored as the model's doc_string. Default: empty. */
  docString: string;
  /** Extra metadata entries (key -> value), e.g. generation or run name. Default none. */
  metadata: Record<string, string>;
}

/** Serialises `model` (built by createModel) to ONNX bytes. */
export function exportOnnx(model: tf.LayersModel, options: Partial<ExportOptions> = {}): Uint8Array {
  const cfg = netConfigOf(model);
  const [H, W, C] = INPUT_SHAPE;
  const eps = cfg.bnEpsilon;
  const g = new GraphBuilder();

  // tfjs and our encoding are NHWC; ONNX Conv is NCHW.
  let x = g.node('Transpose', ['input'], 'input.nchw', { perm: [0, 3, 1, 2] });
  x = g.convBn(model, x, 'stem_conv', 'stem_bn', eps, true);
  for (let b = 0; b < cfg.blocks; b++) {
    const y = g.convBn(model, x, `block${b}_conv1`, `block${b}_bn1`, eps, true);
    const z = g.convBn(model, y, `block${b}_conv2`, `block${b}_bn2`, eps, false);
    x = g.node('Relu', [g.node('Add', [x, z], `block${b}_add`)], `block${b}_out`);
  }
  const p = g.node('Flatten', [g.convBn(model, x, 'policy_conv', 'policy_bn', eps, true)], 'policy_flat', { axis: 1 });
  g.gemm(model, p, 'policy', 'policy', [cfg.policyFilters, H, W]);
  const v = g.node('Flatten', [g.convBn(model, x, 'value_conv', 'value_bn', eps, true)], 'value_flat', { axis: 1 });
  const hidden = g.node('Relu', [g.gemm(model, v, 'value_hidden', 'value_hidden', [cfg.valueFilters, H, W])], 'value_hidden.relu');
  g.node('Tanh', [g.gemm(model, hidden, 'value', 'value_pre')], 'value');

  const tensorType = (dims: (number | string)[]) => ({
    tensor_type: {
      elem_type: FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) },
    },
  });
  const metadata = { 'c4.netConfig': JSON.stringify(cfg), ...options.metadata };
  const message = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'connect4-alphazero',
    producer_version: '1',
    doc_string: options.docString ?? '',
    graph: {
      name: 'c4net',
      node: g.nodes,
      initializer: g.initializers,
      input: [{ name: 'input', type: tensorType(['N', H, W, C]) }],
      output: [
        { name: 'policy', type: tensorType(['N', POLICY_SIZE]) },
        { name: 'value', type: tensorType(['N', 1]) },
      ],
    },
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  const type = modelProto();
  const err = type.verify(message);
  if (err) throw new Error(`ONNX message invalid: ${err}`);
  return type.encode(type.fromObject(message)).finish();
}
