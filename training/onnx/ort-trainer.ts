/**
 * The training step of `../nn/trainer.ts` (same loss, same Adam, same batch-norm
 * moving averages, same checkpoint state) with the forward and backward
 * passes run by onnxruntime-node's native kernels on the graph of
 * `./train-graph.ts`, and the optimizer update in plain typed arrays here.
 *
 * The weights live in this object while it trains; `syncModel()` copies them
 * into the tfjs model (for the ONNX exporter) and `getState`/`setState` use the
 * labels and order of `Trainer`, so a checkpoint written by either trainer
 * resumes in the other. Node only.
 */
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { INPUT_SHAPE, INPUT_SIZE } from '../../src/engine/encoding.js';
import { nodeSessionOptions } from '../../src/nn/node-session.js';
import { netConfigOf, POLICY_SIZE } from '../nn/model.js';
import { buildTrainingGraph } from './train-graph.js';
import { rotateKernel, type GraphParam } from './train-layers.js';
import type { Batch, Losses, StepTrainer, TrainerParams } from '../nn/trainer.js';
import { DEFAULT_TRAINER } from '../nn/trainer.js';
import type { NamedArray, TrainerState } from '../nn/state.js';

const [H, W, PLANES] = INPUT_SHAPE;

export interface OrtTrainerOptions {
  /** Threads inside one operator. Default 1 (the other core runs self-play). */
  threads: number;
}

interface Slot {
  param: GraphParam;
  data: Float32Array;
  m: Float32Array;
  v: Float32Array;
  /** Rotated 3x3 kernel fed beside it (refreshed after every update). */
  rot?: Float32Array;
  isKernel: boolean;
}

export class OrtTrainer implements StepTrainer {
  readonly params: TrainerParams;
  learningRate: number;
  step = 0;
  /** Every model weight (trainable or not) by its tfjs path, in `model.weights` order. */
  private readonly weights: NamedArray[];
  private readonly slots: Slot[];
  private readonly bnStats: { mean: NamedArray; variance: NamedArray; bn: string }[];
  private readonly bnMomentum: number;

  private constructor(
    readonly model: tf.LayersModel,
    private readonly session: ort.InferenceSession,
    graphParams: GraphParam[],
    params: Partial<TrainerParams>,
  ) {
    this.params = { ...DEFAULT_TRAINER, ...params };
    if (this.params.optimizer.kind !== 'adam') throw new Error('the onnxruntime trainer implements Adam only');
    this.learningRate = this.params.learningRate;
    this.bnMomentum = netConfigOf(model).bnMomentum;
    this.weights = model.weights.map((w) => ({ name: w.originalName, shape: [...w.shape] as number[], data: Float32Array.from(w.read().dataSync() as Float32Array) }));
    const byName = new Map(this.weights.map((w) => [w.name, w]));
    const graphByName = new Map(graphParams.map((p) => [p.name, p]));
    // Trainer's order: model.trainableWeights, slots m then v for each.
    this.slots = model.trainableWeights.map((w) => {
      const param = graphByName.get(w.originalName);
      const weight = byName.get(w.originalName);
      if (!param || !weight) throw new Error(`training graph has no input for ${w.originalName}`);
      const slot: Slot = { param, data: weight.data, m: new Float32Array(weight.data.length), v: new Float32Array(weight.data.length), isKernel: w.originalName.endsWith('/kernel') };
      if (param.rotated) slot.rot = new Float32Array(weight.data.length);
      return slot;
    });
    if (this.slots.length !== graphParams.length) throw new Error(`training graph has ${graphParams.length} arrays, the model ${this.slots.length}`);
    this.bnStats = [];
    for (const w of this.weights) {
      if (!w.name.endsWith('/moving_mean')) continue;
      const bn = w.name.slice(0, -'/moving_mean'.length);
      this.bnStats.push({ bn, mean: w, variance: byName.get(`${bn}/moving_variance`)! });
    }
    this.refreshRotated();
  }

  /** A trainer on `model` (weights copied from it). */
  static async create(model: tf.LayersModel, params: Partial<TrainerParams> = {}, options: Partial<OrtTrainerOptions> = {}): Promise<OrtTrainer> {
    const { bytes, params: graphParams } = buildTrainingGraph(netConfigOf(model));
    const session = await ort.InferenceSession.create(bytes, nodeSessionOptions({ intraOpThreads: options.threads }));
    return new OrtTrainer(model, session, graphParams, params);
  }

  private refreshRotated(): void {
    for (const s of this.slots) if (s.rot) rotateKernel(s.data, s.rot, s.param.rotated!);
  }

  /**
   * The losses on `batch` and the gradient of the data part of the loss (without the L2 term) for
   * every trainable array, by its tfjs path; nothing changes (for tests and tools).
   */
  async gradients(batch: Batch): Promise<{ policy: number; value: number; grads: Map<string, Float32Array> }> {
    const out = await this.forwardBackward(batch);
    const grads = new Map(this.slots.map((s) => [s.param.name, Float32Array.from(out[`${s.param.input}.grad`].data as Float32Array)]));
    const result = { policy: (out.policyLoss.data as Float32Array)[0], value: (out.valueLoss.data as Float32Array)[0], grads };
    for (const t of Object.values(out)) t.dispose?.();
    return result;
  }

