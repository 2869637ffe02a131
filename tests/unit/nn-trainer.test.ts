/** The network builder, the trainer and the checkpoint state format. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { mulberry32 } from '../../training/nn/init.js';
import { countParams, createModel, DEFAULT_NET_CONFIG, netConfigOf, type NetConfig } from '../../training/nn/model.js';
import { stateFromBytes, stateToBytes } from '../../training/nn/state.js';
import { Trainer, type Batch } from '../../training/nn/trainer.js';
import { randomPositions } from './nn-fixtures.js';

beforeAll(async () => {
  await initTrainingBackend();
});

/** A batch of random positions with one-hot policy targets and +-1 values, from `seed`. */
function makeBatch(n: number, seed: number): Batch {
  const rand = mulberry32(seed);
  const { inputs } = randomPositions(n, seed);
  const policy = new Float32Array(n * 7);
  const value = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    policy[i * 7 + Math.floor(rand() * 7)] = 1;
    value[i] = rand() < 0.5 ? -1 : 1;
  }
  return { inputs, policy, value };
}

function allWeights(model: tf.LayersModel): Float32Array[] {
  return model.weights.map((w) => Float32Array.from(w.read().dataSync() as Float32Array));
}

describe('createModel', () => {
  test.each<[string, Partial<NetConfig>]>([
    ['default', {}],
    ['1x8', { blocks: 1, filters: 8 }],
    ['3x16, wide heads', { blocks: 3, filters: 16, policyFilters: 4, valueFilters: 2, valueHidden: 16 }],
  ])('%s: shapes, config round trip, deterministic seed', (_name, cfg) => {
    const a = createModel(cfg, 42);
    const b = createModel(cfg, 42);
    const c = createModel(cfg, 43);
    expect(netConfigOf(a)).toEqual({ ...DEFAULT_NET_CONFIG, ...cfg });
    expect(allWeights(a)).toEqual(allWeights(b));
    expect(allWeights(a)).not.toEqual(allWeights(c));
    const [p, v] = a.predict(tf.tensor4d(randomPositions(5, 1).inputs, [5, 6, 7, 2])) as tf.Tensor[];
    expect(p.shape).toEqual([5, 7]);
    expect(v.shape).toEqual([5, 1]);
    for (const x of v.dataSync()) expect(Math.abs(x)).toBeLessThan(1);
    tf.dispose([p, v]);
    [a, b, c].forEach((m) => m.dispose());
  });

  test('default 4x32 size', () => {
    const m = createModel();
    // stem 3*3*2*32 + 4 blocks * 2 * 3*3*32*32 + BN/head weights
    expect(countParams(m)).toBeGreaterThan(4 * 2 * 9 * 32 * 32);
    expect(countParams(m)).toBeLessThan(100_000);
    m.dispose();
  });
});

