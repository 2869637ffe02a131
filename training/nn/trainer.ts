/**
 * One optimisation step of the AlphaZero loss (Silver et al. 2017, eq. 1):
 *   l = mean_i w_i [ (z_i - v_i)^2 * valueWeight - pi_i . log p_i ] + c ||theta||^2
 * with per-sample weights w_i (default 1), on a model from `createModel`, plus,
 * for a model with the opponent-reply head, opponentReplyWeight times
 * mean_i w_i r_i [ -rho_i . log o_i ] (KataGo's auxiliary target; r_i = 0
 * where a sample has no reply target), for a model with the moves-left head,
 * movesLeftWeight times mean_i w_i l_i (m_i - pliesLeft_i / 42)^2 (l_i = 0
 * where a sample has no plies-left target), and
 * the full training state (weights, batch-norm statistics, optimizer slots,
 * step, learning rate) as plain typed arrays for checkpoints.
 */
import * as tf from '@tensorflow/tfjs';
import { INPUT_SIZE } from '../../src/engine/encoding.js';
import { MOVES_LEFT, MOVES_LEFT_SCALE, OPPONENT_POLICY, outputIndex, POLICY_SIZE } from './model.js';
import { DEFAULT_OPTIMIZER, Optimizer, type OptimizerParams } from './optimizer.js';
import { checkArrays, type NamedArray, type TrainerState } from './state.js';

export interface TrainerParams {
  /** Initial learning rate (settable later with `learningRate`). Default 1e-3 (Adam; TRAINING-NOTES: 1e-3 to 1e-4 with cosine decay). */
  learningRate: number;
  /** L2 coefficient c on conv and dense kernels (not biases or BN). Default 1e-4 (AlphaZero). */
  l2: number;
  /** Weight of the value loss against the policy loss. Default 1. */
  valueWeight: number;
  /** Optimizer settings. Default Adam, beta 0.9/0.999. */
  optimizer: OptimizerParams;
  /** Weight of the opponent-reply policy loss, for a model with that head (KataGo: 0.15). Default 0. */
  opponentReplyWeight: number;
  /** Weight of the moves-left head's squared error (on plies left / 42), for a model with that head. Default 0. */
  movesLeftWeight: number;
}

export const DEFAULT_TRAINER: TrainerParams = {
  learningRate: 1e-3,
  l2: 1e-4,
  valueWeight: 1,
  optimizer: DEFAULT_OPTIMIZER,
  opponentReplyWeight: 0,
  movesLeftWeight: 0,
};

/** A training batch of N samples. */
export interface Batch {
  /** Encoded positions, N * INPUT_SIZE floats (src/engine/encoding.ts). */
  inputs: Float32Array;
  /** Policy targets, N * 7, each row a distribution over columns. */
  policy: Float32Array;
  /** Value targets in [-1, 1] for the side to move, N. */
  value: Float32Array;
  /** Optional per-sample weights on both losses, N (default 1). */
  weights?: Float32Array;
  /** Optional per-sample weights on the policy loss only, N (default 1), e.g. 0 for fast searches under playout cap randomization (KataGo). */
  policyWeights?: Float32Array;
  /** Optional opponent-reply policy targets, N * 7 (the next position's search policy), for a model with that head. */
  reply?: Float32Array;
  /** Per-sample weights of the opponent-reply loss, N: 1 with a reply target, 0 without (the last move of a game, an old sample). */
  replyWeights?: Float32Array;
  /** Optional plies from each position to its game's end, N, for a model with the moves-left head. */
  pliesLeft?: Float32Array;
  /** Per-sample weights of the moves-left loss, N: 1 with a plies-left target, 0 without (an old sample). */
  pliesLeftWeights?: Float32Array;
}

/** The number of samples in `batch`; throws when its arrays disagree. */
export function batchSize(batch: Batch): number {
  const n = batch.value.length;
  if (batch.inputs.length !== n * INPUT_SIZE || batch.policy.length !== n * POLICY_SIZE) {
    throw new Error(`batch shapes disagree: ${n} values, ${batch.inputs.length} input floats, ${batch.policy.length} policy floats`);
  }
  if ((batch.reply && batch.reply.length !== n * POLICY_SIZE) || (batch.replyWeights && batch.replyWeights.length !== n) || !batch.reply !== !batch.replyWeights) {
    throw new Error(`batch shapes disagree: ${n} values, ${batch.reply?.length ?? 'no'} reply floats, ${batch.replyWeights?.length ?? 'no'} reply weights`);
  }
  if ((batch.pliesLeft && batch.pliesLeft.length !== n) || (batch.pliesLeftWeights && batch.pliesLeftWeights.length !== n) || !batch.pliesLeft !== !batch.pliesLeftWeights) {
    throw new Error(`batch shapes disagree: ${n} values, ${batch.pliesLeft?.length ?? 'no'} plies-left targets, ${batch.pliesLeftWeights?.length ?? 'no'} plies-left weights`);
  }
  return n;
}

