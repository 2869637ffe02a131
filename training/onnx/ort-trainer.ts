/**
 * The training step of `../nn/trainer.ts` (same loss, same Adam, same batch-norm
 * moving averages, same checkpoint state) with the forward and backward
 * passes run by onnxruntime-node's native kernels on the graph of
 * `./train-graph.ts`, and the updates on plain typed arrays: Adam's
 * `adamUpdate` (../nn/optimizer.ts) and the moving averages'
 * `updateMovingAverage` (../nn/batch-norm.ts), the latter shared with tfjs.
 *
 * The weights live in this object while it trains; `syncModel()` copies them
 * into the tfjs model (for the ONNX exporter) and `getState`/`setState` use the
 * labels and order of `Trainer`, so a checkpoint written by either trainer
 * resumes in the other. Node only.
 */
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { INPUT_SHAPE } from '../../src/engine/encoding.js';
import { nodeSessionOptions } from '../../src/nn/node-session.js';
import { updateMovingAverage } from '../nn/batch-norm.js';
import { MOVES_LEFT_SCALE, netConfigOf, POLICY_SIZE } from '../nn/model.js';
import { adamStepSize, adamUpdate, slotLabels } from '../nn/optimizer.js';
import { checkArrays, type NamedArray, type TrainerState } from '../nn/state.js';
import { batchSize, DEFAULT_TRAINER, hasL2, type Batch, type Losses, type StepTrainer, type TrainerParams } from '../nn/trainer.js';
import { buildTrainingGraph } from './train-graph.js';
import { INV_M, rotateKernel, type GraphParam } from './train-layers.js';

const [H, W, PLANES] = INPUT_SHAPE;

export interface OrtTrainerOptions {
  /** Threads inside one operator. Default 1 (the other core runs self-play). */
  threads: number;
}

/** One trainable array: the weight, its graph input, its Adam moments. */
interface Slot {
  param: GraphParam;
  /** The weight (shares its data with `OrtTrainer.weights`). */
  weight: NamedArray;
  m: Float32Array;
  v: Float32Array;
  /** Rotated 3x3 kernel fed beside it (refreshed after every update). */
  rot?: Float32Array;
  /** Whether the L2 term covers it (`hasL2`). */
  l2: boolean;
}

/** A batch norm's moving statistics; the graph outputs its batch statistics as `${bn}.mean`, `${bn}.var`. */
interface MovingStats {
  bn: string;
  mean: NamedArray;
  variance: NamedArray;
}

/** The trainable arrays of `model`, in Trainer's order (model.trainableWeights), bound to the graph's inputs. */
function bindSlots(model: tf.LayersModel, weights: readonly NamedArray[], graphParams: readonly GraphParam[]): Slot[] {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const graphByName = new Map(graphParams.map((p) => [p.name, p]));
  const slots = model.trainableWeights.map((w) => {
    const param = graphByName.get(w.originalName);
    const weight = byName.get(w.originalName);
    if (!param || !weight) throw new Error(`training graph has no input for ${w.originalName}`);
    const n = weight.data.length;
    const slot: Slot = { param, weight, m: new Float32Array(n), v: new Float32Array(n), l2: hasL2(w.originalName) };
    if (param.rotated) slot.rot = new Float32Array(n);
    return slot;
  });
  if (slots.length !== graphParams.length) throw new Error(`training graph has ${graphParams.length} arrays, the model ${slots.length}`);
  return slots;
}

/** The moving statistics among `weights`, batch norm by batch norm. */
function movingStatsOf(weights: readonly NamedArray[]): MovingStats[] {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const stats: MovingStats[] = [];
  for (const w of weights) {
    if (!w.name.endsWith('/moving_mean')) continue;
    const bn = w.name.slice(0, -'/moving_mean'.length);
    stats.push({ bn, mean: w, variance: byName.get(`${bn}/moving_variance`)! });
  }
  return stats;
}

/** The auxiliary heads' loss weights, each only when the graph has that head. */
interface HeadWeights {
  reply?: number;
  movesLeft?: number;
}

/**
 * The graph's batch inputs: positions, targets, per-sample loss weights (divided by N), 1/M and the
 * value weight; with `heads.reply` (the graph has the opponent-reply head) also the reply targets,
 * their weights (0 for a batch without them) and that weight; with `heads.movesLeft` the same for
 * the moves-left head (targets as plies left / 42).
 */