describe('Trainer', () => {
  test('fits a fixed batch: total loss falls by more than half in 40 steps', () => {
    const model = createModel({ blocks: 1, filters: 16 }, 1);
    const trainer = new Trainer(model, { learningRate: 3e-3 });
    const batch = makeBatch(32, 2);
    const first = trainer.trainStep(batch);
    let last = first;
    for (let i = 0; i < 39; i++) last = trainer.trainStep(batch);
    expect(trainer.step).toBe(40);
    expect(first.policy).toBeGreaterThan(1.5); // about ln 7 at the start
    expect(last.total).toBeLessThan(first.total / 2);
    expect(last.total).toBeCloseTo(last.policy + last.value + last.l2, 4);
    trainer.dispose();
    model.dispose();
  });

  test.each<[string, 'adam' | 'sgd']>([
    ['Adam', 'adam'],
    ['SGD momentum', 'sgd'],
  ])('%s: a resumed run continues bit-exactly', (_name, kind) => {
    const cfg = { blocks: 1, filters: 8 };
    const params = { learningRate: 1e-2, optimizer: { kind, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } };
    const batches = [1, 2, 3, 4, 5].map((s) => makeBatch(16, s));
    const model = createModel(cfg, 7);
    const trainer = new Trainer(model, params);
    for (const b of batches.slice(0, 3)) trainer.trainStep(b);
    trainer.learningRate = 5e-3;
    const bytes = stateToBytes(trainer.getState(), { cfg });
    const straight = batches.slice(3).map((b) => trainer.trainStep(b));

    const { state, meta } = stateFromBytes(bytes.slice()); // a copy, as read from disk
    expect(meta).toEqual({ cfg });
    const model2 = createModel(cfg, 999); // different init, overwritten by the state
    const trainer2 = new Trainer(model2, params);
    trainer2.setState(state);
    expect(trainer2.step).toBe(3);
    expect(trainer2.learningRate).toBe(5e-3);
    const resumed = batches.slice(3).map((b) => trainer2.trainStep(b));
    expect(resumed).toEqual(straight);
    expect(allWeights(model2)).toEqual(allWeights(model));
    expect(stateToBytes(trainer2.getState())).toEqual(stateToBytes(trainer.getState()));
    [trainer, trainer2].forEach((t) => t.dispose());
    [model, model2].forEach((m) => m.dispose());
  });

  test.each<[string, keyof Batch]>([
    ['weights', 'weights'],
    ['policyWeights', 'policyWeights'],
  ])('samples with zero %s do not move the weights', (_name, key) => {
    const cfg = { blocks: 1, filters: 8 };
    const batch = makeBatch(16, 3);
    const w = new Float32Array(16).map((_, i) => (i < 8 ? 1 : 0));
    const altered: Batch = { ...batch, policy: batch.policy.slice() };
    if (key === 'weights') altered.value = batch.value.map((v, i) => (i < 8 ? v : -v));
    for (let i = 8 * 7; i < 16 * 7; i++) altered.policy[i] = i % 7 === 3 ? 1 : 0;
    const run = (b: Batch) => {
      const model = createModel(cfg, 5);
      const t = new Trainer(model);
      const losses = t.trainStep({ ...b, [key]: w });
      const weights = allWeights(model);
      t.dispose();
      model.dispose();
      return { losses, weights };
    };
    const a = run(batch);
    const b = run(altered);
    expect(b.weights).toEqual(a.weights);
    expect(b.losses).toEqual(a.losses);
    // ... while unweighted, the altered targets do change the step.
    const model = createModel(cfg, 5);
    const t = new Trainer(model);
    t.trainStep(altered);
    expect(allWeights(model)).not.toEqual(a.weights);
    t.dispose();
    model.dispose();
  });

  test('learning rate 0 leaves trainable weights unchanged; BN statistics still move', () => {
    const model = createModel({ blocks: 1, filters: 8 }, 9);
    const before = allWeights(model);
    const t = new Trainer(model, { learningRate: 0 });
    t.trainStep(makeBatch(8, 4));
    const after = allWeights(model);
    model.weights.forEach((w, i) => {
      const stat = /moving_(mean|variance)$/.test(w.originalName);
      if (stat) expect(after[i]).not.toEqual(before[i]);
      else expect(after[i]).toEqual(before[i]);
    });
    t.dispose();
    model.dispose();
  });

  test('steps leak no tensors or backend memory', () => {
    const model = createModel({ blocks: 2, filters: 8 }, 3);
    const t = new Trainer(model);
    const batch = makeBatch(32, 5);
    t.trainStep(batch);
    const before = tf.memory();
    for (let i = 0; i < 5; i++) t.trainStep(batch);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    t.dispose();
    model.dispose();
  });

  test('rejects a batch whose arrays disagree', () => {
    const model = createModel({ blocks: 1, filters: 8 }, 1);
    const t = new Trainer(model);
    const b = makeBatch(4, 1);
    expect(() => t.trainStep({ ...b, value: new Float32Array(3) })).toThrow(/disagree/);
    t.dispose();
    model.dispose();
  });
});

describe('setState', () => {
  test.each<[string, Partial<NetConfig>, 'adam' | 'sgd']>([
    ['more filters', { blocks: 1, filters: 16 }, 'adam'],
    ['more blocks', { blocks: 2, filters: 8 }, 'adam'],
    ['another optimizer', { blocks: 1, filters: 8 }, 'sgd'],
  ])('refuses a state from a model with %s', (_name, cfg, kind) => {
    const source = createModel({ blocks: 1, filters: 8 }, 1);
    const state = new Trainer(source).getState();
    const target = createModel(cfg, 1);
    const t = new Trainer(target, { optimizer: { kind, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } });
    expect(() => t.setState(state)).toThrow();
    [source, target].forEach((m) => m.dispose());
  });
});

describe('state bytes', () => {
  test('reject truncated or foreign data', () => {
    const model = createModel({ blocks: 1, filters: 8 }, 1);
    const t = new Trainer(model);
    const bytes = stateToBytes(t.getState());
    expect(() => stateFromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated/);
    const foreign = stateToBytes(t.getState());
    foreign[10] ^= 0x20; // corrupt the JSON header
    expect(() => stateFromBytes(foreign)).toThrow();
    t.dispose();
    model.dispose();
  });
});