/** Whether the L2 term covers the weight at tfjs path `path`: conv and dense kernels, not biases or batch norm (AlphaZero). */
export function hasL2(path: string): boolean {
  return path.endsWith('/kernel');
}

/** Losses of one step, measured before the update. */
export interface Losses {
  /** Weighted mean policy cross-entropy (nats). */
  policy: number;
  /** Weighted mean squared value error. */
  value: number;
  /** c * sum of squared kernels. */
  l2: number;
  /** Weighted mean opponent-reply cross-entropy (nats), before opponentReplyWeight; 0 without that head. */
  reply: number;
  /** Weighted mean squared error of the moves-left head (plies / 42), before movesLeftWeight; 0 without that head. */
  movesLeft: number;
  /** The minimised total. */
  total: number;
}

/** What the training loop needs of a trainer: `Trainer` (tfjs) or `OrtTrainer` (../onnx/ort-trainer.ts). */
export interface StepTrainer {
  /** Learning rate used by the next step. */
  learningRate: number;
  /** Number of steps taken so far. */
  readonly step: number;
  trainStep(batch: Batch): Losses | Promise<Losses>;
  getState(): TrainerState;
  setState(state: TrainerState): void;
  /** Makes the tfjs model hold the trained weights (for the ONNX exporter). */
  syncModel(): void;
  dispose(): void | Promise<void>;
}

/** mean_i w_i r_i [ -rho_i . log softmax(o_i) ]: the opponent-reply loss of a batch (0 when it carries no reply targets). */
function opponentReplyLoss(batch: Batch, replyLogits: tf.Tensor, w: tf.Tensor1D | null, n: number): tf.Scalar {
  // Without targets the loss is 0, still tied to the head so that every weight has a (zero) gradient.
  if (!batch.reply || !batch.replyWeights) return tf.mul(tf.sum(replyLogits), 0) as tf.Scalar;
  const ce = tf.neg(tf.sum(tf.mul(tf.tensor2d(batch.reply, [n, POLICY_SIZE]), tf.logSoftmax(replyLogits)), 1));
  const wr = w ? tf.mul(w, tf.tensor1d(batch.replyWeights)) : tf.tensor1d(batch.replyWeights);
  return tf.div(tf.sum(tf.mul(ce, wr)), n) as tf.Scalar;
}

/** mean_i w_i l_i (m_i - pliesLeft_i / 42)^2: the moves-left loss of a batch (0 when it carries no plies-left targets). */
function movesLeftLoss(batch: Batch, m: tf.Tensor, w: tf.Tensor1D | null, n: number): tf.Scalar {
  if (!batch.pliesLeft || !batch.pliesLeftWeights) return tf.mul(tf.sum(m), 0) as tf.Scalar;
  const se = tf.square(tf.sub(tf.reshape(m, [n]), tf.div(tf.tensor1d(batch.pliesLeft), MOVES_LEFT_SCALE)));
  const wl = w ? tf.mul(w, tf.tensor1d(batch.pliesLeftWeights)) : tf.tensor1d(batch.pliesLeftWeights);
  return tf.div(tf.sum(tf.mul(se, wl)), n) as tf.Scalar;
}

export class Trainer implements StepTrainer {
  readonly params: TrainerParams;
  /** Learning rate used by the next step. */
  learningRate: number;
  private readonly optimizer: Optimizer;
  private readonly trainable: tf.Variable[];
  private readonly kernels: tf.Variable[];

  constructor(
    readonly model: tf.LayersModel,
    params: Partial<TrainerParams> = {},
  ) {
    this.params = { ...DEFAULT_TRAINER, ...params };
    this.learningRate = this.params.learningRate;
    // LayerVariable wraps the tf.Variable the gradient tape sees; `.read()` returns it.
    this.trainable = model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.kernels = model.trainableWeights.filter((w) => hasL2(w.originalName)).map((w) => w.read() as tf.Variable);
    const labels = model.trainableWeights.map((w) => w.originalName);
    this.optimizer = new Optimizer(this.trainable, labels, this.params.optimizer);
  }

  /** Number of steps taken so far. */
  get step(): number {
    return this.optimizer.step;
  }

