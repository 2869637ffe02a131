/**
 * The residual policy/value network (AlphaZero, Silver et al. 2017, "Methods:
 * neural network architecture"), scaled down for Connect Four on a CPU.
 *
 *   input [N,6,7,2] NHWC (src/engine/encoding.ts)
 *   stem:   conv3x3(F) - BN - ReLU
 *   blocks: x + BN(conv3x3(ReLU(BN(conv3x3(x))))), then ReLU      (x B)
 *   policy: conv1x1(Pf) - BN - ReLU - flatten - dense(7)          -> 'policy' logits [N,7]
 *   value:  conv1x1(Vf) - BN - ReLU - flatten - dense(H) - ReLU - dense(1) - tanh -> 'value' [N,1]
 *   opponent reply (only with `opponentReply`): the policy head's flatten - dense(7)
 *           -> 'opponent_policy' logits [N,7], trained on the next position's search policy
 *           (KataGo's auxiliary target, arXiv 1902.10565 section 3.4); never exported.
 *   moves left (only with `movesLeft`): the value head's hidden layer - dense(1) - sigmoid
 *           -> 'moves_left' [N,1], the plies to the game's end / 42 (Lc0's moves-left head),
 *           trained on self-play's game lengths; exported (times 42) for the search's
 *           moves-left utility (SearchParams.movesLeftSlope).
 *
 * BN is `FastBatchNorm` (./batch-norm.ts: tfjs' semantics, closed-form
 * gradient). Convolutions have no bias (the batch norm that follows has one). Layer names
 * are fixed (`stem_conv`, `block{i}_bn2`, ...) because the ONNX exporter reads
 * the weights by name.
 */
import * as tf from '@tensorflow/tfjs';
import { INPUT_SHAPE } from '../../src/engine/encoding.js';
import { FastBatchNorm } from './batch-norm.js';
import { glorotUniform, heNormal, mulberry32 } from './init.js';

export interface NetConfig {
  /** Residual blocks. Default 4 (bench:train: 4x32 trains at about 800 samples per CPU-second at batch 256 on this machine; 6x64 at about 150). */
  blocks: number;
  /** Channels of the stem and of every block. Default 32. */
  filters: number;
  /** Channels of the policy head's 1x1 convolution. Default 2 (AlphaZero). */
  policyFilters: number;
  /** Channels of the value head's 1x1 convolution. Default 1 (AlphaZero). */
  valueFilters: number;
  /** Width of the value head's hidden dense layer. Default 64 (AlphaZero: 256, for a 19x19 board). */
  valueHidden: number;
  /** Batch-norm epsilon added to the variance. Default 1e-3 (Keras/tfjs default; the exporter uses the same). */
  bnEpsilon: number;
  /** Batch-norm moving-average momentum. Default 0.99 (Keras/tfjs default). */
  bnMomentum: number;
  /**
   * A third head predicting the opponent's reply (its logits sharing the policy head's features), a
   * training aid only: the exporter drops it. Default false. Set by the run from train.opponentReplyWeight > 0.
   */
  opponentReply: boolean;
  /**
   * A head predicting the plies left to the game's end (Lc0's moves-left head), exported as the
   * model's third output. Default false. Set by the run from train.movesLeftWeight > 0.
   */
  movesLeft: boolean;
}

export const DEFAULT_NET_CONFIG: NetConfig = {
  blocks: 4,
  filters: 32,
  policyFilters: 2,
  valueFilters: 1,
  valueHidden: 64,
  bnEpsilon: 1e-3,
  bnMomentum: 0.99,
  opponentReply: false,
  movesLeft: false,
};

/** The opponent-reply head's dense layer (NetConfig.opponentReply). */
export const OPPONENT_POLICY = 'opponent_policy';
/** The moves-left head's dense layer (NetConfig.movesLeft). */
export const MOVES_LEFT = 'moves_left';
/** The moves-left head predicts plies left / MOVES_LEFT_SCALE (the longest game), in [0, 1]. */
export const MOVES_LEFT_SCALE = 42;
/**
 * The auxiliary heads, in this order after the rest of the network (initialised last, so that the
 * rest starts the same with and without them); a run may switch each on or off (../nn/state.ts fitHeads).
 */
export const AUX_HEADS = [OPPONENT_POLICY, MOVES_LEFT] as const;
export type AuxHead = (typeof AUX_HEADS)[number];

const HEIGHT = INPUT_SHAPE[0];
const WIDTH = INPUT_SHAPE[1];
const PLANES = INPUT_SHAPE[2];
/** Number of policy logits: one per column. */
export const POLICY_SIZE = WIDTH;

function conv(name: string, filters: number, kernel: number): tf.layers.Layer {
  return tf.layers.conv2d({ name, filters, kernelSize: kernel, padding: 'same', useBias: false });
}

function bn(name: string, cfg: NetConfig): tf.layers.Layer {
  return new FastBatchNorm({ name, epsilon: cfg.bnEpsilon, momentum: cfg.bnMomentum });
}

