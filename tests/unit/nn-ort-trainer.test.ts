/**
 * The onnxruntime trainer (training/onnx/ort-trainer.ts): its hand-written
 * backward graph against tfjs' automatic differentiation of the same model,
 * its steps against the tfjs trainer's, and checkpoint states that cross
 * between the two.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { configProblems } from '../../training/run/config-check.js';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { createModel, type NetConfig } from '../../training/nn/model.js';
import { OrtTrainer } from '../../training/onnx/ort-trainer.js';
import { Trainer, type Batch } from '../../training/nn/trainer.js';
import { weightedBatch as makeBatch } from './nn-fixtures.js';

beforeAll(async () => {
  await initTrainingBackend();
});

/** tfjs' gradients of the data loss (policy + valueWeight * value, no L2) by weight path, as Trainer defines the loss. */
function tfjsGradients(model: tf.LayersModel, batch: Batch, valueWeight: number): { policy: number; value: number; grads: Map<string, Float32Array> } {
  const n = batch.value.length;
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let parts: number[] = [];
  const { grads } = tf.variableGrads(() => {
    const x = tf.tensor4d(batch.inputs, [n, 6, 7, 2]);
    const [logits, v] = model.apply(x, { training: true }) as tf.Tensor[];
    const w = tf.tensor1d(batch.weights!);
    const wp = tf.mul(w, tf.tensor1d(batch.policyWeights!));
    const ce = tf.neg(tf.sum(tf.mul(tf.tensor2d(batch.policy, [n, 7]), tf.logSoftmax(logits)), 1));
    const se = tf.square(tf.sub(tf.reshape(v, [n]), tf.tensor1d(batch.value)));
    const policy = tf.div(tf.sum(tf.mul(ce, wp)), n);
    const value = tf.div(tf.sum(tf.mul(se, w)), n);
    parts = [policy.dataSync()[0], value.dataSync()[0]];
    return tf.add(policy, tf.mul(value, valueWeight)) as tf.Scalar;
  }, vars);
  const out = new Map(model.trainableWeights.map((w, i) => [w.originalName, Float32Array.from(grads[vars[i].name].dataSync() as Float32Array)]));
  tf.dispose(Object.values(grads));
  return { policy: parts[0], value: parts[1], grads: out };
}

/** Largest |a - b| over the largest |a| of an array. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

describe('OrtTrainer', () => {
  test.each<[string, Partial<NetConfig>, number]>([
    ['1x8', { blocks: 1, filters: 8, valueHidden: 16 }, 1],
    ['2x16, wide heads, value weight 0.5', { blocks: 2, filters: 16, policyFilters: 3, valueFilters: 2, valueHidden: 24 }, 0.5],
  ])('%s: losses and every gradient equal tfjs autodiff', async (_name, cfg, valueWeight) => {
    const batch = makeBatch(24, 5);
    const model = createModel(cfg, 9);
    // One tfjs step first, so that batch-norm scales and biases are no longer at identity.
    new Trainer(model, { learningRate: 0.01 }).trainStep(makeBatch(24, 6));
    const reference = tfjsGradients(model, batch, valueWeight);
    const ort = await OrtTrainer.create(model, { valueWeight });
    const mine = await ort.gradients(batch);
    expect(mine.policy).toBeCloseTo(reference.policy, 5);
    expect(mine.value).toBeCloseTo(reference.value, 5);
    expect([...mine.grads.keys()].sort()).toEqual([...reference.grads.keys()].sort());
    for (const [name, g] of reference.grads) {
      expect(relativeError(g, mine.grads.get(name)!), name).toBeLessThan(2e-4);
    }
    await ort.dispose();
    model.dispose();
  });

  test('steps follow the tfjs trainer, and a state crosses between the two trainers', async () => {
    const cfg = { blocks: 1, filters: 8, valueHidden: 16 };
    const a = new Trainer(createModel(cfg, 3), { learningRate: 1e-3 });
    const b = await OrtTrainer.create(createModel(cfg, 3), { learningRate: 1e-3 });
    for (let s = 0; s < 4; s++) {
      const batch = makeBatch(32, 20 + s);
      const la = a.trainStep(batch);
      const lb = await b.trainStep(batch);
      expect(lb.total).toBeCloseTo(la.total, 4);
      expect(lb.l2).toBeCloseTo(la.l2, 6);
    }
    const sa = a.getState();
    const sb = b.getState();
    expect(sb.step).toBe(4);
    expect(sb.weights.map((w) => [w.name, w.shape])).toEqual(sa.weights.map((w) => [w.name, w.shape]));
    expect(sb.slots.map((w) => [w.name, w.shape])).toEqual(sa.slots.map((w) => [w.name, w.shape]));
    // Moving statistics and weights after four steps: the same up to float rounding.
    sa.weights.forEach((w, i) => expect(relativeError(w.data, sb.weights[i].data), w.name).toBeLessThan(1e-3));

    // tfjs state into the onnxruntime trainer and back: exact, and syncModel puts it into the model.
    await b.setState(sa);
    const back = b.getState();
    back.weights.forEach((w, i) => expect(w.data).toEqual(sa.weights[i].data));
    back.slots.forEach((w, i) => expect(w.data).toEqual(sa.slots[i].data));
    b.syncModel();
    b.model.weights.forEach((w, i) => expect(Float32Array.from(w.read().dataSync() as Float32Array)).toEqual(sa.weights[i].data));
    // A state of another shape is refused by name.
    const other = await OrtTrainer.create(createModel({ blocks: 1, filters: 4, valueHidden: 16 }, 3));
    expect(() => other.setState(sa)).toThrow(/weights 0: state has stem_conv\/kernel \(144\), model has stem_conv\/kernel \(72\)/);
    await Promise.all([b.dispose(), other.dispose()]);
    a.dispose();
  });

  test('a bad batch and a bad engine name are refused', async () => {
    const t = await OrtTrainer.create(createModel({ blocks: 1, filters: 4, valueHidden: 8 }, 1));
    const batch = makeBatch(4, 1);
    await expect(t.trainStep({ ...batch, policy: batch.policy.subarray(0, 7) })).rejects.toThrow(/batch shapes disagree: 4 values, 336 input floats, 7 policy floats/);
    await t.dispose();
    expect(configProblems({ name: 'x', seed: 1, train: { engine: 'pytorch' } })).toEqual(['"train.engine" must be one of "tfjs", "onnxruntime", got "pytorch"']);
  });
});
