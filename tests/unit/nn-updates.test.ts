/**
 * The updates both trainers share: the batch-norm moving average against the
 * float32 tensor form of tfjs-layers (to the bit), Adam's step size and
 * typed-array step, the checkpoint labels of the optimizer slots, and the
 * state check's messages.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { updateMovingAverage } from '../../training/nn/batch-norm.js';
import { mulberry32 } from '../../training/nn/init.js';
import { adamStepSize, adamUpdate, DEFAULT_OPTIMIZER, slotLabels } from '../../training/nn/optimizer.js';
import { checkArrays } from '../../training/nn/state.js';
import { hasL2 } from '../../training/nn/trainer.js';

beforeAll(async () => {
  await initTrainingBackend();
});

/** `n` floats spread over six decades, both signs. */
function spread(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (rand() - 0.3) * 10 ** (6 * rand() - 3));
}

describe('updateMovingAverage', () => {
  test.each([0.9, 0.99, 0.997, 0.5])('momentum %s: bit for bit the tensor form moving - (moving - batch) * (1 - momentum)', (momentum) => {
    const moving = spread(256, 1);
    const batch = spread(256, 2);
    const want = tf.tidy(() => {
      const m = tf.tensor(moving);
      return tf.sub(m, tf.mul(tf.sub(m, tf.tensor(batch)), 1 - momentum)).dataSync() as Float32Array;
    });
    updateMovingAverage(moving, batch, momentum);
    expect(moving).toEqual(want);
  });
});

describe('Adam', () => {
  test.each<[number, number, number]>([
    // [learning rate, step, step size]: lr * sqrt(1 - 0.999^t) / (1 - 0.9^t).
    [1e-3, 1, 1e-3 * Math.sqrt(0.001) / 0.1],
    [1e-3, 2, (1e-3 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2)],
    [0.5, 10, (0.5 * Math.sqrt(1 - 0.999 ** 10)) / (1 - 0.9 ** 10)],
  ])('step size at lr %s, step %s', (lr, step, want) => {
    expect(adamStepSize(lr, step, DEFAULT_OPTIMIZER)).toBeCloseTo(want, 15);
  });

  test.each<[string, number, number, number]>([
    // [case, gradient, decay, weight after one step from 1 with zero moments at lr 0.01]
    ['positive gradient', 3, 0, 0.99],
    ['negative gradient', -0.02, 0, 1.01],
    ['decay alone', 0, 2, 0.99],
    ['decay against the gradient', -1, 2, 0.99],
  ])('first step moves the weight by lr against the sign of the gradient: %s', (_case, g, decay, want) => {
    const w = Float32Array.of(1);
    const m = new Float32Array(1);
    const v = new Float32Array(1);
    adamUpdate(w, Float32Array.of(g), m, v, adamStepSize(0.01, 1, DEFAULT_OPTIMIZER), decay, DEFAULT_OPTIMIZER);
    expect(w[0]).toBeCloseTo(want, 6);
    expect(m[0]).toBeCloseTo(0.1 * (g + decay), 6);
  });
});

describe('slots and state', () => {
  test.each<['adam' | 'sgd', string[]]>([
    ['adam', ['a/kernel/m', 'a/kernel/v', 'b/bias/m', 'b/bias/v']],
    ['sgd', ['a/kernel/m', 'b/bias/m']],
  ])('%s slot labels', (kind, want) => {
    expect(slotLabels(['a/kernel', 'b/bias'], kind)).toEqual(want);
  });

  test.each<[string, boolean]>([
    ['stem_conv/kernel', true],
    ['policy/kernel', true],
    ['policy/bias', false],
    ['stem_bn/gamma', false],
    ['stem_bn/moving_mean', false],
  ])('L2 on %s: %s', (path, want) => {
    expect(hasL2(path)).toBe(want);
  });

  const array = (name: string, n: number) => ({ name, shape: [n], data: new Float32Array(n) });
  test.each<[string, ReturnType<typeof array>[], string | null]>([
    ['the same arrays', [array('a', 2), array('b', 3)], null],
    ['one array short', [array('a', 2)], 'weights: expected 2 arrays, got 1'],
    ['another name', [array('a', 2), array('c', 3)], 'weights 1: state has c (3), model has b (3)'],
    ['another size', [array('a', 4), array('b', 3)], 'weights 0: state has a (4), model has a (2)'],
  ])('checkArrays: %s', (_case, arrays, message) => {
    const run = () => checkArrays('weights', [{ name: 'a', size: 2 }, { name: 'b', size: 3 }], arrays);
    if (message == null) expect(run).not.toThrow();
    else expect(run).toThrow(message);
  });
});
