/**
 * FastBatchNorm (closed-form gradient) against tfjs' own
 * tf.layers.batchNormalization: training-mode output, gradients with respect
 * to the input, gamma and beta, the moving statistics, and inference mode.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { initTrainingBackend } from '../../training/nn/backend.js';
import { FastBatchNorm } from '../../training/nn/batch-norm.js';
import { mulberry32 } from '../../training/nn/init.js';

beforeAll(async () => {
  await initTrainingBackend();
});

function random(shape: number[], seed: number, scale = 1, offset = 0): tf.Tensor {
  const rand = mulberry32(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => offset + scale * (2 * rand() - 1)), shape);
}

function expectClose(got: tf.Tensor, want: tf.Tensor, rtol = 1e-4): void {
  expect(got.shape).toEqual(want.shape);
  const g = got.dataSync();
  const w = want.dataSync();
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < w.length; i++) {
    diff = Math.max(diff, Math.abs(g[i] - w[i]));
    scale = Math.max(scale, Math.abs(w[i]));
  }
  expect(scale).toBeGreaterThan(0);
  expect(diff).toBeLessThanOrEqual(rtol * scale);
}

describe('FastBatchNorm', () => {
  test.each<[string, number[], number]>([
    ['board-sized batch', [16, 6, 7, 8], 1],
    ['one channel', [5, 6, 7, 1], 2],
    ['large batch (pooled reductions)', [64, 6, 7, 4], 3],
  ])('matches tf.layers.batchNormalization: %s', (_name, shape, seed) =>
    tf.tidy(() => {
      const c = shape[3];
      const fast = new FastBatchNorm({ name: `fast${seed}`, epsilon: 1e-3, momentum: 0.9 });
      const stock = tf.layers.batchNormalization({ name: `stock${seed}`, axis: -1, epsilon: 1e-3, momentum: 0.9 });
      const input = tf.input({ shape: shape.slice(1) });
      fast.apply(input);
      stock.apply(input);
      // Same non-trivial parameters in both: gamma, beta, moving mean, moving variance.
      const params = [random([c], seed + 10, 0.5, 1), random([c], seed + 11, 0.5), random([c], seed + 12, 0.5), random([c], seed + 13, 0.5, 1.5)];
      fast.setWeights(params);
      stock.setWeights(params);
      const x = random(shape, seed + 20, 2, 0.7); // non-zero mean, non-unit variance
      const r = random(shape, seed + 21); // a random upstream gradient
      const grads = (layer: tf.layers.Layer) => {
        const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, r)) as tf.Scalar, [gamma, beta]);
        const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx, { training: true }) as tf.Tensor, r)))(x);
        return { value, dgamma: grads[gamma.name], dbeta: grads[beta.name], dx, y: layer.apply(x, { training: true }) as tf.Tensor };
      };
      const a = grads(fast);
      const b = grads(stock);
      expectClose(a.y, b.y);
      expectClose(a.value, b.value);
      expectClose(a.dx, b.dx);
      expectClose(a.dgamma, b.dgamma);
      expectClose(a.dbeta, b.dbeta);
      // Three training-mode calls each: the moving statistics moved identically.
      const [, , fm, fv] = fast.getWeights();
      const [, , sm, sv] = stock.getWeights();
      expectClose(fm, sm);
      expectClose(fv, sv);
      expect(Math.abs(fm.sub(params[2]).abs().max().dataSync()[0])).toBeGreaterThan(1e-3);
      expectClose(fast.apply(x, { training: false }) as tf.Tensor, stock.apply(x, { training: false }) as tf.Tensor);
    }),
  );
});