function batchFeeds(batch: Batch, valueWeight: number, heads: HeadWeights): Record<string, ort.Tensor> {
  const n = batchSize(batch);
  const wv = new Float32Array(n);
  const wp = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const w = batch.weights ? batch.weights[i] : 1;
    wv[i] = w / n;
    wp[i] = (batch.policyWeights ? w * batch.policyWeights[i] : w) / n;
  }
  const aux: Record<string, ort.Tensor> = {};
  if (heads.reply !== undefined) {
    const wr = new Float32Array(n);
    for (let i = 0; i < n; i++) wr[i] = batch.replyWeights ? ((batch.weights ? batch.weights[i] : 1) * batch.replyWeights[i]) / n : 0;
    aux.rho = new ort.Tensor('float32', batch.reply ?? new Float32Array(n * POLICY_SIZE), [n, POLICY_SIZE]);
    aux.wr = new ort.Tensor('float32', wr, [n, 1]);
    aux.replyWeight = new ort.Tensor('float32', Float32Array.of(heads.reply), []);
  }
  if (heads.movesLeft !== undefined) {
    const target = new Float32Array(n);
    const wl = new Float32Array(n);
    for (let i = 0; batch.pliesLeft && batch.pliesLeftWeights && i < n; i++) {
      target[i] = batch.pliesLeft[i] / MOVES_LEFT_SCALE;
      wl[i] = ((batch.weights ? batch.weights[i] : 1) * batch.pliesLeftWeights[i]) / n;
    }
    aux.left = new ort.Tensor('float32', target, [n, 1]);
    aux.wl = new ort.Tensor('float32', wl, [n, 1]);
    aux.movesLeftWeight = new ort.Tensor('float32', Float32Array.of(heads.movesLeft), []);
  }
  return {
    ...aux,
    x: new ort.Tensor('float32', batch.inputs, [n, H, W, PLANES]),
    pi: new ort.Tensor('float32', batch.policy, [n, POLICY_SIZE]),
    z: new ort.Tensor('float32', batch.value, [n, 1]),
    wp: new ort.Tensor('float32', wp, [n, 1]),
    wv: new ort.Tensor('float32', wv, [n, 1]),
    [INV_M]: new ort.Tensor('float32', Float32Array.of(1 / (n * H * W)), []),
    valueWeight: new ort.Tensor('float32', Float32Array.of(valueWeight), []),
  };
}

const floats = (t: ort.Tensor) => t.data as Float32Array;

export class OrtTrainer implements StepTrainer {
  readonly params: TrainerParams;
  learningRate: number;
  step = 0;
  /** Every model weight (trainable or not) by its tfjs path, in `model.weights` order. */
  private readonly weights: NamedArray[];
  private readonly slots: Slot[];
  private readonly movingStats: MovingStats[];
  private readonly bnMomentum: number;
  /** Whether the model (and so the graph) has the opponent-reply head. */
  private readonly opponentReply: boolean;
  /** Whether the model (and so the graph) has the moves-left head. */
  private readonly movesLeft: boolean;

  private constructor(
    readonly model: tf.LayersModel,
    private readonly session: ort.InferenceSession,
    graphParams: GraphParam[],
    params: Partial<TrainerParams>,
  ) {
    this.params = { ...DEFAULT_TRAINER, ...params };
    if (this.params.optimizer.kind !== 'adam') throw new Error('the onnxruntime trainer implements Adam only');
    this.learningRate = this.params.learningRate;
    const net = netConfigOf(model);
    this.bnMomentum = net.bnMomentum;
    this.opponentReply = net.opponentReply;
    this.movesLeft = net.movesLeft;
    this.weights = model.weights.map((w) => ({ name: w.originalName, shape: [...w.shape] as number[], data: Float32Array.from(w.read().dataSync() as Float32Array) }));
    this.slots = bindSlots(model, this.weights, graphParams);
    this.movingStats = movingStatsOf(this.weights);
    this.refreshRotated();
  }

  /** A trainer on `model` (weights copied from it). */
  static async create(model: tf.LayersModel, params: Partial<TrainerParams> = {}, options: Partial<OrtTrainerOptions> = {}): Promise<OrtTrainer> {
    const { bytes, params: graphParams } = buildTrainingGraph(netConfigOf(model));
    const session = await ort.InferenceSession.create(bytes, nodeSessionOptions({ intraOpThreads: options.threads }));
    return new OrtTrainer(model, session, graphParams, params);
  }

  private refreshRotated(): void {
    for (const s of this.slots) if (s.rot) rotateKernel(s.weight.data, s.rot, s.param.rotated!);
  }

  /**
   * The losses on `batch` and the gradient of the data part of the loss (without the L2 term) for
   * every trainable array, by its tfjs path; nothing changes (for tests and tools).
   */
  async gradients(batch: Batch): Promise<{ policy: number; value: number; reply: number; movesLeft: number; grads: Map<string, Float32Array> }> {
    const out = await this.forwardBackward(batch);
    const grads = new Map(this.slots.map((s) => [s.param.name, Float32Array.from(floats(out[`${s.param.input}.grad`]))]));
    const result = { policy: floats(out.policyLoss)[0], value: floats(out.valueLoss)[0], reply: this.replyLossOf(out), movesLeft: this.movesLeftLossOf(out), grads };
    for (const t of Object.values(out)) t.dispose?.();
    return result;
  }

