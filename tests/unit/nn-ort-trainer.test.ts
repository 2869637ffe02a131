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
import { createModel, MOVES_LEFT, OPPONENT_POLICY, outputIndex, type NetConfig } from '../../training/nn/model.js';
import { OrtTrainer } from '../../training/onnx/ort-trainer.js';
import { Trainer, type Batch } from '../../training/nn/trainer.js';
import { weightedBatch as makeBatch, withPliesLeft, withReplies } from './nn-fixtures.js';

beforeAll(async () => {
  await initTrainingBackend();
});

/**
 * tfjs' gradients of the data loss (policy + valueWeight * value + replyWeight * reply +
 * movesLeftWeight * movesLeft, no L2) by weight path, written out here independently of Trainer;
 * the reply and moves-left parts only for a model with those heads.
 */
function tfjsGradients(
  model: tf.LayersModel,
  batch: Batch,
  valueWeight: number,
  replyWeight = 0,
  movesLeftWeight = 0,
): { policy: number; value: number; reply: number; movesLeft: number; grads: Map<string, Float32Array> } {
  const n = batch.value.length;
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let parts: number[] = [];
  const { grads } = tf.variableGrads(() => {
    const x = tf.tensor4d(batch.inputs, [n, 6, 7, 2]);
    const outputs = model.apply(x, { training: true }) as tf.Tensor[];
    const [logits, v] = outputs;
    const replyLogits = outputs[outputIndex(model, OPPONENT_POLICY)] as tf.Tensor | undefined;
    const left = outputs[outputIndex(model, MOVES_LEFT)] as tf.Tensor | undefined;
    const w = tf.tensor1d(batch.weights!);
    const wp = tf.mul(w, tf.tensor1d(batch.policyWeights!));
    const ce = tf.neg(tf.sum(tf.mul(tf.tensor2d(batch.policy, [n, 7]), tf.logSoftmax(logits)), 1));
    const se = tf.square(tf.sub(tf.reshape(v, [n]), tf.tensor1d(batch.value)));
    const policy = tf.div(tf.sum(tf.mul(ce, wp)), n);
    const value = tf.div(tf.sum(tf.mul(se, w)), n);
    let reply = tf.scalar(0);
    if (replyLogits) {
      const wr = tf.mul(w, tf.tensor1d(batch.replyWeights!));
      const ceR = tf.neg(tf.sum(tf.mul(tf.tensor2d(batch.reply!, [n, 7]), tf.logSoftmax(replyLogits)), 1));
      reply = tf.div(tf.sum(tf.mul(ceR, wr)), n);
    }
    let movesLeft = tf.scalar(0);
    if (left) {
      // Written per sample: sigmoid output against plies / 42, squared, weighted.
      const target = tf.tensor1d(Float32Array.from(batch.pliesLeft!, (p) => p / 42));
      const wl = tf.mul(w, tf.tensor1d(batch.pliesLeftWeights!));
      movesLeft = tf.div(tf.sum(tf.mul(tf.square(tf.sub(tf.reshape(left, [n]), target)), wl)), n);
    }
    parts = [policy.dataSync()[0], value.dataSync()[0], reply.dataSync()[0], movesLeft.dataSync()[0]];
    return tf.addN([policy, tf.mul(value, valueWeight), tf.mul(reply, replyWeight), tf.mul(movesLeft, movesLeftWeight)]) as tf.Scalar;
  }, vars);
  const out = new Map(model.trainableWeights.map((w, i) => [w.originalName, Float32Array.from(grads[vars[i].name].dataSync() as Float32Array)]));
  tf.dispose(Object.values(grads));
  return { policy: parts[0], value: parts[1], reply: parts[2], movesLeft: parts[3], grads: out };
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
  test.each<[string, Partial<NetConfig>, number, number, number]>([
    ['1x8', { blocks: 1, filters: 8, valueHidden: 16 }, 1, 0, 0],
    ['2x16, wide heads, value weight 0.5', { blocks: 2, filters: 16, policyFilters: 3, valueFilters: 2, valueHidden: 24 }, 0.5, 0, 0],
    ['1x8 with the opponent-reply head, reply weight 0.15', { blocks: 1, filters: 8, valueHidden: 16, opponentReply: true }, 1, 0.15, 0],
    ['2x16, 3 policy filters, opponent-reply head, reply weight 1', { blocks: 2, filters: 16, policyFilters: 3, valueHidden: 24, opponentReply: true }, 0.5, 1, 0],
    ['1x8 with the moves-left head, weight 0.5', { blocks: 1, filters: 8, valueHidden: 16, movesLeft: true }, 1, 0, 0.5],
    ['2x16, both auxiliary heads, moves-left weight 4', { blocks: 2, filters: 16, valueFilters: 2, valueHidden: 24, opponentReply: true, movesLeft: true }, 0.5, 0.15, 4],
  ])('%s: losses and every gradient equal tfjs autodiff', async (_name, cfg, valueWeight, opponentReplyWeight, movesLeftWeight) => {
    const batch = withPliesLeft(withReplies(makeBatch(24, 5), 7), 11);
    const model = createModel(cfg, 9);
    // One tfjs step first, so that batch-norm scales and biases are no longer at identity.
    new Trainer(model, { learningRate: 0.01, opponentReplyWeight, movesLeftWeight }).trainStep(withPliesLeft(withReplies(makeBatch(24, 6), 8), 12));
    const reference = tfjsGradients(model, batch, valueWeight, opponentReplyWeight, movesLeftWeight);
    const ort = await OrtTrainer.create(model, { valueWeight, opponentReplyWeight, movesLeftWeight });
    const mine = await ort.gradients(batch);
    expect(mine.policy).toBeCloseTo(reference.policy, 5);
    expect(mine.value).toBeCloseTo(reference.value, 5);
    expect(mine.reply).toBeCloseTo(reference.reply, 5);
    expect(mine.movesLeft).toBeCloseTo(reference.movesLeft, 6);
    if (cfg.opponentReply) expect(reference.reply).toBeGreaterThan(0.5);
    // A sigmoid at 0.5 against targets spread over [0, 1): a mean squared error near 1/12.
    if (cfg.movesLeft) expect(reference.movesLeft).toBeGreaterThan(0.02);
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

  test.each(['tfjs', 'onnxruntime'])('%s: the opponent-reply loss falls on a fixed batch with weight 0.15, far less with 0; without reply targets it is 0', async (engine) => {
    /** The reply loss before and after 40 steps on one batch with `opponentReplyWeight`, and the loss of a batch without reply targets. */
    const fit = async (opponentReplyWeight: number) => {
      const model = createModel({ blocks: 1, filters: 8, valueHidden: 16, opponentReply: true }, 4);
      const params = { learningRate: 3e-3, opponentReplyWeight };
      const t = engine === 'tfjs' ? new Trainer(model, params) : await OrtTrainer.create(model, params);
      const batch = withReplies(makeBatch(32, 30), 31);
      const first = await t.trainStep(batch);
      let last = first;
      for (let s = 0; s < 40; s++) last = await t.trainStep(batch);
      // A batch from samples without reply targets (old checkpoints and shards): no reply loss at all.
      const none = await t.trainStep(makeBatch(32, 32));
      await t.dispose();
      model.dispose();
      return { first, last, none };
    };
    const on = await fit(0.15);
    expect(on.last.reply).toBeLessThan(on.first.reply - 0.3);
    expect(on.last.total).toBeCloseTo(on.last.policy + on.last.value + on.last.l2 + 0.15 * on.last.reply, 4);
    expect(on.none.reply).toBe(0);
    // With weight 0 only the shared features move (1.99 -> 1.72 here, against 1.51 with 0.15).
    const off = await fit(0);
    expect(on.last.reply).toBeLessThan(off.last.reply - 0.15);
  });

  test('with the moves-left head, both trainers step alike and the head learns the plies left', async () => {
    const cfg = { blocks: 1, filters: 8, valueHidden: 16, movesLeft: true };
    const params = { learningRate: 3e-3, movesLeftWeight: 1 };
    const a = new Trainer(createModel(cfg, 3), params);
    const b = await OrtTrainer.create(createModel(cfg, 3), params);
    const first = { a: 0, b: 0 };
    let last = { a: 0, b: 0 };
    // Targets that the position tells: plies left = 42 - stones on the board (the fixture's inputs are random stones).
    const batchOf = (seed: number) => {
      const batch = makeBatch(32, seed);
      const pliesLeft = new Float32Array(32);
      for (let i = 0; i < 32; i++) pliesLeft[i] = 42 - batch.inputs.subarray(i * 84, i * 84 + 84).reduce((x, y) => x + y, 0);
      return { ...batch, pliesLeft, pliesLeftWeights: new Float32Array(32).fill(1) };
    };
    for (let s = 0; s < 60; s++) {
      const batch = batchOf(40 + (s % 4));
      const la = a.trainStep(batch);
      const lb = await b.trainStep(batch);
      if (s === 0) {
        expect(lb.movesLeft).toBeCloseTo(la.movesLeft, 5);
        expect(lb.total).toBeCloseTo(la.total, 4);
      }
      if (s === 0) Object.assign(first, { a: la.movesLeft, b: lb.movesLeft });
      last = { a: la.movesLeft, b: lb.movesLeft };
    }
    expect(last.a).toBeLessThan(first.a / 2);
    expect(last.b).toBeLessThan(first.b / 2);
    expect(Math.abs(last.a - last.b)).toBeLessThan(0.2 * first.a);
    a.dispose();
    await b.dispose();
  });

  test('a bad batch and a bad engine name are refused', async () => {
    const t = await OrtTrainer.create(createModel({ blocks: 1, filters: 4, valueHidden: 8 }, 1));
    const batch = makeBatch(4, 1);
    await expect(t.trainStep({ ...batch, policy: batch.policy.subarray(0, 7) })).rejects.toThrow(/batch shapes disagree: 4 values, 336 input floats, 7 policy floats/);
    await t.dispose();
    expect(configProblems({ name: 'x', seed: 1, train: { engine: 'pytorch' } })).toEqual(['"train.engine" must be one of "tfjs", "onnxruntime", got "pytorch"']);
  });
});