  private async forwardBackward(batch: Batch): Promise<ort.InferenceSession.ReturnType> {
    const n = batch.value.length;
    if (batch.inputs.length !== n * INPUT_SIZE || batch.policy.length !== n * POLICY_SIZE) {
      throw new Error(`batch shapes disagree: ${n} values, ${batch.inputs.length} input floats, ${batch.policy.length} policy floats`);
    }
    const { valueWeight } = this.params;
    const wv = new Float32Array(n);
    const wp = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const w = batch.weights ? batch.weights[i] : 1;
      wv[i] = w / n;
      wp[i] = (batch.policyWeights ? w * batch.policyWeights[i] : w) / n;
    }
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', batch.inputs, [n, H, W, PLANES]),
      pi: new ort.Tensor('float32', batch.policy, [n, POLICY_SIZE]),
      z: new ort.Tensor('float32', batch.value, [n, 1]),
      wp: new ort.Tensor('float32', wp, [n, 1]),
      wv: new ort.Tensor('float32', wv, [n, 1]),
      invM: new ort.Tensor('float32', Float32Array.of(1 / (n * H * W)), []),
      valueWeight: new ort.Tensor('float32', Float32Array.of(valueWeight), []),
    };
    for (const s of this.slots) {
      feeds[s.param.input] = new ort.Tensor('float32', s.data, s.param.shape);
      const r = s.param.rotated;
      if (s.rot && r) feeds[`${s.param.input}.rot`] = new ort.Tensor('float32', s.rot, [r.kh * r.kw * r.co, r.ci]);
    }
    return this.session.run(feeds);
  }

  /** One gradient step on `batch`; returns the losses before the update. */
  async trainStep(batch: Batch): Promise<Losses> {
    const { l2, valueWeight } = this.params;
    const out = await this.forwardBackward(batch);
    const policy = (out.policyLoss.data as Float32Array)[0];
    const value = (out.valueLoss.data as Float32Array)[0];
    let l2Sum = 0;
    for (const s of this.slots) if (s.isKernel) for (const k of s.data) l2Sum += k * k;
    const l2Loss = l2 * l2Sum;

    // Batch-norm moving averages, written as tfjs-layers does: moving - (moving - batch) * (1 - momentum).
    const keep = Math.fround(1 - this.bnMomentum);
    for (const st of this.bnStats) {
      const mean = out[`${st.bn}.mean`].data as Float32Array;
      const variance = out[`${st.bn}.var`].data as Float32Array;
      for (let c = 0; c < mean.length; c++) {
        st.mean.data[c] = Math.fround(st.mean.data[c] - Math.fround(Math.fround(st.mean.data[c] - mean[c]) * keep));
        st.variance.data[c] = Math.fround(st.variance.data[c] - Math.fround(Math.fround(st.variance.data[c] - variance[c]) * keep));
      }
    }

    // Adam, as ../nn/optimizer.ts (bias corrections folded into the step size).
    const { beta1: b1, beta2: b2, epsilon } = this.params.optimizer;
    this.step++;
    const alpha = (this.learningRate * Math.sqrt(1 - b2 ** this.step)) / (1 - b1 ** this.step);
    for (const s of this.slots) {
      const grad = out[`${s.param.input}.grad`].data as Float32Array;
      const { data, m, v } = s;
      const decay = s.isKernel ? 2 * l2 : 0;
      for (let i = 0; i < data.length; i++) {
        const gi = grad[i] + decay * data[i];
        const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
        const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
        data[i] -= (mi * alpha) / (Math.sqrt(vi) + epsilon);
      }
    }
    this.refreshRotated();
    for (const t of Object.values(out)) t.dispose?.();
    return { policy, value, l2: l2Loss, total: policy + value * valueWeight + l2Loss };
  }

  /** Copies the current weights into the tfjs model (before exporting it). */
  syncModel(): void {
    tf.tidy(() => {
      this.model.weights.forEach((w, i) => (w.read() as tf.Variable).assign(tf.tensor(this.weights[i].data, w.shape as number[])));
    });
  }

  /** The same state as `Trainer.getState` (labels, order, slots `<weight>/m`, `<weight>/v`). */
  getState(): TrainerState {
    const copy = (a: NamedArray): NamedArray => ({ name: a.name, shape: [...a.shape], data: Float32Array.from(a.data) });
    const slots: NamedArray[] = [];
    this.model.trainableWeights.forEach((w, i) => {
      const shape = [...w.shape] as number[];
      slots.push({ name: `${w.originalName}/m`, shape, data: Float32Array.from(this.slots[i].m) });
      slots.push({ name: `${w.originalName}/v`, shape, data: Float32Array.from(this.slots[i].v) });
    });
    return { step: this.step, learningRate: this.learningRate, weights: this.weights.map(copy), slots };
  }

  /** Restores a state from either trainer's `getState`; throws on any mismatch. */
  setState(state: TrainerState): void {
    if (state.weights.length !== this.weights.length) throw new Error(`weights: expected ${this.weights.length} arrays, got ${state.weights.length}`);
    state.weights.forEach((a, i) => {
      const w = this.weights[i];
      if (a.name !== w.name || a.data.length !== w.data.length) throw new Error(`weights ${i}: state has ${a.name} (${a.data.length}), model has ${w.name} (${w.data.length})`);
    });
    if (state.slots.length !== 2 * this.slots.length) throw new Error(`optimizer slots: expected ${2 * this.slots.length} arrays, got ${state.slots.length}`);
    this.slots.forEach((s, i) => {
      for (const [k, moment] of [[2 * i, 'm'], [2 * i + 1, 'v']] as const) {
        const a = state.slots[k];
        const want = `${this.model.trainableWeights[i].originalName}/${moment}`;
        if (a.name !== want || a.data.length !== s.data.length) throw new Error(`optimizer slots ${k}: state has ${a.name} (${a.data.length}), model has ${want} (${s.data.length})`);
      }
    });
    state.weights.forEach((a, i) => this.weights[i].data.set(a.data));
    this.slots.forEach((s, i) => {
      s.m.set(state.slots[2 * i].data);
      s.v.set(state.slots[2 * i + 1].data);
    });
    this.step = state.step;
    this.learningRate = state.learningRate;
    this.refreshRotated();
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