/** Builds the network with weights drawn deterministically from `seed`. */
export function createModel(config: Partial<NetConfig> = {}, seed = 1): tf.LayersModel {
  const cfg: NetConfig = { ...DEFAULT_NET_CONFIG, ...config };
  const input = tf.input({ name: 'input', shape: [HEIGHT, WIDTH, PLANES] });
  const relu = (name: string) => tf.layers.activation({ name, activation: 'relu' });
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;

  let x = apply(relu('stem_relu'), apply(bn('stem_bn', cfg), apply(conv('stem_conv', cfg.filters, 3), input)));
  for (let b = 0; b < cfg.blocks; b++) {
    let y = apply(relu(`block${b}_relu1`), apply(bn(`block${b}_bn1`, cfg), apply(conv(`block${b}_conv1`, cfg.filters, 3), x)));
    y = apply(bn(`block${b}_bn2`, cfg), apply(conv(`block${b}_conv2`, cfg.filters, 3), y));
    x = apply(relu(`block${b}_relu2`), apply(tf.layers.add({ name: `block${b}_add` }), [x, y]));
  }
  let p = apply(relu('policy_relu'), apply(bn('policy_bn', cfg), apply(conv('policy_conv', cfg.policyFilters, 1), x)));
  const policyDense = tf.layers.dense({ name: 'policy', units: POLICY_SIZE });
  const policyFeatures = apply(tf.layers.flatten({ name: 'policy_flatten' }), p);
  p = apply(policyDense, policyFeatures);
  let v = apply(relu('value_relu'), apply(bn('value_bn', cfg), apply(conv('value_conv', cfg.valueFilters, 1), x)));
  const valueHidden = apply(tf.layers.dense({ name: 'value_hidden', units: cfg.valueHidden, activation: 'relu' }), apply(tf.layers.flatten({ name: 'value_flatten' }), v));
  v = apply(tf.layers.dense({ name: 'value', units: 1, activation: 'tanh' }), valueHidden);

  // Output order: policy, value, then the auxiliary heads present (find them by name: outputIndex).
  const outputs = [p, v];
  if (cfg.opponentReply) outputs.push(apply(tf.layers.dense({ name: OPPONENT_POLICY, units: POLICY_SIZE }), policyFeatures));
  if (cfg.movesLeft) outputs.push(apply(tf.layers.dense({ name: MOVES_LEFT, units: 1, activation: 'sigmoid' }), valueHidden));
  const model = tf.model({ name: 'c4net', inputs: input, outputs });
  initWeights(model, seed);
  return model;
}

/**
 * Replaces tfjs' random initial weights with seeded ones: He-normal for
 * convolutions, Glorot-uniform for dense layers, zero biases, BN at identity.
 */
function initWeights(model: tf.LayersModel, seed: number): void {
  const rand = mulberry32(seed);
  // The auxiliary heads last, in AUX_HEADS order: the rest of the network starts the same with and without them.
  const layers = [...model.layers.filter((l) => !(AUX_HEADS as readonly string[]).includes(l.name)), ...AUX_HEADS.flatMap((name) => model.layers.filter((l) => l.name === name))];
  for (const layer of layers) {
    const weights = layer.weights;
    if (weights.length === 0) continue;
    const values = weights.map((w) => {
      const shape = w.shape as number[];
      const size = shape.reduce((a, b) => a * b, 1);
      const role = w.originalName.split('/').pop();
      if (role === 'kernel' && shape.length === 4) return tf.tensor(heNormal(size, shape[0] * shape[1] * shape[2], rand), shape);
      if (role === 'kernel') return tf.tensor(glorotUniform(size, shape[0], shape[1], rand), shape);
      if (role === 'gamma' || role === 'moving_variance') return tf.ones(shape);
      return tf.zeros(shape); // bias, beta, moving_mean
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/** Reads the NetConfig back from a model built by `createModel` (for the exporter and checkpoints). */
export function netConfigOf(model: tf.LayersModel): NetConfig {
  let blocks = 0;
  while (model.layers.some((l) => l.name === `block${blocks}_conv1`)) blocks++;
  const kernelShape = (name: string) => model.getLayer(name).weights[0].shape as number[];
  const bnLayer = model.getLayer('stem_bn').getConfig();
  return {
    blocks,
    filters: kernelShape('stem_conv')[3],
    policyFilters: kernelShape('policy_conv')[3],
    valueFilters: kernelShape('value_conv')[3],
    valueHidden: kernelShape('value_hidden')[1],
    bnEpsilon: bnLayer.epsilon as number,
    bnMomentum: bnLayer.momentum as number,
    opponentReply: model.layers.some((l) => l.name === OPPONENT_POLICY),
    movesLeft: model.layers.some((l) => l.name === MOVES_LEFT),
  };
}

/** The index of the output of layer `name` among `model`'s outputs, -1 when the model has no such head. */
export function outputIndex(model: tf.LayersModel, name: string): number {
  return model.outputNames.indexOf(name);
}

/** Parameter count (trainable weights only). */
export function countParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}