  /** One gradient step on `batch`; returns the losses before the update. */
  trainStep(batch: Batch): Losses {
    const n = batchSize(batch);
    const { l2, valueWeight } = this.params;
    const out = tf.tidy(() => {
      const x = tf.tensor4d(batch.inputs, [n, 6, 7, 2]);
      const pi = tf.tensor2d(batch.policy, [n, POLICY_SIZE]);
      const z = tf.tensor1d(batch.value);
      const w = batch.weights ? tf.tensor1d(batch.weights) : null;
      const wp = batch.policyWeights ? (w ? tf.mul(w, tf.tensor1d(batch.policyWeights)) : tf.tensor1d(batch.policyWeights)) : w;
      let parts: tf.Scalar[] = [];
      const { value: total, grads } = tf.variableGrads(() => {
        const outputs = this.model.apply(x, { training: true }) as tf.Tensor[];
        const [logits, v] = outputs;
        const replyLogits = outputs[outputIndex(this.model, OPPONENT_POLICY)] as tf.Tensor | undefined;
        const movesLeft = outputs[outputIndex(this.model, MOVES_LEFT)] as tf.Tensor | undefined;
        const ce = tf.neg(tf.sum(tf.mul(pi, tf.logSoftmax(logits)), 1));
        const se = tf.square(tf.sub(tf.reshape(v, [n]), z));
        const policyLoss = tf.div(tf.sum(wp ? tf.mul(ce, wp) : ce), n) as tf.Scalar;
        const valueLoss = tf.div(tf.sum(w ? tf.mul(se, w) : se), n) as tf.Scalar;
        const l2Loss = tf.mul(tf.addN(this.kernels.map((k) => tf.sum(tf.square(k)))), l2) as tf.Scalar;
        const replyLoss = replyLogits ? opponentReplyLoss(batch, replyLogits, w, n) : tf.scalar(0);
        const leftLoss = movesLeft ? movesLeftLoss(batch, movesLeft, w, n) : tf.scalar(0);
        // variableGrads frees everything but the total; keep the parts for the report.
        parts = [tf.keep(policyLoss), tf.keep(valueLoss), tf.keep(l2Loss), tf.keep(replyLoss), tf.keep(leftLoss)];
        const sum = [policyLoss, tf.mul(valueLoss, valueWeight), l2Loss];
        if (replyLogits) sum.push(tf.mul(replyLoss, this.params.opponentReplyWeight));
        if (movesLeft) sum.push(tf.mul(leftLoss, this.params.movesLeftWeight));
        return tf.addN(sum) as tf.Scalar;
      }, this.trainable);
      this.optimizer.apply(this.trainable.map((v) => grads[v.name]), this.learningRate);
      const all = tf.stack([...parts, total]);
      tf.dispose(parts);
      return all;
    });
    const [policy, value, l2Loss, reply, movesLeft, total] = out.dataSync();
    out.dispose();
    return { policy, value, l2: l2Loss, reply, movesLeft, total };
  }

  /**
   * The full state: every model weight (incl. BN moving statistics), optimizer
   * slots, step and learning rate. Arrays are labelled by the weights' layer
   * paths (`stem_conv/kernel`, `stem_conv/kernel/m`), which are stable across
   * processes, unlike tfjs' variable names.
   */
  getState(): TrainerState {
    const read = (vs: readonly tf.Variable[], labels: readonly string[]): NamedArray[] =>
      vs.map((v, i) => ({ name: labels[i], shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) }));
    return {
      step: this.optimizer.step,
      learningRate: this.learningRate,
      weights: read(this.modelVariables(), this.model.weights.map((w) => w.originalName)),
      slots: read(this.optimizer.slots, this.optimizer.slotLabels),
    };
  }

  /** Restores a state from `getState` of a trainer with the same NetConfig and optimizer kind; throws on any mismatch. */
  setState(state: TrainerState): void {
    const expected = (vs: readonly tf.Variable[], labels: readonly string[]) => vs.map((v, i) => ({ name: labels[i], size: v.size }));
    const weights = this.modelVariables();
    checkArrays('weights', expected(weights, this.model.weights.map((w) => w.originalName)), state.weights);
    checkArrays('optimizer slots', expected(this.optimizer.slots, this.optimizer.slotLabels), state.slots);
    const write = (vs: readonly tf.Variable[], arrays: readonly NamedArray[]) =>
      vs.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(arrays[i].data, v.shape))));
    write(weights, state.weights);
    write(this.optimizer.slots, state.slots);
    this.optimizer.step = state.step;
    this.learningRate = state.learningRate;
  }

  /** The model's variables are the trained ones: nothing to copy. */
  syncModel(): void {}

  private modelVariables(): tf.Variable[] {
    return this.model.weights.map((w) => w.read() as tf.Variable);
  }

  /** Frees the optimizer slots (the model stays). */
  dispose(): void {
    this.optimizer.dispose();
  }
}
