/**
 * `exportOnnx(model)`: the network of `training/nn/model.ts` as an ONNX model
 * (opset 13), written with `./writer.ts`. Batch norm is folded into
 * the convolutions (`./fold.ts`), so the graph is Transpose, Conv, Relu, Add, Flatten, Gemm, Tanh (and Sigmoid, Mul) only,
 * which every onnxruntime execution provider (node CPU, web wasm) runs.
 *
 *   input  'input'  float32 [N,6,7,2] NHWC, as src/engine/encoding.ts writes it
 *   output 'policy' float32 [N,7] logits (softmax is the caller's)
 *   output 'value'  float32 [N,1] in [-1, 1]
 *   output 'moves_left' float32 [N,1] plies left to the game's end, in [0, 42]
 *                   (only for a model with the moves-left head, NetConfig.movesLeft)
 *
 * The NetConfig is stored in the model's metadata under `c4.netConfig`.
 * A model trained with the opponent-reply head (NetConfig.opponentReply)
 * exports without it: the agent's two outputs (and moves_left) are all it needs.
 */
import type * as tf from '@tensorflow/tfjs';
import { INPUT_SHAPE } from '../../src/engine/encoding.js';
import { MOVES_LEFT, MOVES_LEFT_SCALE, netConfigOf, POLICY_SIZE } from '../nn/model.js';
import { denseWeights, foldConvBn } from './fold.js';
import { encodeModel, OnnxGraph } from './writer.js';

/** The exporter's graph: convolutions with batch norm folded in, and dense layers. */
class NetGraph extends OnnxGraph {
  /** Conv with BN folded in, optionally followed by ReLU. */
  convBn(model: tf.LayersModel, x: string, conv: string, bn: string, eps: number, relu: boolean): string {
    const { weight, bias } = foldConvBn(model, conv, bn, eps);
    const [, , kh, kw] = weight.dims;
    const ph = (kh - 1) >> 1;
    const pw = (kw - 1) >> 1;
    const pads = [ph, pw, kh - 1 - ph, kw - 1 - pw];
    const y = this.op('Conv', [x, this.floats(`${conv}.weight`, weight), this.floats(`${conv}.bias`, bias)], { kernel_shape: [kh, kw], pads, strides: [1, 1] }, conv);
    return relu ? this.op('Relu', [y], {}, `${conv}.relu`) : y;
  }

  gemm(model: tf.LayersModel, x: string, dense: string, output: string, chw?: [number, number, number]): string {
    const { weight, bias } = denseWeights(model, dense, chw);
    return this.op('Gemm', [x, this.floats(`${dense}.weight`, weight), this.floats(`${dense}.bias`, bias)], {}, output);
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
  // The exported network has no opponent-reply head, so its NetConfig does not name one; nor
  // the moves-left head when it has none (the metadata of two-output models stays as it was).
  const { opponentReply: _dropped, movesLeft, ...plain } = netConfigOf(model);
  const cfg = movesLeft ? { ...plain, movesLeft } : plain;
  const [H, W, C] = INPUT_SHAPE;
  const eps = cfg.bnEpsilon;
  const g = new NetGraph();

  // tfjs and our encoding are NHWC; ONNX Conv is NCHW.
  let x = g.op('Transpose', ['input'], { perm: [0, 3, 1, 2] }, 'input.nchw');
  x = g.convBn(model, x, 'stem_conv', 'stem_bn', eps, true);
  for (let b = 0; b < cfg.blocks; b++) {
    const y = g.convBn(model, x, `block${b}_conv1`, `block${b}_bn1`, eps, true);
    const z = g.convBn(model, y, `block${b}_conv2`, `block${b}_bn2`, eps, false);
    x = g.op('Relu', [g.op('Add', [x, z], {}, `block${b}_add`)], {}, `block${b}_out`);
  }
  const p = g.op('Flatten', [g.convBn(model, x, 'policy_conv', 'policy_bn', eps, true)], { axis: 1 }, 'policy_flat');
  g.gemm(model, p, 'policy', 'policy', [cfg.policyFilters, H, W]);
  const v = g.op('Flatten', [g.convBn(model, x, 'value_conv', 'value_bn', eps, true)], { axis: 1 }, 'value_flat');
  const hidden = g.op('Relu', [g.gemm(model, v, 'value_hidden', 'value_hidden', [cfg.valueFilters, H, W])], {}, 'value_hidden.relu');
  g.op('Tanh', [g.gemm(model, hidden, 'value', 'value_pre')], {}, 'value');
  const outputs = [
    { name: 'policy', dims: ['N', POLICY_SIZE] },
    { name: 'value', dims: ['N', 1] },
  ];
  if (movesLeft) {
    const fraction = g.op('Sigmoid', [g.gemm(model, hidden, MOVES_LEFT, 'moves_left_pre')], {}, 'moves_left_fraction');
    g.op('Mul', [fraction, g.scalar(MOVES_LEFT_SCALE)], {}, 'moves_left');
    outputs.push({ name: 'moves_left', dims: ['N', 1] });
  }

  return encodeModel({
    graphName: 'c4net',
    graph: g,
    inputs: [{ name: 'input', dims: ['N', H, W, C] }],
    outputs,
    docString: options.docString,
    metadata: { 'c4.netConfig': JSON.stringify(cfg), ...options.metadata },
  });
}