  /** The 'replyLoss' output, 0 for a graph without the opponent-reply head. */
  private replyLossOf(out: ort.InferenceSession.ReturnType): number {
    return this.opponentReply ? floats(out.replyLoss)[0] : 0;
  }

  /** The 'movesLeftLoss' output, 0 for a graph without the moves-left head. */
  private movesLeftLossOf(out: ort.InferenceSession.ReturnType): number {
    return this.movesLeft ? floats(out.movesLeftLoss)[0] : 0;
  }

  private async forwardBackward(batch: Batch): Promise<ort.InferenceSession.ReturnType> {
    const heads: HeadWeights = {};
    if (this.opponentReply) heads.reply = this.params.opponentReplyWeight;
    if (this.movesLeft) heads.movesLeft = this.params.movesLeftWeight;
    const feeds = batchFeeds(batch, this.params.valueWeight, heads);
    for (const s of this.slots) {
      feeds[s.param.input] = new ort.Tensor('float32', s.weight.data, s.param.shape);
      const r = s.param.rotated;
      if (s.rot && r) feeds[`${s.param.input}.rot`] = new ort.Tensor('float32', s.rot, [r.kh * r.kw * r.co, r.ci]);
    }
    return this.session.run(feeds);
  }

  /** One gradient step on `batch`; returns the losses before the update. */
  async trainStep(batch: Batch): Promise<Losses> {
    const { l2, valueWeight } = this.params;
    const out = await this.forwardBackward(batch);
    const policy = floats(out.policyLoss)[0];
    const value = floats(out.valueLoss)[0];
    const reply = this.replyLossOf(out);
    const movesLeft = this.movesLeftLossOf(out);
    let l2Sum = 0;
    for (const s of this.slots) if (s.l2) for (const k of s.weight.data) l2Sum += k * k;
    const l2Loss = l2 * l2Sum;
    for (const st of this.movingStats) {
      updateMovingAverage(st.mean.data, floats(out[`${st.bn}.mean`]), this.bnMomentum);
      updateMovingAverage(st.variance.data, floats(out[`${st.bn}.var`]), this.bnMomentum);
    }
    this.step++;
    const alpha = adamStepSize(this.learningRate, this.step, this.params.optimizer);
    for (const s of this.slots) {
      const decay = s.l2 ? 2 * l2 : 0;
      adamUpdate(s.weight.data, floats(out[`${s.param.input}.grad`]), s.m, s.v, alpha, decay, this.params.optimizer);
    }
    this.refreshRotated();
    for (const t of Object.values(out)) t.dispose?.();
    const replyPart = this.opponentReply ? reply * this.params.opponentReplyWeight : 0;
    const leftPart = this.movesLeft ? movesLeft * this.params.movesLeftWeight : 0;
    return { policy, value, l2: l2Loss, reply, movesLeft, total: policy + value * valueWeight + l2Loss + replyPart + leftPart };
  }

  /** Copies the current weights into the tfjs model (before exporting it). */
  syncModel(): void {
    tf.tidy(() => {
      this.model.weights.forEach((w, i) => (w.read() as tf.Variable).assign(tf.tensor(this.weights[i].data, w.shape as number[])));
    });
  }

  /** The optimizer slots as `Trainer` labels them: `<weight>/m`, `<weight>/v`, weight by weight. */
  private slotArrays(): NamedArray[] {
    const labels = slotLabels(this.slots.map((s) => s.weight.name), 'adam');
    return this.slots.flatMap((s) => [s.m, s.v]).map((data, k) => ({ name: labels[k], shape: [...this.slots[k >> 1].weight.shape], data }));
  }

  /** The same state as `Trainer.getState` (labels, order, slots `<weight>/m`, `<weight>/v`). */
  getState(): TrainerState {
    const copy = (a: NamedArray): NamedArray => ({ name: a.name, shape: [...a.shape], data: Float32Array.from(a.data) });
    return { step: this.step, learningRate: this.learningRate, weights: this.weights.map(copy), slots: this.slotArrays().map(copy) };
  }

  /** Restores a state from either trainer's `getState`; throws on any mismatch. */
  setState(state: TrainerState): void {
    const expected = (arrays: readonly NamedArray[]) => arrays.map((a) => ({ name: a.name, size: a.data.length }));
    const slots = this.slotArrays();
    checkArrays('weights', expected(this.weights), state.weights);
    checkArrays('optimizer slots', expected(slots), state.slots);
    state.weights.forEach((a, i) => this.weights[i].data.set(a.data));
    state.slots.forEach((a, k) => slots[k].data.set(a.data));
    this.step = state.step;
    this.learningRate = state.learningRate;
    this.refreshRotated();
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
